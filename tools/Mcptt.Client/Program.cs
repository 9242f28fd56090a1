using Mcptt.Client.Cli;
using Mcptt.Client.Core;
using Mcptt.Client.Media;
using Mcptt.Client.Scripting;
using Mcptt.Client.Sip;

namespace Mcptt.Client;

public static class Program
{
    public const int ExitOk = 0;
    public const int ExitScriptFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitStartup = 3;

    public static async Task<int> Main(string[] args)
    {
        CommandLine command;
        IReadOnlyList<ScriptStep>? steps = null;
        try
        {
            command = CommandLine.Parse(args);
            if (command.Script is not null)
            {
                steps = ScriptParser.Parse(command.Script);
            }
        }
        catch (Exception ex) when (ex is CommandLineException or ScriptParseException)
        {
            await Console.Error.WriteLineAsync("mcptt-client: " + ex.Message).ConfigureAwait(false);
            return ExitUsage;
        }

        if (command.Help)
        {
            Console.WriteLine(CommandLine.Usage);
            return ExitOk;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        McpttClient client;
        try
        {
            client = new McpttClient(command.Client);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or WavFormatException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("mcptt-client: cannot start: " + ex.Message).ConfigureAwait(false);
            return ExitStartup;
        }

        await using (client.ConfigureAwait(false))
        {
            client.Log += Print;
            Print($"{client.Aor} sip={client.SipEndPoint} audio={client.AudioEndPoint} floor={client.FloorEndPoint} ssrc={client.Ssrc:x8} server={command.Client.Server?.ToString() ?? "none"}");
            return await RunAsync(client, command, steps, stop.Token).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunAsync(McpttClient client, CommandLine command, IReadOnlyList<ScriptStep>? steps, CancellationToken stop)
    {
        Task<int> startup = StartupAsync(client, command, stop);
        if (steps is not null)
        {
            // The script decides what to wait for (wait-registered); startup runs alongside.
            ScriptResult result = await new ScriptRunner(client, Print).RunAsync(steps, stop).ConfigureAwait(false);
            Print(result.Message);
            return result.Success ? ExitOk : ExitScriptFailed;
        }

        int started = await startup.ConfigureAwait(false);
        if (started != ExitOk)
        {
            return started;
        }

        if (!Console.IsInputRedirected && command.Duration is null)
        {
            await new InteractiveSession(client, command.CallTarget, Print).RunAsync(stop).ConfigureAwait(false);
            return ExitOk;
        }

        try
        {
            await Task.Delay(command.Duration ?? Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Print(client.StatusLine);
        return ExitOk;
    }

    /// <summary>Registers (unless --no-register) and then places the --call, if any.</summary>
    private static async Task<int> StartupAsync(McpttClient client, CommandLine command, CancellationToken stop)
    {
        try
        {
            if (command.Register)
            {
                var response = await client.RegisterAsync(stop).ConfigureAwait(false);
                if (!response.IsSuccess && command.Script is null)
                {
                    Print($"registration failed: {response.StatusCode} {response.ReasonPhrase}");
                    return ExitScriptFailed;
                }
            }

            if (command.CallTarget is not null)
            {
                _ = client.CallAsync(command.CallTarget, stop).ContinueWith(
                    t => Print("call: " + t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
            }

            return ExitOk;
        }
        catch (Exception ex) when (ex is SipTransactionException or OperationCanceledException or InvalidOperationException)
        {
            Print("startup: " + ex.Message);
            return ExitScriptFailed;
        }
    }

    private static readonly Lock PrintGate = new();

    private static void Print(string line)
    {
        lock (PrintGate)
        {
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }
}
