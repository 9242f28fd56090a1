using System.Buffers.Binary;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Application-defined RTCP packet, PT = 204 (RFC 3550 §6.7). MCPTT floor control (TS 24.380)
/// is carried as APP with name "MCPT" and the message type in the subtype field.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| subtype |   PT=APP=204  |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           SSRC/CSRC                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          name (ASCII)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   application-dependent data                ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct RtcpApp
{
    public const int MinLength = 12;

    /// <summary>"MCPT" as a big-endian 32-bit word: compare names without building strings.</summary>
    public const uint McptName = ('M' << 24) | ('C' << 16) | ('P' << 8) | 'T';

    private const int SsrcOffset = 4;
    private const int NameOffset = 8;
    private const int DataOffset = 12;

    private readonly Span<byte> _data;

    private RtcpApp(Span<byte> data) => _data = data;

    public int Subtype => _data[0] & 0x1F;

    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(SsrcOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(_data.Slice(SsrcOffset), value);
    }

    public uint NameWord => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(NameOffset));

    public ReadOnlySpan<byte> Name => _data.Slice(NameOffset, 4);

    public Span<byte> ApplicationData => _data.Slice(DataOffset);

    public bool IsMcptt => NameWord == McptName;

    public static WireError TryRead(RtcpPacket packet, out RtcpApp app)
    {
        app = default;
        if (packet.PacketType != RtcpPacketType.App) return WireError.NotRtcp;
        if (packet.Length < MinLength) return WireError.TooShort;
        app = new RtcpApp(packet.Data);
        return WireError.None;
    }
}
