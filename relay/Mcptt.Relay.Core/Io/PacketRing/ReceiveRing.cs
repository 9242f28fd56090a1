using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;
using Mcptt.Relay.Core.Io.Raw;

namespace Mcptt.Relay.Core.Io.PacketRing;

/// <summary>
/// One AF_PACKET socket with a memory-mapped TPACKET_V2 receive ring (PACKET_RX_RING). The kernel
/// runs the socket's BPF filter on each IPv4 packet before anything is copied (no skb clone, unlike
/// a raw socket, which clones every UDP datagram on the host before its filter runs), writes the
/// packets that pass into the next free frame and flips the frame's status to TP_STATUS_USER; user
/// space reads frames in ring order at <see cref="Current"/> and hands each back with
/// <see cref="Release"/>. No syscall is needed while frames are waiting.
/// <para>
/// Why TPACKET_V2 and not V3: V3 packs frames into blocks and hands a block to user space only
/// when it is full or its retire timer (millisecond granularity) fires, which at media rates adds
/// up to a timer period of latency to every packet; V2 hands each frame over as soon as it is written.
/// </para>
/// Set-up order matters: the socket is opened with protocol 0 (nothing is queued), gets its filter,
/// version and ring, and only then is bound to ETH_P_IP, so the first packet it sees has been filtered.
/// Not thread-safe: owned by one worker.
/// </summary>
internal sealed unsafe class ReceiveRing : IDisposable
{
    /// <summary>Room per frame: tpacket2_hdr + sockaddr_ll + alignment (80 bytes on SOCK_DGRAM) and an
    /// IP datagram of up to 1968 bytes; longer ones are cut and counted as malformed.</summary>
    public const int FrameSize = 2048;

    /// <summary>
    /// Ring bytes per worker. The ring is the worker's only receive queue for all its ports, so it must
    /// ride out a descheduled worker: 32 MiB = 16384 frames, about 160 ms of 100 k pps. A socket buffer
    /// counts each small datagram's skb overhead (on the order of 1 KiB), a ring a whole 2 KiB frame, so
    /// this holds roughly what the Raw engine's 16 MiB receive buffer holds. Measured at 200 k pps
    /// through the appliance on 2 shared cores: 16 MiB overflowed (15,421 ring_overflow drops in 2 s),
    /// 32 MiB did not (2 trials). MAP_POPULATE makes it resident: 32 MiB of RAM per worker.
    /// </summary>
    public const int RingBytes = 32 * 1024 * 1024;

    /// <summary>64 KiB blocks (32 frames each): order-4 allocations, which the kernel finds even on a
    /// fragmented host; larger blocks buy nothing for V2, whose frames are handed over one by one.</summary>
    public const int BlockSize = 64 * 1024;

    private byte* _ring;
    private readonly int _frameCount;
    private int _head;

    /// <summary>Opens, filters, maps and binds; throws InvalidOperationException naming the step that failed.</summary>
    public ReceiveRing(SockFilter[] filter)
    {
        Fd = PacketSockets.OpenPacket(out int errno);
        if (Fd < 0) throw new InvalidOperationException($"AF_PACKET socket failed, errno {errno} (needs CAP_NET_RAW)");
        _frameCount = RingBytes / FrameSize;
        try
        {
            if (SocketFilters.Attach(Fd, filter) is int attachError and not 0) Fail("SO_ATTACH_FILTER", attachError);
            int version = Libc.TPACKET_V2;
            if (Libc.SetSockOpt(Fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int)) != 0) Fail("PACKET_VERSION", LastError);
            var request = new TPacketReq
            {
                BlockSize = BlockSize,
                BlockCount = RingBytes / BlockSize,
                FrameSize = FrameSize,
                FrameCount = (uint)_frameCount,
            };
            if (Libc.SetSockOpt(Fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &request, (uint)sizeof(TPacketReq)) != 0) Fail("PACKET_RX_RING", LastError);
            // MAP_POPULATE: fault the ring in now, not on the first burst.
            void* ring = Libc.Mmap(null, RingBytes, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, Fd, 0);
            if (ring == (void*)-1) Fail("mmap of the receive ring", LastError);
            _ring = (byte*)ring;
            var address = new SockAddrLl
            {
                Family = Libc.AF_PACKET,
                Protocol = BinaryPrimitives.ReverseEndianness(Libc.ETH_P_IP),
                InterfaceIndex = 0,
            };
            if (Libc.Bind(Fd, &address, (uint)sizeof(SockAddrLl)) != 0) Fail("bind(ETH_P_IP)", LastError);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Fd { get; private set; }

    /// <summary>The frame at the head of the ring (owned by the kernel or by us, see its status).</summary>
    public TPacket2Header* Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (TPacket2Header*)(_ring + (nint)_head * FrameSize);
    }

    /// <summary>The head frame's status, read with acquire semantics: its contents are complete when it says USER.</summary>
    public uint CurrentStatus
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref Current->Status);
    }

    /// <summary>Hands the head frame back to the kernel (release: our reads of it are done) and moves on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release()
    {
        Volatile.Write(ref Current->Status, TPacket2Header.StatusKernel);
        if (++_head == _frameCount) _head = 0;
    }

    /// <summary>Packets the kernel dropped because the ring was full since the last call (the read resets the
    /// kernel's counters). One getsockopt: call it now and then, never per packet.</summary>
    public long TakeDrops()
    {
        TPacketStats stats;
        uint length = (uint)sizeof(TPacketStats);
        return Libc.GetSockOpt(Fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, &stats, &length) == 0 ? stats.Drops : 0;
    }

    public void Dispose()
    {
        if (_ring != null) Libc.Munmap(_ring, RingBytes);
        _ring = null;
        if (Fd >= 0) Libc.Close(Fd);
        Fd = -1;
    }

    private static int LastError => Marshal.GetLastPInvokeError();

    private static void Fail(string step, int errno) =>
        throw new InvalidOperationException($"{step} on the AF_PACKET socket failed, errno {errno}");
}
