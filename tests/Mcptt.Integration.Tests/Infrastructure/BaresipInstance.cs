namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>How to run one baresip user agent.</summary>
public sealed record BaresipOptions
{
    /// <summary>SIP user (the AOR is sip:User@RegistrarHost).</summary>
    public required string User { get; init; }

    /// <summary>host:port of the registrar (the appliance's Sip:UdpPort). Null: no registrar, the AOR is
    /// sip:User@127.0.0.1:own-port and <see cref="Register"/> is ignored (peer-to-peer calls).</summary>
    public string? Registrar { get; init; }

    /// <summary>Digest password; null sends no credentials.</summary>
    public string? Password { get; init; } = "secret";

    /// <summary>Audio source: a 8 kHz mono 16-bit WAV (see <see cref="Tones"/>). The call ends when it ends.</summary>
    public required string SourceWav { get; init; }

    /// <summary>baresip -t: it hangs up, unregisters and exits 0 after this long.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(30);

    public bool Register { get; init; } = true;

    public bool AutoAnswer { get; init; } = true;

    public string Transport { get; init; } = "udp";
}

/// <summary>
/// A headless baresip 1.0.0 from the templates in Peers/baresip, on its own ports: SIP (a block of 4: baresip
/// also binds SIP+1 for TLS), ctrl_tcp and 10 RTP ports. Records received audio as *-dec.wav (and sent audio as
/// *-enc.wav) in <see cref="RecordDirectory"/>. Driven through <see cref="Control"/>; stopped by PID.
/// </summary>
public sealed class BaresipInstance : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private BaresipInstance(BaresipOptions options, TempDirectory directory, RunningProcess process, BaresipControl control,
        int sipPort, int ctrlPort, int rtpMin, string recordDirectory)
    {
        Options = options;
        _directory = directory;
        Process = process;
        Control = control;
        SipPort = sipPort;
        CtrlPort = ctrlPort;
        RtpPortMin = rtpMin;
        RecordDirectory = recordDirectory;
    }

    public BaresipOptions Options { get; }
    public RunningProcess Process { get; }
    public BaresipControl Control { get; }
    public int SipPort { get; }
    public int CtrlPort { get; }
    public int RtpPortMin { get; }
    public int RtpPortMax => RtpPortMin + 9;
    public string RecordDirectory { get; }
    public string ConfigDirectory => _directory.Path;

    /// <summary>This instance's own SIP URI (what another peer dials to reach it without a registrar).</summary>
    public string DirectUri => $"sip:{Options.User}@127.0.0.1:{SipPort}";

    /// <summary>Renders the config, starts baresip and connects to its control port. Does not wait for
    /// registration; use <see cref="WaitRegisteredAsync"/>.</summary>
    public static async Task<BaresipInstance> StartAsync(BaresipOptions options)
    {
        var baresip = PeerTools.Baresip;
        var directory = new TempDirectory($"baresip-{options.User}");
        int sipPort = FreePorts.Block(4, alignment: 4);
        int ctrlPort = FreePorts.Next();
        int rtpMin = FreePorts.Block(10, alignment: 2);
        var record = directory.Sub("rec");
        var config = File.ReadAllText(RepoPaths.Peers("baresip", "config.template"))
            .Replace("@SIP_PORT@", $"{sipPort}").Replace("@CTRL_PORT@", $"{ctrlPort}")
            .Replace("@RTP_MIN@", $"{rtpMin}").Replace("@RTP_MAX@", $"{rtpMin + 9}")
            .Replace("@SOURCE_WAV@", Path.GetFullPath(options.SourceWav)).Replace("@RECORD_DIR@", record);
        var account = File.ReadAllText(RepoPaths.Peers("baresip", "accounts.template"))
            .Replace("@USER@", options.User).Replace("@REGISTRAR@", options.Registrar ?? $"127.0.0.1:{sipPort}")
            .Replace("@TRANSPORT@", options.Transport)
            .Replace("@AUTH@", options.Password is null ? "" : $"auth_pass={options.Password};")
            .Replace("@REGINT@", options.Register && options.Registrar is not null ? "600" : "0")
            .Replace("@ANSWERMODE@", options.AutoAnswer ? "auto" : "manual");
        File.WriteAllText(directory.File("config"), config);
        File.WriteAllText(directory.File("accounts"), account);

        var process = ProcessRunner.Start(baresip,
            ["-f", directory.Path, "-t", $"{Math.Max(1, (int)options.Lifetime.TotalSeconds)}"], directory.Path);
        try
        {
            var control = await BaresipControl.ConnectAsync(ctrlPort, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return new BaresipInstance(options, directory, process, control, sipPort, ctrlPort, rtpMin, record);
        }
        catch (Exception e)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            throw new Xunit.Sdk.XunitException($"baresip ctrl_tcp port {ctrlPort} never answered: {e.Message}\n{process.Describe()}");
        }
    }

    /// <summary>Waits for REGISTER_OK (a REGISTER_FAIL fails at once with baresip's output).</summary>
    public async Task WaitRegisteredAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var e in Control.Events)
            {
                var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == "REGISTER_OK") return;
                if (type == "REGISTER_FAIL") throw new Xunit.Sdk.XunitException($"baresip {Options.User}: {e}\n{Process.Describe()}");
            }
            // The first REGISTER can complete before the control connection exists; the console says so too.
            if (Process.StdOut.Contains("200 OK", StringComparison.Ordinal)) return;
            if (Process.HasExited) break;
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new Xunit.Sdk.XunitException($"baresip {Options.User} not registered within {timeout.TotalSeconds} s.\n{Process.Describe()}");
    }

    /// <summary>Dials <paramref name="uri"/> and waits for CALL_ESTABLISHED.</summary>
    public async Task DialAsync(string uri, TimeSpan timeout)
    {
        await Control.CommandAsync("dial", uri).ConfigureAwait(false);
        await Control.WaitForEventAsync("CALL_ESTABLISHED", timeout).ConfigureAwait(false);
    }

    public async Task HangupAsync(TimeSpan timeout)
    {
        await Control.CommandAsync("hangup").ConfigureAwait(false);
        await Control.WaitForEventAsync("CALL_CLOSED", timeout).ConfigureAwait(false);
    }

    /// <summary>Recordings of received audio (sndfile's *-dec.wav), oldest first.</summary>
    public IReadOnlyList<string> DecodedRecordings()
        => Directory.GetFiles(RecordDirectory, "*-dec.wav").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Asks baresip to quit (it unregisters) and waits; then stops it by PID if needed. Returns the exit code.</summary>
    public async Task<int> QuitAsync(TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            try { await Control.CommandAsync("quit", "", TimeSpan.FromSeconds(2)).ConfigureAwait(false); }
            catch (Xunit.Sdk.XunitException) { } // it may close the connection before replying
        }
        var rc = await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return rc ?? await Process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }
}
