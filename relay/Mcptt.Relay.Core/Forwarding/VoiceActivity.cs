using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Does an RTP packet carry voice, or only silence? Used for legacy phones in floor-controlled calls:
/// a phone without a floor channel asks for the floor by talking, but many (baresip muted, phones
/// without VAD) keep sending G.711 digital silence, which must neither request the floor nor keep
/// T1 running. G.711 (PT 0 PCMU, PT 8 PCMA) is judged by level: voiced when at least 1/8 of the
/// samples reach about -38 dBFS (segment 2 of the companding curve), so silence, low background
/// noise and single clicks do not count. Comfort noise (PT 13, RFC 3389) is never voice; any other
/// payload type cannot be judged cheaply and counts as voice (such codecs stop sending under DTX).
/// Per packet: no allocation, one pass over at most the payload, early exit.
/// </summary>
public static class VoiceActivity
{
    public const int PayloadTypePcmu = 0;
    public const int PayloadTypePcma = 8;
    public const int PayloadTypeComfortNoise = 13;

    /// <summary>Companded magnitude (7 bits, sign removed) from which a sample counts as loud: segment 2.</summary>
    private const int LoudMagnitude = 0x20;

    public static bool IsVoiced(Span<byte> rtp) =>
        RtpPacket.TryParse(rtp, out var packet) == WireError.None && IsVoiced(packet);

    /// <summary>For a packet the caller has already parsed (the forwarding pipeline's classifier).</summary>
    public static bool IsVoiced(in RtpPacket packet)
    {
        var payload = packet.Payload;
        return packet.PayloadType switch
        {
            PayloadTypePcmu => LoudEnough(payload, invert: 0xFF),
            PayloadTypePcma => LoudEnough(payload, invert: 0x55),
            PayloadTypeComfortNoise => false,
            _ => payload.Length > 0,
        };
    }

    /// <summary>μ-law stores the magnitude inverted (0xFF = +0), A-law with even bits inverted (0xD5 = +0):
    /// XOR with <paramref name="invert"/> and dropping the sign bit gives segment(3) | mantissa(4), rising with level.</summary>
    private static bool LoudEnough(ReadOnlySpan<byte> samples, byte invert)
    {
        int needed = Math.Max(1, samples.Length / 8);
        foreach (byte s in samples)
        {
            if (((s ^ invert) & 0x7F) >= LoudMagnitude && --needed == 0) return true;
        }
        return false;
    }
}
