using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Collects outgoing datagrams into mmsghdr runs and sends each run that leaves through the same
/// socket with one sendmmsg(2). The pipeline emits destination-major, so a receive batch of 32
/// packets toward one listener is one syscall; a fan-out to N listeners is N syscalls per receive
/// batch (sendmmsg sends on one fd, and every listener must get media from its own leg's port).
/// Each message has up to two iovecs: a header in the arena (rewritten RTP header / RTCP copy)
/// and the untouched tail in the receive slab.
/// </summary>
internal sealed unsafe class BatchedSender : PacketSender, IDisposable
{
    private const int ArenaBytes = 64 * 1024;

    private readonly int _capacity;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly SockAddrIn* _addresses;
    private readonly int[] _slots;
    private readonly bool[] _rtcp;
    private readonly int[] _lengths;
    private readonly NativeArena _arena = new(ArenaBytes);
    private int _count;
    private int _fd = -1;
    private int _pendingSlot;
    private bool _pendingRtcp;

    public BatchedSender(WorkerCounters counters, int capacity) : base(counters)
    {
        _capacity = capacity;
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MMsgHdr));
        _iovecs = (IoVec*)NativeMemory.AllocZeroed((nuint)capacity * 2, (nuint)sizeof(IoVec));
        _addresses = (SockAddrIn*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(SockAddrIn));
        _slots = new int[capacity];
        _rtcp = new bool[capacity];
        _lengths = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _addresses[i].Family = SockAddrIn.AfInet;
            _messages[i].Header.Name = &_addresses[i];
            _messages[i].Header.NameLength = SockAddrIn.Size;
            _messages[i].Header.Iov = &_iovecs[2 * i];
        }
    }

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        int fd = rtcp ? destination.RtcpFd : destination.RtpFd;
        if (_count > 0 && (fd != _fd || _count == _capacity || _arena.Available < headerLength)) Flush();
        _fd = fd;
        _pendingSlot = destination.Slot;
        _pendingRtcp = rtcp;
        return _arena.Peek;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        int i = _count++;
        PackedEndpoint.WriteSockAddrIn(remote, new Span<byte>(&_addresses[i], SockAddrIn.Size));
        ref var header = ref _messages[i].Header;
        header.NameLength = SockAddrIn.Size;
        header.Flags = 0;
        int iov = 0;
        if (headerLength > 0)
        {
            _iovecs[2 * i].Base = _arena.Peek;
            _iovecs[2 * i].Length = (nuint)headerLength;
            _arena.Commit(headerLength);
            iov++;
        }
        if (tailLength > 0)
        {
            _iovecs[2 * i + iov].Base = tail;
            _iovecs[2 * i + iov].Length = (nuint)tailLength;
            iov++;
        }
        header.IovLength = (nuint)iov;
        _slots[i] = _pendingSlot;
        _rtcp[i] = _pendingRtcp;
        _lengths[i] = headerLength + tailLength;
    }

    public override void Flush()
    {
        SendMMsgLoop.SendAll(_fd, _messages, _count, Counters, _slots, _rtcp, _lengths);
        _count = 0;
        _arena.Reset();
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        _arena.Dispose();
    }
}
