using Mcptt.Client.Core;
using Mcptt.Client.Media;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Scripting;

/// <summary>
/// Runs parsed steps against a <see cref="McpttClient"/>. Waits consume the client's event
/// journal in order: each wait matches only events after the one the previous wait matched, so
/// an event that arrived before its wait started still counts, and none counts twice.
/// </summary>
public sealed class ScriptRunner(McpttClient client, Action<string> output)
{
    private static readonly TimeSpan RtpPollInterval = TimeSpan.FromMilliseconds(50);
    private long _cursor;
    private Task? _call;

    public async Task<ScriptResult> RunAsync(IReadOnlyList<ScriptStep> steps, CancellationToken cancel = default)
    {
        foreach (ScriptStep step in steps)
        {
            output($"> {step}");
            try
            {
                await RunStepAsync(step, cancel).ConfigureAwait(false);
            }
            catch (ScriptStepFailedException ex)
            {
                return ScriptResult.Failed(step, ex.Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or SipTransactionException or System.Net.Sockets.SocketException)
            {
                return ScriptResult.Failed(step, ex.Message);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return ScriptResult.Failed(step, "interrupted");
            }
        }

        return ScriptResult.Passed(steps.Count);
    }

    private async Task RunStepAsync(ScriptStep step, CancellationToken cancel)
    {
        switch (step.Command)
        {
            case ScriptCommand.Register:
                Expect(await client.RegisterAsync(cancel).ConfigureAwait(false), "REGISTER");
                break;
            case ScriptCommand.Unregister:
                Expect(await client.UnregisterAsync(cancel).ConfigureAwait(false), "REGISTER (Expires: 0)");
                break;
            case ScriptCommand.Call:
                // The outcome is observed with wait-connected; a failure is journaled as CallFailed.
                _call = ObserveAsync(client.CallAsync(step.Argument!, cancel));
                break;
            case ScriptCommand.Answer:
                await client.AnswerAsync().ConfigureAwait(false);
                break;
            case ScriptCommand.Request:
                await client.RequestFloorAsync(step.Number is { } p ? (byte)p : null).ConfigureAwait(false);
                break;
            case ScriptCommand.Release:
                await client.ReleaseFloorAsync().ConfigureAwait(false);
                break;
            case ScriptCommand.QueuePosition:
                await client.QueuePositionRequestAsync().ConfigureAwait(false);
                break;
            case ScriptCommand.Talk:
                int sent = await client.TalkAsync(step.Duration, cancel, ignoreFloor: step.Argument == "force").ConfigureAwait(false);
                int planned = (int)Math.Ceiling(step.Duration / TimeSpan.FromMilliseconds(20));
                output(sent < planned ? $"  talk ended early: {sent}/{planned} packets (floor lost)" : $"  sent {sent} packets");
                break;
            case ScriptCommand.Hangup:
                await client.HangupAsync(cancel).ConfigureAwait(false);
                if (_call is not null)
                {
                    await _call.ConfigureAwait(false);
                }

                break;
            case ScriptCommand.Sleep:
                await Task.Delay(step.Duration, cancel).ConfigureAwait(false);
                break;
            case ScriptCommand.Wait:
                await WaitAsync(step, cancel).ConfigureAwait(false);
                break;
            case ScriptCommand.ExpectRtp:
                RtpReceiveStats stats = client.RtpStats;
                if (stats.Packets < step.Number)
                {
                    throw new ScriptStepFailedException($"received {stats.Packets} RTP packets, expected at least {step.Number}");
                }

                output($"  RTP received: {stats.Packets} packets, {stats.LostPackets} lost, {stats.SsrcCount} SSRC(s)");
                break;
            case ScriptCommand.Echo:
                output(step.Argument ?? string.Empty);
                break;
        }
    }

    private static void Expect(SipResponse response, string what)
    {
        if (!response.IsSuccess)
        {
            throw new ScriptStepFailedException($"{what} answered {response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private static async Task ObserveAsync(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipTransactionException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            // Already journaled as CallFailed (or surfaces in wait-connected).
        }
    }

    private async Task WaitAsync(ScriptStep step, CancellationToken cancel)
    {
        if (step.Event == WaitEvent.Rtp)
        {
            await WaitForRtpAsync(step, cancel).ConfigureAwait(false);
            return;
        }

        (ClientEventKind[] success, ClientEventKind[] fatal) = Kinds(step.Event);
        ClientEvent? ev = await client.Journal.WaitAsync(_cursor, e =>
            (Array.IndexOf(success, e.Kind) >= 0 && Satisfies(step, e)) || Array.IndexOf(fatal, e.Kind) >= 0,
            step.Duration, cancel).ConfigureAwait(false);
        if (ev is null)
        {
            throw new ScriptStepFailedException($"timed out after {step.Duration.TotalSeconds:0.###} s waiting for {Describe(step)}; now: {client.StatusLine}");
        }

        _cursor = ev.Sequence + 1;
        if (Array.IndexOf(fatal, ev.Kind) >= 0)
        {
            throw new ScriptStepFailedException($"expected {Describe(step)} but got {ev}");
        }

        output($"  ok: {ev}");
    }

    private async Task WaitForRtpAsync(ScriptStep step, CancellationToken cancel)
    {
        long wanted = step.Number ?? 1;
        DateTime deadline = DateTime.UtcNow + step.Duration;
        while (client.RtpStats.Packets < wanted)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new ScriptStepFailedException($"timed out after {step.Duration.TotalSeconds:0.###} s waiting for {wanted} RTP packets; received {client.RtpStats.Packets}");
            }

            await Task.Delay(RtpPollInterval, cancel).ConfigureAwait(false);
        }

        output($"  ok: {client.RtpStats.Packets} RTP packets received");
    }

