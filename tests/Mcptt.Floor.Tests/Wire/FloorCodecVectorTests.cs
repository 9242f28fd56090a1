using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Wire;

public class FloorCodecVectorTests
{
    private const uint Client = 0x11223344;
    private const uint Server = 0x5EC00001;

    private static byte[] Write(FloorMessageType type, bool ack, uint ssrc, WriteFields fields)
    {
        var buffer = new byte[512];
        var w = new FloorMessageWriter(buffer, type, ack, ssrc);
        fields(ref w);
        int n = w.Finish();
        Assert.False(w.Overflowed);
        return buffer[..n];
    }

    private delegate void WriteFields(ref FloorMessageWriter w);

    [Fact]
    public void Request_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.Request);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Request, m.Type);
        Assert.False(m.AckRequired);
        Assert.Equal(Client, m.HeaderSsrc);
        Assert.Equal((byte)5, m.Priority);
        Assert.Equal("sip:a@x", m.UserId);
        Assert.Equal(vector, Write(FloorMessageType.Request, false, Client, (ref FloorMessageWriter w) => { w.Priority(5); w.UserId("sip:a@x"); }));
    }

    [Fact]
    public void Granted_ack_required_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.GrantedAckRequired);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Granted, m.Type);
        Assert.True(m.AckRequired);
        Assert.Equal(0x11, m.RawSubtype);
        Assert.Equal((ushort)30, m.Duration);
        Assert.Equal(0xAABBCCDDu, m.Ssrc);
        Assert.Equal((byte)5, m.Priority);
        Assert.Equal(FloorIndicator.NormalCall, m.Indicator);
        Assert.Equal(vector, Write(FloorMessageType.Granted, true, Server, (ref FloorMessageWriter w) =>
        {
            w.Duration(30); w.Ssrc(0xAABBCCDD); w.Priority(5); w.Indicator(FloorIndicator.NormalCall);
        }));
    }

    [Fact]
    public void Taken_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.Taken);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Taken, m.Type);
        Assert.Equal("sip:a@x", m.GrantedParty);
        Assert.True(m.Permission);
        Assert.Equal((ushort)1, m.Sequence);
        Assert.Equal(vector, Write(FloorMessageType.Taken, false, Server, (ref FloorMessageWriter w) =>
        {
            w.GrantedPartyIdentity("sip:a@x"); w.PermissionToRequest(true); w.SequenceNumber(1); w.Indicator(FloorIndicator.NormalCall);
        }));
    }

    [Fact]
    public void Deny_with_reject_phrase_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.DenyWithPhrase);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Deny, m.Type);
        Assert.Equal((ushort)FloorDenyCause.AnotherClientHasPermission, m.RejectCause);
        Assert.Equal("busy", m.RejectPhrase);
        Assert.Equal(vector, Write(FloorMessageType.Deny, false, Server, (ref FloorMessageWriter w) => w.RejectCause(1, "busy")));
    }

    [Fact]
    public void Release_ack_required_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.ReleaseAckRequired);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Release, m.Type);
        Assert.True(m.AckRequired);
        Assert.Equal("sip:b@x", m.UserId);
        Assert.Equal(vector, Write(FloorMessageType.Release, true, Client, (ref FloorMessageWriter w) => w.UserId("sip:b@x")));
    }

    [Fact]
    public void Idle_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.Idle);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Idle, m.Type);
        Assert.Equal((ushort)2, m.Sequence);
        Assert.Equal(vector, Write(FloorMessageType.Idle, false, Server, (ref FloorMessageWriter w) => { w.SequenceNumber(2); w.Indicator(FloorIndicator.NormalCall); }));
    }

    [Fact]
    public void Revoke_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.Revoke);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Revoke, m.Type);
        Assert.Equal((ushort)FloorRevokeCause.MediaBurstTooLong, m.RejectCause);
        Assert.Null(m.RejectPhrase);
        Assert.Equal(vector, Write(FloorMessageType.Revoke, false, Server, (ref FloorMessageWriter w) => { w.RejectCause(2); w.Indicator(FloorIndicator.NormalCall); }));
    }

    [Fact]
    public void Queue_position_request_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.QueuePositionRequest);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.QueuePositionRequest, m.Type);
        Assert.Equal("sip:b@x", m.UserId);
        Assert.Equal(vector, Write(FloorMessageType.QueuePositionRequest, false, Client, (ref FloorMessageWriter w) => w.UserId("sip:b@x")));
    }

    [Fact]
    public void Queue_position_info_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.QueuePositionInfo);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.QueuePositionInfo, m.Type);
        Assert.Equal(((byte)1, (byte)3), m.QueueInfo);
        Assert.Equal(vector, Write(FloorMessageType.QueuePositionInfo, false, Server, (ref FloorMessageWriter w) => { w.UserId("sip:b@x"); w.QueueInfo(1, 3); }));
    }

    [Fact]
    public void Ack_round_trips()
    {
        var vector = Hex.Parse(FloorVectors.Ack);
        var m = Decoded.From(vector);
        Assert.Equal(FloorMessageType.Ack, m.Type);
        Assert.Equal(FloorSource.FloorParticipant, m.Source);
        Assert.Equal((byte)0x11, m.AcknowledgedSubtype);
        Assert.Equal(vector, Write(FloorMessageType.Ack, false, Client, (ref FloorMessageWriter w) => { w.Source(FloorSource.FloorParticipant); w.MessageType(0x11); }));
    }

    [Fact]
    public void Legacy_field_ids_map_to_current_numbering()
    {
        var m = Decoded.From(Hex.Parse(FloorVectors.RequestLegacyIds));
        Assert.Equal((byte)7, m.Priority);
        Assert.Equal("sip:a@x", m.UserId);
    }

    [Theory]
    [InlineData(102, FloorFieldId.FloorPriority)]
    [InlineData(106, FloorFieldId.GrantedPartyIdentity)]
    [InlineData(108, FloorFieldId.PermissionToRequest)]
    [InlineData(111, FloorFieldId.MessageSequenceNumber)]
    [InlineData(116, FloorFieldId.FloorIndicator)]
    [InlineData(14, FloorFieldId.Ssrc)]
    public void Legacy_ids_normalize(byte raw, FloorFieldId expected)
    {
        Assert.True(FloorFieldIds.TryNormalize(raw, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(107)]
    [InlineData(117)]
    [InlineData(200)]
    public void Unassigned_ids_are_unknown(byte raw) => Assert.False(FloorFieldIds.TryNormalize(raw, out _));

    [Fact]
    public void Unknown_fields_are_skipped_including_two_octet_lengths()
    {
        var vector = Hex.Parse(FloorVectors.RequestWithUnknownFields);
        Assert.Equal(FloorParseError.None, FloorPacket.TryRead(vector, out var packet, out _));
        Assert.Equal(FloorParseError.None, FloorFields.TryDecode(packet.Payload, out var fields));
        Assert.Equal((byte)9, fields.Priority);
        Assert.Equal(2, fields.UnknownFieldCount);
    }

    [Fact]
    public void Writer_uses_two_octet_length_for_ids_from_192()
    {
        var buffer = new byte[64];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Request, false, Client);
        w.Field(200, new byte[] { 0xAB, 0xCD });
        int n = w.Finish();
        Assert.Equal(Hex.Format(Hex.Parse("80 CC 00 04 11 22 33 44 4D 43 50 54 C8 00 02 AB CD 00 00 00")), Hex.Format(buffer.AsSpan(0, n)));
    }

    [Fact]
    public void Writer_reports_overflow_instead_of_throwing()
    {
        var small = new byte[16];
        var w = new FloorMessageWriter(small, FloorMessageType.Request, false, Client);
        w.Priority(1);
        w.UserId("sip:someone-with-a-long-name@example.org");
        Assert.True(w.Overflowed);
        Assert.Equal(0, w.Finish());

        var big = new byte[1024];
        var w2 = new FloorMessageWriter(big, FloorMessageType.Request, false, Client);
        w2.UserId(new string('x', 256)); // one octet of length cannot say 256
        Assert.True(w2.Overflowed);
    }

    [Fact]
    public void Ack_bit_only_on_types_that_define_it()
    {
        Assert.Equal(0x11, FloorSubtype.Encode(FloorMessageType.Granted, true));
        Assert.Equal(0x00, FloorSubtype.Encode(FloorMessageType.Request, true));
        Assert.Equal(0x06, FloorSubtype.Encode(FloorMessageType.Revoke, true));
        Assert.True(FloorSubtype.TryDecode(0x19, out var t, out bool ack));
        Assert.Equal(FloorMessageType.QueuePositionInfo, t);
        Assert.True(ack);
        Assert.False(FloorSubtype.TryDecode(0x10, out _, out _)); // Request has no ack variant
        Assert.False(FloorSubtype.TryDecode(0x07, out _, out _));
        Assert.False(FloorSubtype.TryDecode(0x0E, out _, out _));
    }

    [Fact]
    public void Parsing_a_message_does_not_allocate()
    {
        var vector = Hex.Parse(FloorVectors.Taken);
        int sum = 0;
        ParseOnce(vector, ref sum); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) ParseOnce(vector, ref sum);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1001 * 3, sum);
    }

    private static void ParseOnce(byte[] datagram, ref int sum)
    {
        var reader = new FloorDatagramReader(datagram);
        while (reader.TryReadNext(out var packet, out var error))
        {
            if (error != FloorParseError.None) continue;
            if (FloorFields.TryDecode(packet.Payload, out var f) != FloorParseError.None) continue;
            sum += (f.SequenceNumber ?? 0) + (f.PermissionToRequest == true ? 1 : 0) + (f.GrantedPartyIdentityUtf8.Length == 7 ? 1 : 0);
        }
    }
}
