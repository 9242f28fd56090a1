using Mcptt.Client.Core;
using Mcptt.Client.Floor;

namespace Mcptt.Client.Cli;

/// <summary>
/// Push-to-talk from a terminal: one key toggles talking (request the floor, stream the WAV once
/// granted, release when toggled off); a status line is printed for every event.
/// </summary>
public sealed class InteractiveSession(McpttClient client, string? callTarget, Action<string> output)
{
    private static readonly TimeSpan LongestTalk = TimeSpan.FromMinutes(10);
    private readonly Lock _gate = new();
    private bool _wantTalk;

    public async Task RunAsync(CancellationToken cancel)
    {
        client.Journal.Appended += OnEvent;
        output("keys: SPACE/t talk toggle, q queue position, a answer, c call, h hang up, s status, x exit");
        output(client.StatusLine);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (!Console.KeyAvailable)
                {
                    await Task.Delay(30, cancel).ConfigureAwait(false);
                    continue;
                }

                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'x' or 'X')
                {
                    return;
                }

                await HandleKeyAsync(char.ToLowerInvariant(key.KeyChar)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            client.Journal.Appended -= OnEvent;
        }
    }

    private async Task HandleKeyAsync(char key)
    {
        try
        {
            switch (key)
            {
                case ' ' or 't':
                    await ToggleTalkAsync().ConfigureAwait(false);
                    break;
                case 'q':
                    await client.QueuePositionRequestAsync().ConfigureAwait(false);
                    break;
                case 'a':
                    await client.AnswerAsync().ConfigureAwait(false);
                    break;
                case 'c' when callTarget is not null:
                    _ = CallAsync(callTarget);
                    break;
                case 'c':
                    output("no --call target given");
                    break;
                case 'h':
                    lock (_gate)
                    {
                        _wantTalk = false;
                    }

                    await client.HangupAsync().ConfigureAwait(false);
                    break;
                case 's':
                    output(client.StatusLine);
                    break;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Sip.SipTransactionException or System.Net.Sockets.SocketException)
        {
            output("! " + ex.Message);
        }
    }

    private async Task CallAsync(string target)
    {
        try
        {
            await client.CallAsync(target).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Sip.SipTransactionException or OperationCanceledException)
        {
            output("! call: " + ex.Message);
        }
    }

    private async Task ToggleTalkAsync()
    {
        bool want;
        lock (_gate)
        {
            _wantTalk = !_wantTalk;
            want = _wantTalk;
        }

        if (!want)
        {
            output("[PTT up] releasing the floor");
            await client.ReleaseFloorAsync().ConfigureAwait(false);
            return;
        }

        output("[PTT down] requesting the floor");
        if (client.FloorState == FloorState.Granted)
        {
            StartTalking();
        }
        else
        {
            await client.RequestFloorAsync().ConfigureAwait(false);
        }
    }

    private void OnEvent(ClientEvent ev)
    {
        bool talk = false;
        lock (_gate)
        {
            switch (ev.Kind)
            {
                case ClientEventKind.FloorGranted:
                    talk = _wantTalk;
                    break;
                case ClientEventKind.FloorDeny or ClientEventKind.FloorRevoke or ClientEventKind.Terminated or ClientEventKind.CallFailed:
                    _wantTalk = false;
                    break;
            }
        }

        output(client.StatusLine);
        if (talk)
        {
            StartTalking();
        }
    }

    private void StartTalking() => _ = TalkAsync();

    private async Task TalkAsync()
    {
        try
        {
            await client.TalkAsync(LongestTalk).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            output("! talk: " + ex.Message);
        }
    }
}
