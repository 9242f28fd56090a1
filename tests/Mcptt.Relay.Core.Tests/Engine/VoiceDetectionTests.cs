using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>Legs allocated with DetectVoice: gated digital silence moves LastRtpTimestamp but not LastVoiceTimestamp.</summary>
public sealed class VoiceDetectionTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Silence_is_rtp_activity_but_not_voice_on_a_detecting_leg(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(new LegOptions(DetectVoice: true));
        f.Engine.SetRemote(a, pa.Rtp.EndPoint, pa.Rtcp.EndPoint);
        var b = f.Leg(pb); // no detection: every RTP packet counts as voice
        var group = f.Engine.CreateBridge(BridgeMode.FloorHolderOnly);
        f.Engine.Attach(group, a);
        f.Engine.Attach(group, b);

        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 160, 0xA, 160, fill: 0xFF)); // PCMU digital silence
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn == 1));
        Assert.NotEqual(0, f.Engine.GetStats(a).LastRtpTimestamp);
        Assert.Equal(0, f.Engine.GetStats(a).LastVoiceTimestamp);

        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(2, 320, 0xA, 160, fill: 0x90)); // loud
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).LastVoiceTimestamp != 0));
        long voiced = f.Engine.GetStats(a).LastVoiceTimestamp;
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(3, 480, 0xA, 160, fill: 0xFF));
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn == 3));
        Assert.Equal(voiced, f.Engine.GetStats(a).LastVoiceTimestamp);
        Assert.True(f.Engine.GetStats(a).LastRtpTimestamp > voiced);

        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xB, 160, fill: 0xFF));
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(b).RtpPacketsIn == 1));
        Assert.Equal(f.Engine.GetStats(b).LastRtpTimestamp, f.Engine.GetStats(b).LastVoiceTimestamp);
        Assert.NotEqual(0, f.Engine.GetStats(b).LastVoiceTimestamp);
    }
}
