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

    /// <summary>Workers poll without sleeping (Batched, Raw and PacketRing engines): lowest wake-up latency, but each
    /// worker keeps a core at 100 % even when idle, so only for cores reserved for the relay.</summary>
    public bool BusyPoll { get; init; }

    /// <summary>SCHED_FIFO priority 1..99 for the media workers (as Asterisk -p / FreeSWITCH -rp do for media
    /// threads); 0 = normal scheduling. Needs CAP_SYS_NICE, else a warning and normal scheduling.</summary>
    public int RealtimePriority { get; init; }

    /// <summary>SO_RCVBUF/SO_SNDBUF per media socket in bytes; 0 keeps the kernel default. Larger buffers ride
    /// out longer worker stalls; beyond net.core.rmem_max they need CAP_NET_ADMIN (the *BUFFORCE options).</summary>
    public int SocketBufferBytes { get; init; }

    /// <summary>A call whose legs received no RTP for this long is torn down; 0 disables the check.</summary>
    public int MediaTimeoutSeconds { get; init; } = 60;

    /// <summary><see cref="Workers"/> with 0 resolved: one per pinned core when <see cref="Cores"/> is set, else one per CPU.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : CoreIds.Count > 0 ? CoreIds.Count : Environment.ProcessorCount;
}
