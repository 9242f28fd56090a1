using System.Text;
using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Control.Ng.Tests;

public class BencodeWriterTests
{
    [Fact]
    public void Writes_each_type()
    {
        var doc = new BDictionary()
            .Set("result", "pong")
            .Set("n", -5)
            .Set("l", new BList().Add("a").Add(new BInteger(0)).Add(new BList()))
            .Set("d", new BDictionary());
        Assert.Equal("d6:result4:pong1:ni-5e1:ll1:ai0elee1:ddee", Encoding.ASCII.GetString(BencodeWriter.ToArray(doc)));
    }

    [Fact]
    public void Utf8_strings_are_length_prefixed_in_bytes()
    {
        var bytes = BencodeWriter.ToArray(new BString("é"));
        Assert.Equal(new byte[] { (byte)'2', (byte)':', 0xC3, 0xA9 }, bytes);
    }

    [Fact]
    public void Write_then_read_round_trips()
    {
        var doc = new BDictionary()
            .Set("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n")
            .Set("tags", new BDictionary().Set("", new BDictionary().Set("created", 1_700_000_000)));
        var bytes = BencodeWriter.ToArray(doc);
        Assert.Equal(BencodeError.None, BencodeReader.TryReadDictionary(bytes, BencodeLimits.Default, out var back));
        Assert.Equal(bytes, BencodeWriter.ToArray(back!));
        Assert.Equal(doc.GetString("sdp"), back!.GetString("sdp"));
    }

    [Fact]
    public void Dictionary_indexer_replaces_and_removes()
    {
        var dict = new BDictionary().Set("a", 1).Set("b", 2);
        dict.Set("a", 3);
        dict["b"] = null;
        Assert.Equal("d1:ai3ee", Encoding.ASCII.GetString(BencodeWriter.ToArray(dict)));
    }
}
