using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- --filter '*Pipeline*'
//   dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
