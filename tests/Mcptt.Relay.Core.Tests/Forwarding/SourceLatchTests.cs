using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Tests.Forwarding;

public sealed class SourceLatchTests
{
    private const long Window = 1000;
    private static readonly long Peer = PackedEndpoint.Pack(0x0A000001, 4000);       // 10.0.0.1:4000 (SDP)
    private static readonly long PeerNat = PackedEndpoint.Pack(0x0A000001, 5123);    // same host, NAT port
    private static readonly long Attacker = PackedEndpoint.Pack(0x0B000001, 4000);

    [Fact]
    public void FirstPacketLatches_ThenOthersAreRejected()
    {
        var latch = new SourceLatch();
        Assert.True(latch.Accept(Peer, PackedEndpoint.Unknown, now: 0, Window, 10));
        Assert.Equal(Peer, latch.Learned);
        Assert.False(latch.Accept(Attacker, PackedEndpoint.Unknown, now: 1, Window, 10));
        Assert.True(latch.Accept(Peer, PackedEndpoint.Unknown, now: 2, Window, 10));
    }

    [Fact]
    public void DeclaredHost_ReclaimsALatchAnAttackerWon_WithinTheWindow()
    {
        var latch = new SourceLatch();
        Assert.True(latch.Accept(Attacker, Peer, now: 0, Window, 10));
        Assert.True(latch.Accept(PeerNat, Peer, now: 10, Window, 10)); // declared IP, NAT'ed port
        Assert.Equal(PeerNat, latch.Learned);
        Assert.False(latch.Accept(Attacker, Peer, now: 20, Window, 10));
    }

    [Fact]
    public void AfterTheWindow_TheLatchIsFinal()
    {
        var latch = new SourceLatch();
        Assert.True(latch.Accept(Attacker, Peer, now: 0, Window, 10));
        Assert.True(latch.Accept(Attacker, Peer, now: Window + 1, Window, 10)); // closes the window
        Assert.False(latch.Accept(Peer, Peer, now: Window + 2, Window, 10));
        Assert.Equal(Attacker, latch.Learned);
    }

    [Fact]
    public void EnoughPackets_CloseTheWindowEarly()
    {
        var latch = new SourceLatch();
        for (int i = 0; i < 3; i++) Assert.True(latch.Accept(Attacker, Peer, now: i, Window, 3));
        Assert.False(latch.Accept(Peer, Peer, now: 5, Window, 3));
    }

    [Fact]
    public void DeclaredHost_CannotBeTakenOverBySamehostOtherPort_OnceItHoldsTheLatch()
    {
        var latch = new SourceLatch();
        Assert.True(latch.Accept(Peer, Peer, now: 0, Window, 10));
        Assert.False(latch.Accept(PeerNat, Peer, now: 1, Window, 10));
    }
}
