using System.Runtime.CompilerServices;
using SharpFuzz;

namespace Mcptt.Fuzzing;

/// <summary>
/// Mcptt.Fuzzing list                       the targets and what counts as a crash for each
/// Mcptt.Fuzzing afl &lt;target&gt;             the SharpFuzz loop under afl-fuzz (input on stdin; run by tools/fuzz.sh)
/// Mcptt.Fuzzing run &lt;target&gt; &lt;path&gt;...   replays files or folders; prints every crash, exit 1 if any
/// Mcptt.Fuzzing instrument &lt;folder&gt;      adds AFL coverage to the project's assemblies in a copy of the output
/// </summary>
internal static class Program
{
    /// <summary>The assemblies whose code reads the network; only their Mcptt.* types are instrumented.</summary>
    private static readonly string[] Instrumented =
        ["Mcptt.Signaling.dll", "Mcptt.Floor.dll", "Mcptt.Control.Ng.dll", "Mcptt.Relay.Core.dll", "mcptt-client.dll"];

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] != "instrument") GiveCoverageASink();
        switch (args.Length > 0 ? args[0] : "")
        {
            case "instrument" when args.Length == 2: return Instrument(args[1]);
            case "list": return List();
            case "afl" when args.Length == 2: return Afl(args[1]);
            case "run" when args.Length >= 3: return Replay(args[1], args.AsSpan(2));
            default:
                Console.Error.WriteLine("usage: Mcptt.Fuzzing list | afl <target> | run <target> <file|folder>... | instrument <folder>");
                return 2;
        }
    }

    /// <summary>Kept out of line so that instrumenting never loads the assemblies it rewrites.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Instrument(string folder)
    {
        foreach (string name in Instrumented)
        {
            string path = Path.Combine(folder, name);
            var types = Fuzzer.Instrument(path, type => type.StartsWith("Mcptt.", StringComparison.Ordinal), Options.Value);
            Console.WriteLine($"instrumented {name}: {types.Count()} types");
        }
        return 0;
    }

    /// <summary>
    /// Instrumented code writes every branch into AFL's coverage map. Outside afl-fuzz (replay, and the
    /// target constructors that run before the SharpFuzz loop attaches the real map) it needs a map too.
    /// </summary>
    private static unsafe void GiveCoverageASink()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
            SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
    }

    private static int List()
    {
        foreach (var target in FuzzTargets.All) Console.WriteLine($"{target.Name,-14} {target.Description}");
        return 0;
    }

    private static int Afl(string name)
    {
        if (FuzzTargets.Find(name) is not { } target) return Unknown(name);
        var buffer = new MemoryStream();
        // Out of process: afl-fuzz talks to a small server process that runs the target in a child it
        // restarts when afl-fuzz kills it for a hang or it dies of a stack overflow; in-process, either
        // would take the fork server down with it and end the whole run.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            buffer.SetLength(0);
            stream.CopyTo(buffer);
            GuardedRun.Run(target, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }

    private static int Replay(string name, ReadOnlySpan<string> paths)
    {
        if (FuzzTargets.Find(name) is not { } target) return Unknown(name);
        int inputs = 0, crashes = 0;
        (long Bytes, int InputLength, string File) largest = (0, 0, "");
        foreach (string path in paths)
        {
            var files = Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : [path];
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                if (Path.GetFileName(file).StartsWith('.') || Path.GetFileName(file) == "README.txt") continue;
                inputs++;
                try
                {
                    byte[] input = File.ReadAllBytes(file);
                    GuardedRun.Run(target, input);
                    if (GuardedRun.LastAllocated > largest.Bytes) largest = (GuardedRun.LastAllocated, input.Length, file);
                }
                catch (Exception ex)
                {
                    crashes++;
                    Console.WriteLine($"CRASH {target.Name} {file}\n{ex}");
                }
            }
        }
        Console.WriteLine($"{target.Name}: {inputs} inputs replayed, {crashes} crashed; largest allocation "
            + $"{largest.Bytes} bytes for a {largest.InputLength}-byte input ({Path.GetFileName(largest.File)})");
        return crashes == 0 ? 0 : 1;
    }

    private static int Unknown(string name)
    {
        Console.Error.WriteLine($"unknown target '{name}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
        return 2;
    }
}
