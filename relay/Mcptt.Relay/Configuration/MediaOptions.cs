using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "Media": the RTP/RTCP data plane.</summary>
public sealed record MediaOptions
{
    public const string Section = "Media";

    /// <summary>Local address of every media socket; also the address written into SDP c= lines.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>First port of the media range (inclusive). RTP takes the even port of a pair, RTCP the odd one.</summary>
    public int PortMin { get; init; } = 30000;

    /// <summary>Last port of the media range (inclusive).</summary>
    public int PortMax { get; init; } = 39999;

    /// <summary>Number of data-plane worker threads; 0 = one per core in <see cref="Cores"/>, or one per CPU without pinning.</summary>
    public int Workers { get; init; }

    /// <summary>CPUs the workers are pinned to, round robin (Linux cpulist syntax, e.g. "2-3" or "1,3");
    /// empty = no pinning. Parsed into <see cref="CoreIds"/>.</summary>
    public string Cores { get; init; } = "";

    /// <summary><see cref="Cores"/> parsed, ascending, distinct; empty = no pinning.</summary>
    public IReadOnlyList<int> CoreIds { get; init; } = [];

    /// <summary>Datagrams per recvmmsg/sendmmsg call. Larger batches amortise syscalls; smaller ones cut latency.</summary>
    public int BatchSize { get; init; } = 32;

    public MediaEngineKind Engine { get; init; } = MediaEngineKind.Auto;

    /// <summary>A call whose legs received no RTP for this long is torn down; 0 disables the check.</summary>
    public int MediaTimeoutSeconds { get; init; } = 60;

    /// <summary><see cref="Workers"/> with 0 resolved: one per pinned core when <see cref="Cores"/> is set, else one per CPU.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : CoreIds.Count > 0 ? CoreIds.Count : Environment.ProcessorCount;
}
