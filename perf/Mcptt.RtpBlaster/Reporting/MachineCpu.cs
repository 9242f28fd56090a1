using System.Globalization;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// Busy CPU time of the whole machine (all CPUs: user, nice, system, irq, softirq from the first line
/// of /proc/stat; idle, iowait and steal left out), in nanoseconds.
/// Why next to the relay's own utime+stime: on loopback the kernel charges receive-side work to
/// whichever process sent the packet. The part of a relay's receive path that runs before its socket
/// (the UDP socket enqueue for Batched and rtpengine, the raw socket clones for Raw, the AF_PACKET ring
/// copy for PacketRing) is billed to the blaster, and the sink's receive path to the relay. The whole
/// machine's busy time minus the harness's own (the ceiling run at the same rate) counts every
/// relay's kernel work wherever it is billed.
/// </summary>
internal static class MachineCpu
{
    public static long? ReadBusyNanoseconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            return ParseBusyTicks(reader.ReadLine()) is { } ticks ? ticks * 1_000_000_000L / LinuxUdp.ClockTicksPerSecond : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>user + nice + system + irq + softirq ticks from /proc/stat's aggregate "cpu" line, or null when it is not one.</summary>
    public static long? ParseBusyTicks(string? line)
    {
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        if (fields.Length < 8) return null;
        long busy = 0;
        foreach (int i in (ReadOnlySpan<int>)[1, 2, 3, 6, 7])
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out long value)) return null;
            busy += value;
        }
        return busy;
    }
}
