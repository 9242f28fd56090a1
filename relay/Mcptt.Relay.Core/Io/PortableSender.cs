using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Sends each datagram immediately with Socket.SendTo(span, flags, SocketAddress): the
/// SocketAddress is one preallocated object whose bytes are rewritten per send, so nothing is
/// allocated. Header and tail are joined in one pinned scratch buffer (no gather I/O here).
/// </summary>
internal sealed unsafe class PortableSender : PacketSender
{
    private readonly byte[] _scratch = GC.AllocateArray<byte>(PacketSlab.SlotSize, pinned: true);
    private readonly byte* _scratchPointer;
    private readonly SocketAddress _address = new IPEndPoint(IPAddress.Any, 0).Serialize();
    private Socket? _socket;
    private int _slot;
    private bool _rtcp;

    public PortableSender(WorkerCounters counters) : base(counters)
    {
        _scratchPointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_scratch));
    }

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        _socket = rtcp ? destination.RtcpSocket : destination.RtpSocket;
        _slot = destination.Slot;
        _rtcp = rtcp;
        return _scratchPointer;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        ReadOnlySpan<byte> datagram;
        if (headerLength == 0)
        {
            datagram = new ReadOnlySpan<byte>(tail, tailLength);
        }
        else
        {
            new ReadOnlySpan<byte>(tail, tailLength).CopyTo(_scratch.AsSpan(headerLength));
            datagram = _scratch.AsSpan(0, headerLength + tailLength);
        }
        PackedEndpoint.WriteSockAddrIn(remote, _address.Buffer.Span);
        Counters.Increment(WorkerCounters.SendCalls);
        try
        {
            _socket!.SendTo(datagram, SocketFlags.None, _address);
            Counters.CountOut(_slot, _rtcp, datagram.Length);
        }
        catch (SocketException)
        {
            // Full buffer / unreachable: an exceptional path of the portable engine only.
            Counters.Drop(DropReason.SendError);
        }
        catch (ObjectDisposedException)
        {
            Counters.Drop(DropReason.SendError);
        }
    }

    public override void Flush()
    {
    }
}
