using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mcptt.Control.Ng.Bencode;

/// <summary>Encodes a <see cref="BNode"/> tree. Dictionaries are written in insertion order (see <see cref="BDictionary"/>).</summary>
public static class BencodeWriter
{
    public static byte[] ToArray(BNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, node);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, BNode node)
    {
        switch (node)
        {
            case BInteger integer:
                WriteByte(output, (byte)'i');
                WriteNumber(output, integer.Value);
                WriteByte(output, (byte)'e');
                break;
            case BString text:
                WriteBytes(output, text.Bytes);
                break;
            case BList list:
                WriteByte(output, (byte)'l');
                foreach (var item in list.Items) Write(output, item);
                WriteByte(output, (byte)'e');
                break;
            case BDictionary dictionary:
                WriteByte(output, (byte)'d');
                foreach (var entry in dictionary.Entries)
                {
                    WriteBytes(output, Encoding.UTF8.GetBytes(entry.Key));
                    Write(output, entry.Value);
                }
                WriteByte(output, (byte)'e');
                break;
            default:
                throw new ArgumentException("unknown bencode node type", nameof(node));
        }
    }

    private static void WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        WriteNumber(output, bytes.Length);
        WriteByte(output, (byte)':');
        output.Write(bytes);
    }

    private static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int written);
        output.Advance(written);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
