using System.Globalization;
using System.Text.RegularExpressions;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>One row of `tshark -z rtp,streams`.</summary>
public sealed record RtpStreamRow(
    string SourceAddress, int SourcePort, string DestinationAddress, int DestinationPort,
    uint Ssrc, string Payload, int Packets, int Lost)
{
    public override string ToString() => $"{SourceAddress}:{SourcePort} -> {DestinationAddress}:{DestinationPort} ssrc=0x{Ssrc:x8} {Payload} pkts={Packets} lost={Lost}";
}

/// <summary>
/// A loopback capture with tshark, always with a capture filter (other processes flood lo), bounded by
/// <c>maxDuration</c> (-a duration). Start waits until tshark reports it is capturing.
/// </summary>
public sealed partial class TsharkCapture : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private TsharkCapture(RunningProcess process, TempDirectory directory, string pcapPath)
    {
        Process = process;
        _directory = directory;
        PcapPath = pcapPath;
    }

    public RunningProcess Process { get; }

    public string PcapPath { get; }

    /// <summary>Starts capturing on lo with the BPF <paramref name="captureFilter"/>, e.g.
    /// "udp and (port 5060 or portrange 20000-20099)".</summary>
    public static async Task<TsharkCapture> StartAsync(string captureFilter, TimeSpan maxDuration)
    {
        var tshark = PeerTools.Tshark;
        var directory = new TempDirectory("tshark");
        var pcap = directory.File("capture.pcap");
        var process = ProcessRunner.Start(tshark,
            ["-i", "lo", "-f", captureFilter, "-a", $"duration:{Math.Max(1, (int)Math.Ceiling(maxDuration.TotalSeconds))}", "-w", pcap, "-q"],
            directory.Path);
        var capture = new TsharkCapture(process, directory, pcap);
        if (!await process.WaitForOutputAsync("Capturing on", TimeSpan.FromSeconds(15)).ConfigureAwait(false))
        {
            await capture.DisposeAsync().ConfigureAwait(false);
            throw new Xunit.Sdk.XunitException($"tshark did not start capturing.\n{process.Describe()}");
        }
        // "Capturing on" is printed before dumpcap's filter is attached; on a loaded machine the first
        // packets after it were missed, so give the capture a moment to become live.
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        return capture;
    }

    /// <summary>Stops the capture (SIGINT: tshark flushes the file) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (!Process.HasExited) await Process.StopAsync(TimeSpan.FromSeconds(5), PosixSignals.SigInt).ConfigureAwait(false);
    }

    /// <summary>Runs tshark over the (stopped) capture with <paramref name="arguments"/> after "-r file".</summary>
    public Task<ProcessResult> ReadAsync(params string[] arguments)
        => ProcessRunner.RunAsync(PeerTools.Tshark, ["-r", PcapPath, .. arguments], TimeSpan.FromSeconds(60), _directory.Path);

    /// <summary>RTP streams in the capture. Without SDP in the capture, name the UDP ports that carry RTP in
    /// <paramref name="rtpPorts"/>; with none given, tshark's RTP heuristic is used.</summary>
    public async Task<IReadOnlyList<RtpStreamRow>> RtpStreamsAsync(params int[] rtpPorts)
    {
        await StopAsync().ConfigureAwait(false);
        var args = new List<string> { "-q", "-z", "rtp,streams" };
        if (rtpPorts.Length == 0) args.AddRange(["-o", "rtp.heuristic_rtp:TRUE", "-o", "udp.try_heuristic_first:TRUE"]);
        foreach (var port in rtpPorts) args.AddRange(["-d", $"udp.port=={port},rtp"]);
        var result = await ReadAsync([.. args]).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new Xunit.Sdk.XunitException($"tshark could not read the capture.\n{result.Describe()}");
        return ParseRtpStreams(result.StdOut);
    }

    /// <summary>Parses the rows of `-z rtp,streams`; the payload name may contain spaces, the "(x.x%)" token anchors the columns.</summary>
    public static IReadOnlyList<RtpStreamRow> ParseRtpStreams(string output)
    {
        var rows = new List<RtpStreamRow>();
        foreach (var line in output.Split('\n'))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int percent = Array.FindIndex(tokens, t => LossPercent().IsMatch(t));
            if (tokens.Length < 11 || percent < 10 || !tokens[6].StartsWith("0x", StringComparison.Ordinal)) continue;
            rows.Add(new RtpStreamRow(
                tokens[2], int.Parse(tokens[3], CultureInfo.InvariantCulture),
                tokens[4], int.Parse(tokens[5], CultureInfo.InvariantCulture),
                uint.Parse(tokens[6].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                string.Join(' ', tokens[7..(percent - 2)]),
                int.Parse(tokens[percent - 2], CultureInfo.InvariantCulture),
                int.Parse(tokens[percent - 1], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    [GeneratedRegex(@"^\(-?[0-9.]+%\)$")]
    private static partial Regex LossPercent();
}
