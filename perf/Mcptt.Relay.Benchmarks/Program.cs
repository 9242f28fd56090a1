using BenchmarkDotNet.Running;
using Mcptt.Relay.Benchmarks.Media;

// Examples:
//   dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- --filter '*Pipeline*'
//   dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- --filter '*' --job short
//   dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- media-cpu [name filter]   (thread CPU per media frame)
if (args.Length > 0 && args[0] == "media-cpu")
{
    CpuPerFrame.Run(args.Length > 1 ? args[1] : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
