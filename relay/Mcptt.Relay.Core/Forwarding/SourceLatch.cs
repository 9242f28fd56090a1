using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Source learning and strict-source enforcement for one local port (RTP-bleed defence).
/// Written only by the worker owning the port; <see cref="Learned"/> is also read by other
/// workers (as a send target) and by GetStats, hence the volatile access to it.
///
/// Policy: the first valid packet latches its source. While the learning window is open (time
/// since that packet &lt; LearningWindow and fewer than LearningPackets packets from it), a packet
/// from the address the control plane declared (SDP) may re-latch, so an attacker who races the
/// real peer cannot keep the stream. Every other foreign source is dropped as "wrong_source",
/// during and after the window. Once the window closes the latch is final (strict) — until the
/// control plane declares a different remote (re-INVITE: the phone moved), which starts learning
/// afresh (see <see cref="Renew"/>).
/// </summary>
internal struct SourceLatch
{
    private long _learned;
    private long _firstSeenTicks;
    private int _packets;
    private bool _locked;
    private int _declaredVersion;

    /// <summary>Forgets the latch when the declared remote changed since it was learned (single writer: the worker).</summary>
    public void Renew(int declaredVersion)
    {
        if (_declaredVersion == declaredVersion) return;
        _declaredVersion = declaredVersion;
        Volatile.Write(ref _learned, PackedEndpoint.Unknown);
        _packets = 0;
        _locked = false;
    }

    public readonly long Learned => Volatile.Read(ref Unsafe.AsRef(in _learned));

    public bool Accept(long source, long declared, long now, long windowTicks, int windowPackets)
    {
        long learned = _learned;
        if (learned == source)
        {
            if (!_locked && (++_packets >= windowPackets || now - _firstSeenTicks >= windowTicks)) _locked = true;
            return true;
        }

        if (learned == PackedEndpoint.Unknown)
        {
            Latch(source, now);
            return true;
        }

        if (!_locked && now - _firstSeenTicks < windowTicks && declared != PackedEndpoint.Unknown
            && PackedEndpoint.Address(source) == PackedEndpoint.Address(declared)
            && PackedEndpoint.Address(learned) != PackedEndpoint.Address(declared))
        {
            Latch(source, now);
            return true;
        }

        return false;
    }

    private void Latch(long source, long now)
    {
        Volatile.Write(ref _learned, source);
        _firstSeenTicks = now;
        _packets = 1;
        _locked = false;
    }
}
