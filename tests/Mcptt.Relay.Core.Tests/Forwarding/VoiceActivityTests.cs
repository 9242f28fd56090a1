using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Forwarding;

public sealed class VoiceActivityTests
{
    /// <summary>ITU-T G.711 μ-law encoder (segment search, bias 0x84), enough to make test payloads.</summary>
    private static byte MuLaw(short sample)
    {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.Min(Math.Abs((int)sample), 32635) + 0x84;
        int segment = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && segment > 0; mask >>= 1) segment--;
        int mantissa = (magnitude >> (segment + 3)) & 0x0F;
        return (byte)~(sign | (segment << 4) | mantissa);
    }

    /// <summary>ITU-T G.711 A-law encoder.</summary>
    private static byte ALaw(short sample)
    {
        int sign = sample >= 0 ? 0x80 : 0;
        int magnitude = Math.Min(Math.Abs((int)sample), 32767) >> 3;
        int segment = 0;
        while (segment < 7 && magnitude >= 32 << segment) segment++;
        int mantissa = segment == 0 ? magnitude >> 1 : (magnitude >> segment) & 0x0F;
        return (byte)((sign | (segment << 4) | mantissa) ^ 0x55);
    }

    private static byte[] Tone(Func<short, byte> encode, double amplitude, double hz = 1000, int samples = 160)
    {
        var payload = new byte[samples];
        for (int i = 0; i < samples; i++)
            payload[i] = encode((short)(amplitude * 32767 * Math.Sin(2 * Math.PI * hz * i / 8000)));
        return payload;
    }

    private static byte[] Rtp(byte payloadType, byte[] payload)
    {
        var packet = Packets.Rtp(1, 160, 0xA, payload.Length, payloadType);
        payload.CopyTo(packet, 12);
        return packet;
    }

    [Fact]
    public void A_pcmu_tone_is_voice_and_digital_silence_or_faint_noise_is_not()
    {
        Assert.True(VoiceActivity.IsVoiced(Rtp(0, Tone(MuLaw, 0.5))));
        Assert.True(VoiceActivity.IsVoiced(Rtp(0, Tone(MuLaw, 0.05))));
        Assert.False(VoiceActivity.IsVoiced(Rtp(0, Tone(MuLaw, 0))));          // what a muted baresip sends (0xFF)
        Assert.False(VoiceActivity.IsVoiced(Rtp(0, Tone(MuLaw, 0.002))));      // -54 dBFS background
        Assert.All(Tone(MuLaw, 0), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void A_pcma_tone_is_voice_and_pcma_silence_is_not()
    {
        Assert.True(VoiceActivity.IsVoiced(Rtp(8, Tone(ALaw, 0.5, hz: 440))));
        Assert.False(VoiceActivity.IsVoiced(Rtp(8, Tone(ALaw, 0))));
        Assert.False(VoiceActivity.IsVoiced(Rtp(8, Tone(ALaw, 0.002))));
    }

    [Fact]
    public void A_single_click_in_silence_is_not_voice()
    {
        var payload = Tone(MuLaw, 0);
        payload[80] = MuLaw(30000);
        Assert.False(VoiceActivity.IsVoiced(Rtp(0, payload)));
        for (int i = 0; i < payload.Length / 8; i++) payload[i * 8] = MuLaw(30000);
        Assert.True(VoiceActivity.IsVoiced(Rtp(0, payload)));
    }

    [Fact]
    public void Comfort_noise_is_not_voice_and_codecs_it_cannot_judge_are()
    {
        Assert.False(VoiceActivity.IsVoiced(Rtp(13, [0x40])));
        Assert.True(VoiceActivity.IsVoiced(Rtp(96, [0x00, 0x00, 0x00])));
        Assert.False(VoiceActivity.IsVoiced(Rtp(96, [])));
    }

    [Fact]
    public void Header_extension_and_padding_are_not_read_as_samples()
    {
        // Loud-looking bytes in the extension and the padding, digital silence in the payload.
        var packet = new byte[12 + 4 + 8 + 160 + 4];
        packet[0] = 0x80 | 0x20 | 0x10; // V=2, P, X
        packet[1] = 0;                  // PCMU
        packet[12 + 3] = 2;             // extension length: 2 words
        packet.AsSpan(16, 8).Fill(0x00);
        packet.AsSpan(24, 160).Fill(0xFF);
        packet.AsSpan(184, 3).Fill(0x00);
        packet[^1] = 4;                 // pad count
        Assert.False(VoiceActivity.IsVoiced(packet));
        packet.AsSpan(24, 160).Fill(0x80);
        Assert.True(VoiceActivity.IsVoiced(packet));
    }

    [Fact]
    public void Malformed_rtp_is_not_voice()
    {
        Assert.False(VoiceActivity.IsVoiced(new byte[] { 0x80, 0x00, 0x00 }));
        var lying = Rtp(0, Tone(MuLaw, 0.5));
        lying[0] |= 0x0F; // 15 CSRCs claimed, not present
        lying = lying.AsSpan(0, 40).ToArray();
        Assert.False(VoiceActivity.IsVoiced(lying));
    }
}
