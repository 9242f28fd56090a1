using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>
/// Mutation fuzzing: every RFC 4475 message with random byte flips, insertions, deletions, truncations
/// and splices, plus random bytes, through the parser (both framings) and the whole SipStack. Nothing
/// may throw; the seed is fixed so a failure is reproducible.
/// </summary>
public class ParserFuzzTests
{
    private static readonly byte[] Interesting = "\r\n\t ;,:<>\"\\%@=/?0123456789z9hG4bK"u8.ToArray();

    [Fact]
    public void MutatedTortureMessagesNeverThrow()
    {
        var random = new Random(4475);
        var corpus = TortureFiles.AllNames().Select(TortureFiles.Read).ToArray();
        var f = new StackFixture(answer: _ => 200);
        int parsed = 0, failed = 0;
        for (int i = 0; i < 4000; i++)
        {
            var input = Mutate(corpus[random.Next(corpus.Length)], corpus, random);
            var datagram = SipParser.Parse(input, SipFraming.Datagram);
            var stream = SipParser.Parse(input, SipFraming.Stream);
            Assert.InRange(stream.BytesConsumed, 0, input.Length);
            Assert.NotEqual("unparseable message", datagram.Error);
            Assert.NotEqual("unparseable message", stream.Error);
            if (datagram.Success) parsed++; else failed++;
            // Whatever parses must serialize and parse again.
            if (datagram.Message is { } message) Assert.True(SipParser.Parse(SipSerializer.Serialize(message), SipFraming.Stream).Status != SipParseStatus.Incomplete);
            f.Udp.Receive(input);
            f.Tcp.Receive(input, connectionId: 1);
        }
        Assert.True(parsed > 0 && failed > 0, $"mutations should both pass and fail parsing ({parsed}/{failed})");
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, f.Stack.ServerTransactionCount);
        Assert.Empty(f.Logger.Entries);
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(3261);
        var f = new StackFixture();
        for (int i = 0; i < 2000; i++)
        {
            var input = new byte[random.Next(0, 600)];
            random.NextBytes(input);
            if (i % 2 == 0 && input.Length > 30) "INVITE sip:a@b SIP/2.0\r\n"u8.CopyTo(input);
            var result = SipParser.Parse(input, SipFraming.Datagram);
            Assert.Equal(result.Success, result.Message is not null);
            Assert.NotEqual(SipParseStatus.Incomplete, result.Status);
            f.Udp.Receive(input);
        }
        Assert.Empty(f.Handler.Requests);
        Assert.Empty(f.Logger.Entries);
    }

    private static byte[] Mutate(byte[] source, byte[][] corpus, Random random)
    {
        var data = new List<byte>(source);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0: data[at] = (byte)random.Next(256); break;
                case 1: data.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 2: data.RemoveRange(at, Math.Min(random.Next(1, 16), data.Count - at)); break;
                case 3: data.RemoveRange(at, data.Count - at); break;
                case 4:
                    var other = corpus[random.Next(corpus.Length)];
                    int from = random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(random.Next(1, 80), other.Length - from)).ToArray());
                    break;
                default: data.Insert(at, (byte)(random.Next(2) == 0 ? '\n' : '\0')); break;
            }
        }
        return data.ToArray();
    }
}
