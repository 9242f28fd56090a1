using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Rewrites what a listener sees so that everything it receives on one outgoing SSRC looks like one
/// continuous stream, whoever is talking behind it. RTP: only the 12-byte fixed header changes
/// (sequence number, timestamp, SSRC, marker), so it is written into a separate header buffer and
/// the payload is sent from the receive slab by scatter-gather. RTCP: the (small, rare) datagram is
/// copied and every SSRC field is mapped consistently with the RTP rewrite.
/// </summary>
internal static unsafe class SsrcRewriter
{
    public const int RtpHeaderBytes = RtpPacket.FixedHeaderLength;

    /// <summary>Continuity parameters: default frame (RTP ticks) and RTP clock vs Stopwatch.</summary>
    internal readonly record struct Timing(uint DefaultFrameTicks, int ClockRate)
    {
        public uint ElapsedToRtp(long stopwatchTicks)
        {
            if (stopwatchTicks <= 0) return DefaultFrameTicks;
            // Cap at ~1 hour of 8 kHz so the multiplication cannot overflow and the step stays sane.
            long capped = Math.Min(stopwatchTicks, Stopwatch.Frequency * 3600);
            long rtp = capped * ClockRate / Stopwatch.Frequency;
            return (uint)Math.Max(rtp, DefaultFrameTicks);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RewriteRtpHeader(ref OutputState state, uint outgoingSsrc, int sourceLegId,
        byte* source, byte* header, long arrivalTicks, in Timing timing)
    {
        var src = new ReadOnlySpan<byte>(source, RtpHeaderBytes);
        var dst = new Span<byte>(header, RtpHeaderBytes);
        src.CopyTo(dst);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(src.Slice(2));
        uint ts = BinaryPrimitives.ReadUInt32BigEndian(src.Slice(4));
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(src.Slice(8));

        bool first = !state.Started || state.OutgoingSsrc != outgoingSsrc;
        bool switched = false;
        if (first)
        {
            // A fresh stream toward this listener: keep the talker's own numbering.
            state.Started = true;
            state.OutgoingSsrc = outgoingSsrc;
            state.SequenceOffset = 0;
            state.TimestampOffset = 0;
            state.SourceSsrc = ssrc;
            state.SourceLegId = sourceLegId;
        }
        else if (state.SourceSsrc != ssrc || state.SourceLegId != sourceLegId)
        {
            // New talker behind the same outgoing SSRC: continue at last+1 and advance the clock by
            // the real gap (at least one frame) so the listener's jitter buffer keeps playing.
            uint step = timing.ElapsedToRtp(arrivalTicks - state.LastArrivalTicks);
            state.SequenceOffset = (ushort)(state.LastSequence + 1 - seq);
            state.TimestampOffset = state.LastTimestamp + step - ts;
            state.SourceSsrc = ssrc;
            state.SourceLegId = sourceLegId;
            switched = true;
        }

        ushort outSeq = (ushort)(seq + state.SequenceOffset);
        uint outTs = ts + state.TimestampOffset;
        // Track the highest values sent (serial arithmetic) so reordering cannot move them back.
        if (first || (short)(outSeq - state.LastSequence) > 0) state.LastSequence = outSeq;
        if (first || (int)(outTs - state.LastTimestamp) > 0) state.LastTimestamp = outTs;
        state.LastArrivalTicks = arrivalTicks;

        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), outSeq);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), outTs);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), outgoingSsrc);
        if (switched) dst[1] |= 0x80; // marker: start of a talk spurt (RFC 3551 §4.1)
    }

    /// <summary>
    /// Maps SSRCs in a copy of a validated compound RTCP datagram travelling from a source leg to a destination leg:
    /// the sender SSRC of every packet becomes <paramref name="destinationOutgoingSsrc"/> (what the
    /// listener knows this stream as); report blocks and feedback about <paramref name="sourceOutgoingSsrc"/>
    /// (the stream the relay sends to the source) are really about the destination's own stream,
    /// so they get <paramref name="destinationRealSsrc"/>. Zero means "no mapping" for each.
    /// </summary>
    public static void RewriteRtcp(Span<byte> compound, uint destinationOutgoingSsrc, uint sourceOutgoingSsrc, uint destinationRealSsrc)
    {
        bool mapReports = sourceOutgoingSsrc != 0 && destinationRealSsrc != 0;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var packet))
        {
            var data = packet.Data;
            if (destinationOutgoingSsrc != 0 && data.Length >= 8 && HasLeadingSsrc(packet))
                BinaryPrimitives.WriteUInt32BigEndian(data.Slice(4), destinationOutgoingSsrc);
            if (!mapReports) continue;

            switch (packet.PacketType)
            {
                case RtcpPacketType.SenderReport when RtcpSenderReport.TryRead(packet, out var sr) == WireError.None:
                    for (int i = 0; i < sr.ReportCount; i++)
                    {
                        var block = sr.GetReportBlock(i);
                        if (block.Ssrc == sourceOutgoingSsrc) block.Ssrc = destinationRealSsrc;
                    }
                    break;
                case RtcpPacketType.ReceiverReport when RtcpReceiverReport.TryRead(packet, out var rr) == WireError.None:
                    for (int i = 0; i < rr.ReportCount; i++)
                    {
                        var block = rr.GetReportBlock(i);
                        if (block.Ssrc == sourceOutgoingSsrc) block.Ssrc = destinationRealSsrc;
                    }
                    break;
                case RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback when data.Length >= 12:
                    // RFC 4585 §6.1: media source SSRC at offset 8.
                    if (BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8)) == sourceOutgoingSsrc)
                        BinaryPrimitives.WriteUInt32BigEndian(data.Slice(8), destinationRealSsrc);
                    break;
            }
        }
    }

    /// <summary>SR, RR, APP, RTPFB, PSFB, XR always start with the sender's SSRC; SDES and BYE do when count ≥ 1.</summary>
    private static bool HasLeadingSsrc(RtcpPacket packet) => packet.PacketType switch
    {
        RtcpPacketType.SourceDescription or RtcpPacketType.Goodbye => packet.Count > 0,
        _ => true,
    };
}
