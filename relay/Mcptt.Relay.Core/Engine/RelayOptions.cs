using System.Net;
using System.Net.Sockets;

namespace Mcptt.Relay.Core.Engine;

/// <summary>Data plane settings (bind from configuration section "Relay"; names are the keys).</summary>
public sealed class RelayOptions
{
    /// <summary>IPv4 address media sockets bind to; it goes into SDP c= lines, so it must be concrete (not 0.0.0.0).</summary>
    public IPAddress MediaAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Lowest port of the media range (an odd value is rounded up to the next even port).</summary>
    public int PortMin { get; set; } = 30000;

    /// <summary>Highest port of the media range; each leg takes an even/odd pair.</summary>
    public int PortMax { get; set; } = 39999;

    /// <summary>Worker threads, each owning a share of the sockets (legs are dealt round-robin).
    /// More workers than cores only adds context switches.</summary>
    public int Workers { get; set; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Optional CPU per worker (worker i → CoreList[i % length]); pinning keeps caches warm
    /// and, with isolcpus/IRQ affinity, keeps the kernel's softirq work off the relay's cores.</summary>
    public IReadOnlyList<int>? CoreList { get; set; }

    /// <summary>Datagrams per recvmmsg (and slab buffers per worker). Larger batches mean fewer
    /// syscalls under load; at low rates a batch is whatever is queued, so latency does not grow.</summary>
    public int BatchSize { get; set; } = 32;

    public RelayEngineKind Engine { get; set; } = RelayEngineKind.Auto;

    /// <summary>How long after the first packet a leg may still re-latch to its SDP-declared address.
    /// After this (or <see cref="LearningPackets"/>) the source is final and everything else is dropped.</summary>
    public TimeSpan LearningWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Packets from the latched source that close the learning window early.</summary>
    public int LearningPackets { get; set; } = 10;

    /// <summary>Per-worker bound of diverted (floor control) datagrams waiting for the control plane.</summary>
    public int MaxDivertQueue { get; set; } = 1024;

    /// <summary>RTP clock used to convert the silence between talkers into a timestamp step (8 kHz voice codecs).</summary>
    public int RtpClockRate { get; set; } = 8000;

    /// <summary>Minimum timestamp step on a talker change: one 20 ms frame at 8 kHz.</summary>
    public int DefaultFrameTicks { get; set; } = 160;

    /// <summary>Batched, Raw and PacketRing engines: poll without sleeping (timeout 0). Lowest latency, burns its cores.</summary>
    public bool BusyPoll { get; set; }

    /// <summary>SCHED_FIFO priority (1..99) for the worker threads, 0 = normal scheduling. Needs CAP_SYS_NICE;
    /// without it the engine runs the workers normally and says so (<see cref="RelayEngine.SchedulingWarning"/>).</summary>
    public int RealtimePriority { get; set; }

    /// <summary>SO_RCVBUF/SO_SNDBUF per media socket in bytes; 0 keeps the kernel default (capped by net.core.rmem_max).</summary>
    public int SocketBufferBytes { get; set; }

    /// <summary>All problems, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MediaAddress is null || MediaAddress.AddressFamily != AddressFamily.InterNetwork)
            errors.Add($"MediaAddress must be an IPv4 address, got '{MediaAddress}'.");
        else if (MediaAddress.Equals(IPAddress.Any))
            errors.Add("MediaAddress must be a concrete address (it is advertised in SDP), not 0.0.0.0.");
        if (PortMin is < 1 or > 65535) errors.Add($"PortMin must be within 1..65535, got {PortMin}.");
        if (PortMax is < 1 or > 65535) errors.Add($"PortMax must be within 1..65535, got {PortMax}.");
        int firstEven = PortMin + (PortMin & 1);
        if (PortMax < firstEven + 1)
            errors.Add($"PortMin..PortMax ({PortMin}..{PortMax}) must contain at least one even/odd port pair.");
        if (Workers is < 1 or > 256) errors.Add($"Workers must be within 1..256, got {Workers}.");
        if (CoreList is not null)
        {
            if (CoreList.Count == 0) errors.Add("CoreList, when set, must name at least one CPU.");
            // CPU ids, not a count: in a cpuset-limited container the usable ids need not start at 0,
            // so only the range is checked here; a failed pin shows as mcptt_relay_worker_pinned 0.
            foreach (int core in CoreList)
                if (core is < 0 or >= 1024)
                    errors.Add($"CoreList entry {core} is not a CPU id (0..1023).");
        }
        if (BatchSize is < 1 or > 1024) errors.Add($"BatchSize must be within 1..1024, got {BatchSize}.");
        if (!Enum.IsDefined(Engine)) errors.Add($"Engine must be Auto, Batched, Portable, Raw, PacketRing or Uring, got '{Engine}'.");
        if (Engine is RelayEngineKind.Batched or RelayEngineKind.Raw or RelayEngineKind.PacketRing or RelayEngineKind.Uring && !OperatingSystem.IsLinux())
            errors.Add($"Engine={Engine} needs Linux (epoll, recvmmsg, sendmmsg{Engine switch
            {
                RelayEngineKind.Raw => ", raw sockets",
                RelayEngineKind.PacketRing => ", AF_PACKET rings, raw sockets",
                RelayEngineKind.Uring => ", io_uring",
                _ => "",
            }}); use Auto or Portable.");
        if (LearningWindow < TimeSpan.Zero || LearningWindow > TimeSpan.FromMinutes(5))
            errors.Add($"LearningWindow must be within 0..5 minutes, got {LearningWindow}.");
        if (LearningPackets < 1) errors.Add($"LearningPackets must be at least 1, got {LearningPackets}.");
        if (MaxDivertQueue is < 1 or > 65536) errors.Add($"MaxDivertQueue must be within 1..65536, got {MaxDivertQueue}.");
        if (RtpClockRate is < 1000 or > 192000) errors.Add($"RtpClockRate must be within 1000..192000 Hz, got {RtpClockRate}.");
        if (DefaultFrameTicks is < 1 or > 192000) errors.Add($"DefaultFrameTicks must be within 1..192000, got {DefaultFrameTicks}.");
        if (RealtimePriority is < 0 or > 99) errors.Add($"RealtimePriority must be within 0..99 (0 = normal scheduling), got {RealtimePriority}.");
        if (RealtimePriority > 0 && BusyPoll)
            errors.Add("RealtimePriority and BusyPoll exclude each other: a busy-polling SCHED_FIFO worker would starve everything else on its CPU.");
        if (SocketBufferBytes < 0) errors.Add($"SocketBufferBytes must be 0 (kernel default) or positive, got {SocketBufferBytes}.");
        return errors;
    }
}
