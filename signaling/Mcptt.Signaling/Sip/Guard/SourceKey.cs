using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// A source host as one 128-bit value: IPv4 addresses in their IPv4-mapped IPv6 form, so 10.0.0.1 and ::ffff:10.0.0.1
/// are the same host. Built without allocating; the key of every per-source table (flood guard, auth throttle).
/// </summary>
public readonly record struct SourceKey(UInt128 Value)
{
    public static SourceKey From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }
        return new SourceKey(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>The address back (IPv4 when it is a mapped one), for logs.</summary>
    public IPAddress ToAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    public override string ToString() => ToAddress().ToString();
}