    private static bool Satisfies(ScriptStep step, ClientEvent e) => step.Event switch
    {
        WaitEvent.Taken => step.Argument is null
            || (e.Floor?.GrantedPartyIdentity ?? e.Floor?.UserId ?? string.Empty).Contains(step.Argument, StringComparison.OrdinalIgnoreCase),
        WaitEvent.Deny or WaitEvent.Revoke => step.Number is null || e.Floor?.RejectCause == step.Number,
        WaitEvent.QueueInfo => step.Number is null || e.Floor?.QueuePosition == step.Number,
        _ => true,
    };

    private static string Describe(ScriptStep step) => step.Event switch
    {
        WaitEvent.Taken when step.Argument is not null => $"floor taken by '{step.Argument}'",
        WaitEvent.Deny or WaitEvent.Revoke when step.Number is not null => $"{step.Event.ToString().ToLowerInvariant()} cause {step.Number}",
        WaitEvent.QueueInfo when step.Number is not null => $"queue position {step.Number}",
        _ => step.Event.ToString().ToLowerInvariant(),
    };

    private static readonly ClientEventKind[] CallEnded = [ClientEventKind.CallFailed, ClientEventKind.Terminated];

    private static (ClientEventKind[] Success, ClientEventKind[] Fatal) Kinds(WaitEvent ev) => ev switch
    {
        WaitEvent.Registered => ([ClientEventKind.Registered], [ClientEventKind.RegistrationFailed]),
        WaitEvent.Incoming => ([ClientEventKind.Incoming], []),
        WaitEvent.Connected => ([ClientEventKind.Connected], CallEnded),
        WaitEvent.Terminated => (CallEnded, []),
        WaitEvent.Granted => ([ClientEventKind.FloorGranted], [ClientEventKind.FloorDeny, ClientEventKind.FloorNoAnswer, .. CallEnded]),
        WaitEvent.Deny => ([ClientEventKind.FloorDeny], [ClientEventKind.FloorGranted, ClientEventKind.FloorNoAnswer, .. CallEnded]),
        WaitEvent.Taken => ([ClientEventKind.FloorTaken], CallEnded),
        WaitEvent.Idle => ([ClientEventKind.FloorIdle], [ClientEventKind.FloorNoAnswer, .. CallEnded]),
        WaitEvent.Revoke => ([ClientEventKind.FloorRevoke], CallEnded),
        WaitEvent.QueueInfo => ([ClientEventKind.FloorQueueInfo], [ClientEventKind.FloorDeny, ClientEventKind.FloorNoAnswer, .. CallEnded]),
        _ => ([], []),
    };
}
