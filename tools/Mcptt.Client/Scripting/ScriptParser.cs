using System.Globalization;

namespace Mcptt.Client.Scripting;

/// <summary>
/// Parses the --script language: steps separated by ';' or newlines, words separated by spaces,
/// '#' starts a comment. Durations are "5s", "500ms", "1.5s" or a bare number of seconds.
/// <code>
/// wait-registered; call sip:g@x; wait-connected; request 7; wait granted 5s; talk 2s;
/// release; wait idle 5s; wait taken alice 5s; wait deny 1 5s; queue; wait queue-info 2 5s;
/// expect-rtp 50; hangup
/// </code>
/// </summary>
public static class ScriptParser
{
    public const int MaxSteps = 1000;
    public const int MaxScriptLength = 64 * 1024;
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public static IReadOnlyList<ScriptStep> Parse(string script)
    {
        if (script.Length > MaxScriptLength)
        {
            throw new ScriptParseException($"script is longer than {MaxScriptLength} characters");
        }

        var steps = new List<ScriptStep>();
        foreach (string rawLine in script.Split('\n'))
        {
            int hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            string line = hash >= 0 ? rawLine[..hash] : rawLine;
            foreach (string rawStep in line.Split(';'))
            {
                string text = rawStep.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                if (steps.Count == MaxSteps)
                {
                    throw new ScriptParseException($"script has more than {MaxSteps} steps");
                }

                steps.Add(ParseStep(steps.Count + 1, text));
            }
        }

        return steps;
    }

    private static ScriptStep ParseStep(int index, string text)
    {
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string verb = words[0].ToLowerInvariant();
        string[] args = words[1..];
        ScriptStep step = new(index, text, ScriptCommand.Echo);
        switch (verb)
        {
            case "register":
                return NoArguments(step with { Command = ScriptCommand.Register }, args);
            case "unregister":
                return NoArguments(step with { Command = ScriptCommand.Unregister }, args);
            case "call":
                if (args.Length != 1 || !args[0].Contains(':', StringComparison.Ordinal))
                {
                    throw Fail(step, "expects one target URI, e.g. call sip:group1@example.org");
                }

                return step with { Command = ScriptCommand.Call, Argument = args[0] };
            case "request":
                return args.Length switch
                {
                    0 => step with { Command = ScriptCommand.Request },
                    1 => step with { Command = ScriptCommand.Request, Number = ParseNumber(step, args[0], 0, 255) },
                    _ => throw Fail(step, "expects at most a priority 0..255"),
                };
            case "answer":
                return NoArguments(step with { Command = ScriptCommand.Answer }, args);
            case "release":
                return NoArguments(step with { Command = ScriptCommand.Release }, args);
            case "queue":
                return NoArguments(step with { Command = ScriptCommand.QueuePosition }, args);
            case "hangup":
                return NoArguments(step with { Command = ScriptCommand.Hangup }, args);
            case "talk":
                if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "force"))
                {
                    throw Fail(step, "expects a duration and optionally 'force', e.g. talk 2s or talk 2s force");
                }

                return step with { Command = ScriptCommand.Talk, Duration = ParseDuration(step, args[0]), Argument = args.Length == 2 ? "force" : null };
            case "sleep":
                if (args.Length != 1)
                {
                    throw Fail(step, "expects one duration, e.g. 2s or 500ms");
                }

                return step with { Command = ScriptCommand.Sleep, Duration = ParseDuration(step, args[0]) };
            case "expect-rtp":
                if (args.Length != 1)
                {
                    throw Fail(step, "expects a minimum packet count");
                }

                return step with { Command = ScriptCommand.ExpectRtp, Number = ParseNumber(step, args[0], 0, int.MaxValue) };
            case "echo":
                return step with { Command = ScriptCommand.Echo, Argument = string.Join(' ', args) };
            case "wait":
                if (args.Length == 0)
                {
                    throw Fail(step, "expects an event: registered, incoming, connected, terminated, granted, taken, deny, idle, revoke, queue-info, rtp");
                }

                return ParseWait(step, args[0], args[1..]);
            default:
                if (verb.StartsWith("wait-", StringComparison.Ordinal))
                {
                    return ParseWait(step, verb[5..], args);
                }

                throw Fail(step, "unknown command");
        }
    }

    private static ScriptStep ParseWait(ScriptStep step, string eventName, string[] args)
    {
        WaitEvent ev = eventName.ToLowerInvariant() switch
        {
            "registered" => WaitEvent.Registered,
            "incoming" => WaitEvent.Incoming,
            "connected" => WaitEvent.Connected,
            "terminated" or "hungup" or "bye" => WaitEvent.Terminated,
            "granted" => WaitEvent.Granted,
            "taken" => WaitEvent.Taken,
            "deny" or "denied" => WaitEvent.Deny,
            "idle" => WaitEvent.Idle,
            "revoke" or "revoked" => WaitEvent.Revoke,
            "queue-info" or "queued" or "queue" => WaitEvent.QueueInfo,
            "rtp" => WaitEvent.Rtp,
            _ => throw Fail(step, $"unknown event '{eventName}'"),
        };

        TimeSpan timeout = DefaultWaitTimeout;
        string? argument = null;
        int? number = null;
        foreach (string arg in args)
        {
            if (TryParseDuration(arg, out TimeSpan t) && !char.IsDigit(arg[^1]))
            {
                timeout = t;
            }
            else if (ev is WaitEvent.Taken && argument is null)
            {
                argument = arg; // expected granted party (substring of the identity)
            }
            else if (ev is WaitEvent.Deny or WaitEvent.Revoke or WaitEvent.QueueInfo or WaitEvent.Rtp && number is null)
            {
                number = ParseNumber(step, arg, 0, int.MaxValue); // cause / queue position / packet count
            }
            else
            {
                throw Fail(step, $"unexpected argument '{arg}' (timeouts need a unit, e.g. 5s)");
            }
        }

        return step with { Command = ScriptCommand.Wait, Event = ev, Duration = timeout, Argument = argument, Number = number };
    }

    private static ScriptStep NoArguments(ScriptStep step, string[] args) =>
        args.Length == 0 ? step : throw Fail(step, "takes no arguments");

    private static int ParseNumber(ScriptStep step, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw Fail(step, $"'{text}' is not a number in {min}..{max}");

    private static TimeSpan ParseDuration(ScriptStep step, string text) =>
        TryParseDuration(text, out TimeSpan d) ? d : throw Fail(step, $"'{text}' is not a duration (e.g. 2s, 500ms)");

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        string lower = text.ToLowerInvariant();
        double scaleMs = 1000;
        if (lower.EndsWith("ms", StringComparison.Ordinal))
        {
            scaleMs = 1;
            lower = lower[..^2];
        }
        else if (lower.EndsWith('s'))
        {
            lower = lower[..^1];
        }
        else if (lower.EndsWith('m'))
        {
            scaleMs = 60_000;
            lower = lower[..^1];
        }

        if (!double.TryParse(lower, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            return false;
        }

        double ms = value * scaleMs;
        if (ms < 0 || ms > MaxDuration.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private static ScriptParseException Fail(ScriptStep step, string why) => new($"{step}: {why}");
}

/// <summary>The script text is invalid; the message names the step.</summary>
public sealed class ScriptParseException(string message) : Exception(message);
