using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Wire;

public class FloorHostileInputTests
{
    private static FloorParseError ReadOne(byte[] datagram) => FloorPacket.TryRead(datagram, out _, out _);

    [Fact]
    public void Rtcp_length_claiming_more_than_the_datagram_is_rejected()
    {
        var bytes = Hex.Parse("80 CC 00 09 11 22 33 44 4D 43 50 54 00 02 05 00"); // says 40 octets, has 16
        Assert.Equal(FloorParseError.LengthPastEnd, ReadOne(bytes));
    }

    [Fact]
    public void Tlv_length_past_the_end_is_an_error_value()
    {
        var bytes = Hex.Parse("80 CC 00 03 11 22 33 44 4D 43 50 54 06 40 73 69"); // User ID claims 64 octets
        Assert.Equal(FloorParseError.None, FloorPacket.TryRead(bytes, out var packet, out _));
        Assert.Equal(FloorParseError.FieldPastEnd, FloorFields.TryDecode(packet.Payload, out _));
    }

    [Fact]
    public void Two_octet_length_header_cut_short_is_an_error_value()
    {
        var bytes = Hex.Parse("80 CC 00 03 11 22 33 44 4D 43 50 54 00 02 05 00 C8"); // a stray 17th octet
        var reader = new FloorDatagramReader(bytes);
        Assert.True(reader.TryReadNext(out _, out var first));
        Assert.Equal(FloorParseError.None, first); // the RTCP length says 16: the packet itself is fine
        Assert.True(reader.TryReadNext(out _, out var second));
        Assert.Equal(FloorParseError.Truncated, second); // the leftover octet is no packet
        Assert.False(reader.TryReadNext(out _, out _));
        var payload = Hex.Parse("00 02 05 00 C8 00");
        Assert.Equal(FloorParseError.FieldPastEnd, FloorFields.TryDecode(payload, out _));
    }

    [Theory]
    [InlineData("80 CC 00", FloorParseError.Truncated)]
    [InlineData("80 CC 00 01 11 22 33 44", FloorParseError.Truncated)] // an 8-octet APP packet has no name
    [InlineData("40 CC 00 02 11 22 33 44 4D 43 50 54", FloorParseError.BadVersion)]
    [InlineData("A0 CC 00 02 11 22 33 44 4D 43 50 54", FloorParseError.PaddingSet)]
    [InlineData("87 CC 00 02 11 22 33 44 4D 43 50 54", FloorParseError.UnknownSubtype)] // 7: Revoke Request (Rel-19)
    [InlineData("8E CC 00 02 11 22 33 44 4D 43 50 54", FloorParseError.UnknownSubtype)] // 14: release-dependent
    [InlineData("90 CC 00 02 11 22 33 44 4D 43 50 54", FloorParseError.UnknownSubtype)] // Request + x bit
    [InlineData("80 CC 00 02 11 22 33 44 4D 43 50 43", FloorParseError.NotMcpt)] // "MCPC"
    [InlineData("80 C8 00 01 11 22 33 44", FloorParseError.NotApp)] // PT 200 SR
    public void Header_problems_are_error_values(string hex, FloorParseError expected)
        => Assert.Equal(expected, ReadOne(Hex.Parse(hex)));

    [Fact]
    public void Fixed_fields_with_wrong_length_are_rejected()
    {
        Assert.Equal(FloorParseError.FieldBadLength, FloorFields.TryDecode(Hex.Parse("00 03 05 00 00 00 00 00"), out _));
        Assert.Equal(FloorParseError.FieldBadLength, FloorFields.TryDecode(Hex.Parse("0E 04 AA BB CC DD 00 00"), out _)); // SSRC needs 6
    }

    [Fact]
    public void Several_app_packets_in_one_datagram_are_iterated_and_foreign_ones_skipped()
    {
        var request = Hex.Parse(FloorVectors.Request);
        var receiverReport = Hex.Parse("80 C9 00 01 99 99 99 99"); // RR without blocks
        var release = Hex.Parse(FloorVectors.ReleaseAckRequired);
        var datagram = request.Concat(receiverReport).Concat(release).ToArray();

        var reader = new FloorDatagramReader(datagram);
        var seen = new List<(FloorParseError, FloorMessageType?)>();
        while (reader.TryReadNext(out var packet, out var error))
            seen.Add((error, error == FloorParseError.None ? packet.Type : null));

        Assert.Equal(new (FloorParseError, FloorMessageType?)[]
        {
            (FloorParseError.None, FloorMessageType.Request),
            (FloorParseError.NotApp, null),
            (FloorParseError.None, FloorMessageType.Release),
        }, seen);
    }

    [Fact]
    public void Iteration_stops_after_a_lying_length()
    {
        var request = Hex.Parse(FloorVectors.Request);
        var liar = Hex.Parse("80 CC 00 20 11 22 33 44 4D 43 50 54");
        var reader = new FloorDatagramReader(request.Concat(liar).Concat(request).ToArray());
        var errors = new List<FloorParseError>();
        while (reader.TryReadNext(out _, out var error)) errors.Add(error);
        Assert.Equal(new[] { FloorParseError.None, FloorParseError.LengthPastEnd }, errors);
    }

    [Fact]
    public void Random_and_mutated_input_never_throws()
    {
        var rng = new Random(24380);
        var seeds = new[] { FloorVectors.Request, FloorVectors.GrantedAckRequired, FloorVectors.Taken, FloorVectors.QueuePositionInfo }
            .Select(Hex.Parse).ToArray();
        int decoded = 0, rejected = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[rng.Next(0, 80)];
                rng.NextBytes(data);
                if (data.Length > 0) data[0] = (byte)(0x80 | (data[0] & 0x1F)); // mostly V=2 so parsing goes deep
                if (data.Length > 1) data[1] = 0xCC;
            }
            else
            {
                data = (byte[])seeds[rng.Next(seeds.Length)].Clone();
                for (int m = rng.Next(1, 4); m > 0; m--) data[rng.Next(data.Length)] = (byte)rng.Next(256);
                if (rng.Next(4) == 0) data = data[..rng.Next(data.Length)];
            }
            var reader = new FloorDatagramReader(data);
            int steps = 0;
            while (reader.TryReadNext(out var packet, out var error))
            {
                Assert.True(++steps <= data.Length / 4 + 1, "iteration must always make progress");
                if (error != FloorParseError.None) { rejected++; continue; }
                if (FloorFields.TryDecode(packet.Payload, out var f) == FloorParseError.None)
                {
                    decoded++;
                    _ = f.GetUserId();
                    _ = f.GetGrantedPartyIdentity();
                }
                else rejected++;
            }
        }
        Assert.True(decoded > 0 && rejected > 0, $"fuzz should exercise both paths (decoded {decoded}, rejected {rejected})");
    }
}
