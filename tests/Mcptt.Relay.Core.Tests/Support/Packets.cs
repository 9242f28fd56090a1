using System.Buffers.Binary;
using System.Text;

namespace Mcptt.Relay.Core.Tests.Support;

/// <summary>Builds test datagrams byte by byte (independently of the Wire views under test).</summary>
internal static class Packets
{
    public static byte[] Rtp(ushort seq, uint ts, uint ssrc, int payloadLength = 20, byte payloadType = 0, bool marker = false, byte fill = 0xAB)
    {
        var p = new byte[12 + payloadLength];
        p[0] = 0x80;
        p[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), ts);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        p.AsSpan(12).Fill(fill);
        return p;
    }

    /// <summary>RR with one report block about <paramref name="reportee"/>.</summary>
    public static byte[] ReceiverReport(uint sender, uint reportee)
    {
        var p = new byte[8 + 24];
        p[0] = 0x81;
        p[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(p.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), reportee);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), 1234); // ext. highest seq
        return p;
    }

    /// <summary>SR with one report block, followed by an SDES CNAME chunk (a typical compound).</summary>
    public static byte[] SenderReportCompound(uint sender, uint reportee)
    {
        var sr = new byte[28 + 24];
        sr[0] = 0x81;
        sr[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(sr.AsSpan(2), (ushort)(sr.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt64BigEndian(sr.AsSpan(8), 0x0102030405060708);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(16), 160000);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(20), 50);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(24), 8000);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(28), reportee);
        var cname = Encoding.ASCII.GetBytes("a@b");
        var sdes = new byte[4 + 4 + 2 + cname.Length + 3]; // header, ssrc, type+len, text, end+pad (=16)
        sdes[0] = 0x81;
        sdes[1] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(sdes.AsSpan(2), (ushort)(sdes.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sdes.AsSpan(4), sender);
        sdes[8] = 1;
        sdes[9] = (byte)cname.Length;
        cname.CopyTo(sdes, 10);
        return [.. sr, .. sdes];
    }

    /// <summary>One RTCP APP packet (TS 24.380 style: not compound).</summary>
    public static byte[] App(string name, uint ssrc, byte subtype = 0, int dataLength = 8)
    {
        var p = new byte[12 + dataLength];
        p[0] = (byte)(0x80 | subtype);
        p[1] = 204;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(p.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), ssrc);
        Encoding.ASCII.GetBytes(name).CopyTo(p, 8);
        return p;
    }

    public static ushort Seq(byte[] rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2));
    public static uint Timestamp(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(4));
    public static uint Ssrc(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8));
    public static bool Marker(byte[] rtp) => (rtp[1] & 0x80) != 0;
    public static uint Word(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
}
