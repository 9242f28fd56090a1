using Mcptt.Client.Floor;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Tests;

public class FloorCodecTests
{
    [Fact]
    public void Request_round_trips_priority_and_user()
    {
        byte[] buffer = new byte[FloorCodec.MaxMessageSize];
        int length = FloorCodec.WriteRequest(buffer, 0x01020304, 7, "sip:alice@example.org");
        List<FloorEvent> events = FloorCodec.Decode(buffer.AsSpan(0, length), null, out int invalid);

        Assert.Equal(0, invalid);
        FloorEvent ev = Assert.Single(events);
        Assert.Equal(FloorMessageType.Request, ev.Type);
        Assert.Equal(0x01020304u, ev.Ssrc);
        Assert.Equal((byte)7, ev.Priority);
        Assert.Equal("sip:alice@example.org", ev.UserId);
    }

    [Fact]
    public void Ack_names_the_acknowledged_subtype_with_its_ack_bit()
    {
        byte[] buffer = new byte[FloorCodec.MaxMessageSize];
        int length = FloorCodec.WriteAck(buffer, 9, FloorMessageType.Granted, ackRequiredBit: true);
        FloorEvent ev = Assert.Single(FloorCodec.Decode(buffer.AsSpan(0, length), null, out _));
        Assert.Equal(FloorMessageType.Ack, ev.Type);
        Assert.Equal((byte)0x11, ev.AcknowledgedType);
    }

    [Fact]
    public void Two_messages_in_one_datagram_and_trailing_garbage()
    {
        byte[] buffer = new byte[FloorCodec.MaxMessageSize];
        int first = FloorCodec.WriteRelease(buffer, 1, null);
        int second = FloorCodec.WriteQueuePositionRequest(buffer.AsSpan(first), 2, "bob");
        buffer[first + second] = 0x80; // a lone, truncated header
        List<FloorEvent> events = FloorCodec.Decode(buffer.AsSpan(0, first + second + 3), null, out int invalid);

        Assert.Equal([FloorMessageType.Release, FloorMessageType.QueuePositionRequest], events.Select(e => e.Type));
        Assert.Equal(1, invalid);
    }

    [Fact]
    public void Describes_deny_causes_for_people()
    {
        var ev = new FloorEvent(FloorMessageType.Deny, false, 1) { RejectCause = 3, RejectPhrase = "alone" };
        Assert.Equal("deny cause 3 (only one participant) \"alone\"", ev.ToString());
    }
}
