using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// The mmsghdr table a sender fills and hands to sendmmsg(2), with the header arena its messages
/// point into. Each message is at most two iovecs: a head in the arena (rewritten RTP header, RTCP
/// copy, or for raw sockets the IPv4/UDP header in front of it) and the untouched tail in the
/// receive slab. What went out is counted per destination leg; a message the kernel refuses
/// (EAGAIN on a full buffer, no route, ...) is counted as a send error and skipped, since retrying
/// would spin on the worker thread.
/// </summary>
internal sealed unsafe class OutgoingBatch : IDisposable
{
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly SockAddrIn* _addresses;
    private readonly int[] _slots;
    private readonly bool[] _rtcp;
    private readonly int[] _lengths;

    public OutgoingBatch(int capacity, int arenaBytes)
    {
        Capacity = capacity;
        Arena = new NativeArena(arenaBytes);
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

    public int Capacity { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;
    /// <summary>Where heads are written; reset by <see cref="Send"/>.</summary>
    public NativeArena Arena { get; }

    /// <summary>Appends one datagram; <paramref name="countedLength"/> is what the leg's byte counter gets.</summary>
    public void Add(long remote, byte* head, int headLength, byte* tail, int tailLength, int slot, bool rtcp, int countedLength)
    {
        int i = Count++;
        PackedEndpoint.WriteSockAddrIn(remote, new Span<byte>(&_addresses[i], SockAddrIn.Size));
        ref var header = ref _messages[i].Header;
        header.NameLength = SockAddrIn.Size;
        header.Flags = 0;
        int iov = 0;
        if (headLength > 0)
        {
            _iovecs[2 * i].Base = head;
            _iovecs[2 * i].Length = (nuint)headLength;
            iov++;
        }
        if (tailLength > 0)
        {
            _iovecs[2 * i + iov].Base = tail;
            _iovecs[2 * i + iov].Length = (nuint)tailLength;
            iov++;
        }
        header.IovLength = (nuint)iov;
        _slots[i] = slot;
        _rtcp[i] = rtcp;
        _lengths[i] = countedLength;
    }

    /// <summary>The msghdr of message <paramref name="index"/>, for senders that submit messages one by one (io_uring SENDMSG).</summary>
    public MsgHdr* Message(int index) => &_messages[index].Header;

    /// <summary>Forgets every message and head; only once nothing queued in the kernel still points at them.</summary>
    public void Clear()
    {
        Count = 0;
        Arena.Reset();
    }

    /// <summary>Sends everything added on <paramref name="fd"/> with as few sendmmsg calls as the kernel allows, then empties the batch.</summary>
    public void Send(int fd, WorkerCounters counters)
    {
        int sent = 0;
        while (sent < Count)
        {
            int result = Libc.SendMMsg(fd, _messages + sent, (uint)(Count - sent), 0);
            counters.Increment(WorkerCounters.SendCalls);
            if (result > 0)
            {
                for (int j = sent; j < sent + result; j++) counters.CountOut(_slots[j], _rtcp[j], _lengths[j]);
                sent += result;
                continue;
            }
            if (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            counters.Drop(DropReason.SendError);
            sent++;
        }
        Clear();
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        Arena.Dispose();
    }
}
