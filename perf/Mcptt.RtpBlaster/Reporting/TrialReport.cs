using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// One measured trial; printed as one JSON line (for scripts) or one readable line. P50Us..MaxUs are
/// the "app" latency (send stamp → sink thread processing the datagram); KernelP50Us..KernelMaxUs the
/// "kernel" latency (send stamp → the kernel's receive timestamp at the sink socket), over the probes
/// that had a kernel stamp (KernelStampMissing counts the others). MachineCpuNsPerPacket: the whole
/// machine's busy CPU over the trial per packet received (see <see cref="MachineCpu"/>).
/// </summary>
internal sealed record TrialReport(
    string Mode,
    int Streams,
    double OfferedPps,
    double AchievedPps,
    long Sent,
    long Received,
    long Lost,
    double LossPercent,
    long Foreign,
    int StreamsSeen,
    double P50Us,
    double P99Us,
    double P999Us,
    double MaxUs,
    double DurationS,
    long? RelayCpuNs,
    double? CpuNsPerPacket,
    double? RelayCpuPercent,
    double KernelP50Us,
    double KernelP99Us,
    double KernelP999Us,
    double KernelMaxUs,
    long KernelStampMissing,
    double? MachineCpuNsPerPacket = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        string cpu = CpuNsPerPacket is { } perPacket
            ? string.Format(c, " relay_cpu={0:F0}ns/pkt ({1:F1}% of a core)", perPacket, RelayCpuPercent ?? 0)
            : string.Empty;
        if (MachineCpuNsPerPacket is { } machine) cpu += string.Format(c, " machine_cpu={0:F0}ns/pkt", machine);
        return string.Format(c,
            "{0}: streams={1} offered={2:F0}pps achieved={3:F0}pps sent={4} received={5} lost={6} ({7:F3}%) " +
            "latency p50={8:F1}us p99={9:F1}us p99.9={10:F1}us max={11:F1}us " +
            "kernel-stamped p50={14:F1}us p99={15:F1}us p99.9={16:F1}us max={17:F1}us (missing {18}) duration={12:F2}s{13}",
            Mode, Streams, OfferedPps, AchievedPps, Sent, Received, Lost, LossPercent,
            P50Us, P99Us, P999Us, MaxUs, DurationS, cpu,
            KernelP50Us, KernelP99Us, KernelP999Us, KernelMaxUs, KernelStampMissing);
    }
}
