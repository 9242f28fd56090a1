using System.Text;
using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Control.Ng.Tests;

public class BencodeReaderTests
{
    private static BencodeError Read(string text, out BNode? value, BencodeLimits? limits = null)
        => BencodeReader.TryRead(Encoding.ASCII.GetBytes(text), limits ?? BencodeLimits.Default, out value, out _);

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i42e", 42L)]
    [InlineData("i-17e", -17L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-999999999999999999e", -999999999999999999L)]
    public void Integers_decode(string text, long expected)
    {
        Assert.Equal(BencodeError.None, Read(text, out var value));
        Assert.Equal(expected, Assert.IsType<BInteger>(value).Value);
    }

    [Fact]
    public void Nested_document_decodes_with_keys_in_order()
    {
        Assert.Equal(BencodeError.None, Read("d7:command5:offer5:flagsl13:trust-address9:symmetrice3:numi3ee", out var value));
        var dict = Assert.IsType<BDictionary>(value);
        Assert.Equal(new[] { "command", "flags", "num" }, dict.Entries.Select(e => e.Key));
        Assert.Equal("offer", dict.GetString("command"));
        var flags = Assert.IsType<BList>(dict["flags"]);
        Assert.Equal(new[] { "trust-address", "symmetric" }, flags.Items.Cast<BString>().Select(s => s.Text));
        Assert.Equal(3, dict.GetInteger("num"));
    }

    [Fact]
    public void Empty_string_and_binary_bytes_decode()
    {
        Assert.Equal(BencodeError.None, Read("l0:3:\u0001\u0002\u0003e", out var value));
        var list = Assert.IsType<BList>(value);
        Assert.Empty(Assert.IsType<BString>(list.Items[0]).Bytes);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.IsType<BString>(list.Items[1]).Bytes);
    }

    [Theory]
    [InlineData("", BencodeError.Empty)]
    [InlineData("i", BencodeError.Truncated)]
    [InlineData("ie", BencodeError.BadInteger)]
    [InlineData("i-e", BencodeError.BadInteger)]
    [InlineData("i-0e", BencodeError.BadInteger)]
    [InlineData("i03e", BencodeError.BadInteger)]
    [InlineData("i1x2e", BencodeError.BadInteger)]
    [InlineData("i12345678901234567890e", BencodeError.IntegerOverflow)]
    [InlineData("i99999999999999999999999999999999999e", BencodeError.IntegerOverflow)]
    [InlineData("5:abc", BencodeError.Truncated)]
    [InlineData("99999999999:x", BencodeError.Truncated)]
    [InlineData("9999999999999999999999:x", BencodeError.IntegerOverflow)]
    [InlineData("-1:x", BencodeError.UnexpectedByte)]
    [InlineData("01:x", BencodeError.BadStringLength)]
    [InlineData("3x:abc", BencodeError.BadStringLength)]
    [InlineData("l", BencodeError.Truncated)]
    [InlineData("li1e", BencodeError.Truncated)]
    [InlineData("d", BencodeError.Truncated)]
    [InlineData("d3:key", BencodeError.Truncated)]
    [InlineData("di1ei2ee", BencodeError.NonStringKey)]
    [InlineData("dlee1:ae", BencodeError.NonStringKey)]
    [InlineData("d1:ai1e1:ai2ee", BencodeError.DuplicateKey)]
    [InlineData("i1ei2e", BencodeError.TrailingData)]
    [InlineData("de ", BencodeError.TrailingData)]
    [InlineData("x", BencodeError.UnexpectedByte)]
    [InlineData("{\"command\":\"ping\"}", BencodeError.UnexpectedByte)]
    public void Malformed_input_is_an_error_value(string text, BencodeError expected)
    {
        Assert.Equal(expected, Read(text, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_without_recursing_further()
    {
        string deep = new string('l', 100_000) + new string('e', 100_000);
        var limits = BencodeLimits.Default with { MaxMessageBytes = 1_000_000 };
        Assert.Equal(BencodeError.TooDeep, Read(deep, out _, limits));

        string atLimit = new string('l', 32) + new string('e', 32);
        Assert.Equal(BencodeError.None, Read(atLimit, out _));
        string overLimit = new string('l', 33) + new string('e', 33);
        Assert.Equal(BencodeError.TooDeep, Read(overLimit, out _));
        string dictsOverLimit = string.Concat(Enumerable.Repeat("d1:a", 33)) + "i1e" + new string('e', 33);
        Assert.Equal(BencodeError.TooDeep, Read(dictsOverLimit, out _));
    }

    [Fact]
    public void Too_many_elements_is_refused()
    {
        string many = "l" + string.Concat(Enumerable.Repeat("i1e", 5000)) + "e";
        Assert.Equal(BencodeError.TooManyElements, Read(many, out _));
        var roomy = BencodeLimits.Default with { MaxElements = 6000 };
        Assert.Equal(BencodeError.None, Read(many, out var value, roomy));
        Assert.Equal(5000, Assert.IsType<BList>(value).Items.Count);
    }

    [Fact]
    public void Input_larger_than_the_limit_is_refused_before_decoding()
    {
        var limits = BencodeLimits.Default with { MaxMessageBytes = 16 };
        Assert.Equal(BencodeError.TooLarge, Read("20:aaaaaaaaaaaaaaaaaaaa", out _, limits));
        Assert.Equal(BencodeError.None, Read("4:aaaa", out _, limits));
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(1234);
        var alphabet = Encoding.ASCII.GetBytes("ilde0123456789:-x ");
        var buffer = new byte[64];
        int decoded = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(1, buffer.Length);
            for (int j = 0; j < length; j++) buffer[j] = alphabet[random.Next(alphabet.Length)];
            var error = BencodeReader.TryRead(buffer.AsSpan(0, length), BencodeLimits.Default, out var value, out int offset);
            Assert.Equal(error == BencodeError.None, value is not null);
            Assert.InRange(offset, 0, length);
            if (value is not null)
            {
                decoded++;
                Assert.Equal(buffer.AsSpan(0, length).ToArray(), BencodeWriter.ToArray(value)); // canonical input round-trips
            }
        }
        Assert.True(decoded > 0);
    }

    [Fact]
    public void TryReadDictionary_rejects_other_top_level_types()
    {
        Assert.Equal(BencodeError.UnexpectedByte, BencodeReader.TryReadDictionary("li1ee"u8, BencodeLimits.Default, out var dict));
        Assert.Null(dict);
        Assert.Equal(BencodeError.None, BencodeReader.TryReadDictionary("de"u8, BencodeLimits.Default, out dict));
        Assert.NotNull(dict);
    }
}
