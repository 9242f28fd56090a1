using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// One io_uring instance: the submission queue (SQE array + index ring), the completion queue,
/// both mapped into this process. Owned by one thread (the ring is set up SINGLE_ISSUER when the
/// kernel accepts it): SQEs are filled locally and published with one release store of the SQ
/// tail before io_uring_enter; completions are read up to an acquire load of the CQ tail and
/// handed back with a release store of the CQ head.
/// With DEFER_TASKRUN the kernel only turns socket wake-ups into CQEs when this thread enters with
/// GETEVENTS, so packets arriving while the worker is busy cost no inter-processor interrupt.
/// </summary>
internal sealed unsafe class UringRing : IDisposable
{
    private const int PageSize = 4096;

    private readonly void* _sqMap;
    private readonly nuint _sqMapBytes;
    private readonly void* _cqMap;
    private readonly nuint _cqMapBytes;
    private readonly UringSqe* _sqes;
    private readonly nuint _sqesBytes;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly UringCqe* _cqes;
    private uint _sqLocalTail;
    private bool _disposed;

    private UringRing(int fd, in UringParams p)
    {
        Fd = fd;
        SetupFlags = p.Flags;
        SqEntries = p.SqEntries;
        CqEntries = p.CqEntries;
        _sqMapBytes = p.SqOffsets.Array + p.SqEntries * sizeof(uint);
        _cqMapBytes = p.CqOffsets.Cqes + p.CqEntries * (uint)UringCqe.Size;
        if ((p.Features & UringAbi.FeatSingleMmap) != 0) _sqMapBytes = _cqMapBytes = Math.Max(_sqMapBytes, _cqMapBytes);
        _sqMap = Map(fd, _sqMapBytes, UringAbi.OffSqRing);
        _cqMap = (p.Features & UringAbi.FeatSingleMmap) != 0 ? _sqMap : Map(fd, _cqMapBytes, UringAbi.OffCqRing);
        _sqesBytes = p.SqEntries * (uint)UringSqe.Size;
        _sqes = (UringSqe*)Map(fd, _sqesBytes, UringAbi.OffSqes);

        byte* sq = (byte*)_sqMap;
        _sqHead = (uint*)(sq + p.SqOffsets.Head);
        _sqTail = (uint*)(sq + p.SqOffsets.Tail);
        _sqMask = *(uint*)(sq + p.SqOffsets.RingMask);
        uint* array = (uint*)(sq + p.SqOffsets.Array);
        for (uint i = 0; i < p.SqEntries; i++) array[i] = i; // SQE i always sits at ring index i
        _sqLocalTail = *_sqTail;

        byte* cq = (byte*)_cqMap;
        _cqHead = (uint*)(cq + p.CqOffsets.Head);
        _cqTail = (uint*)(cq + p.CqOffsets.Tail);
        _cqMask = *(uint*)(cq + p.CqOffsets.RingMask);
        _cqes = (UringCqe*)(cq + p.CqOffsets.Cqes);
    }

    public int Fd { get; }
    public uint SetupFlags { get; }
    public uint SqEntries { get; }
    public uint CqEntries { get; }

    /// <summary>
    /// Sets up a ring, asking for SINGLE_ISSUER | DEFER_TASKRUN, then COOP_TASKRUN, then neither.
    /// Returns null with the errno of the last attempt when the kernel refuses io_uring (ENOSYS,
    /// EPERM when io_uring_disabled, EINVAL on kernels without CQSIZE or IORING_FEAT_EXT_ARG).
    /// </summary>
    public static UringRing? TryCreate(uint sqEntries, uint cqEntries, out int errno)
    {
        ReadOnlySpan<uint> attempts =
        [
            UringAbi.SetupSingleIssuer | UringAbi.SetupDeferTaskRun,
            UringAbi.SetupCoopTaskRun,
            0,
        ];
        errno = Libc.EINVAL;
        foreach (uint flags in attempts)
        {
            var p = new UringParams { Flags = flags | UringAbi.SetupCqSize, CqEntries = cqEntries };
            int fd = Libc.IoUringSetup(sqEntries, &p);
            if (fd < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno is Libc.ENOSYS or Libc.EPERM) return null; // no flag will change that
                continue;
            }
            if ((p.Features & UringAbi.FeatExtArg) == 0)
            {
                // The worker's wait needs a timeout (to re-check Running) without an extra SQE per round.
                Libc.Close(fd);
                errno = Libc.EINVAL;
                return null;
            }
            try
            {
                return new UringRing(fd, p);
            }
            catch (InvalidOperationException)
            {
                Libc.Close(fd);
                errno = Libc.ENOMEM;
                return null;
            }
        }
        return null;
    }

    /// <summary>SQEs filled but not yet consumed by the kernel.</summary>
    public uint Pending => _sqLocalTail - Volatile.Read(ref *_sqHead);

    /// <summary>The next free SQE, zeroed; null when the submission queue is full (submit first).</summary>
    public UringSqe* NextSqe()
    {
        if (_sqLocalTail - Volatile.Read(ref *_sqHead) >= SqEntries) return null;
        UringSqe* sqe = &_sqes[_sqLocalTail & _sqMask];
        *sqe = default;
        _sqLocalTail++;
        return sqe;
    }

    /// <summary>
    /// Submits every filled SQE and, when <paramref name="minComplete"/> &gt; 0, waits until that
    /// many CQEs are ready or <paramref name="timeout"/> passes (null = do not wait). Returns the
    /// number submitted or a negated errno (-ETIME on timeout, -EINTR, -EBUSY when the CQ backlog
    /// must be reaped first).
    /// </summary>
    public int Enter(uint minComplete, KernelTimespec* timeout)
    {
        Volatile.Write(ref *_sqTail, _sqLocalTail);
        uint toSubmit = Pending;
        uint flags = 0;
        UringGetEventsArg arg = default;
        if (minComplete > 0)
        {
            flags = UringAbi.EnterGetEvents | UringAbi.EnterExtArg;
            arg.Timespec = (ulong)timeout;
        }
        int result = Libc.IoUringEnter(Fd, toSubmit, minComplete, flags, minComplete > 0 ? &arg : null,
            minComplete > 0 ? (nuint)UringGetEventsArg.Size : 0);
        return result >= 0 ? result : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The CQ head as this thread last released it.</summary>
    public uint CqHead => *_cqHead;

    /// <summary>Acquire load: CQEs below this index are fully written.</summary>
    public uint CqTail => Volatile.Read(ref *_cqTail);

    public UringCqe* CqeAt(uint index) => &_cqes[index & _cqMask];

    /// <summary>Release store: the kernel may reuse every CQE below <paramref name="head"/>.</summary>
    public void ReleaseCq(uint head) => Volatile.Write(ref *_cqHead, head);

    private static void* Map(int fd, nuint bytes, long offset)
    {
        void* map = Libc.Mmap(null, bytes, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, (nint)offset);
        if (map == (void*)-1) throw new InvalidOperationException($"io_uring mmap failed, errno {Marshal.GetLastPInvokeError()}");
        return map;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.Munmap(_sqes, _sqesBytes);
        if (_cqMap != _sqMap) Libc.Munmap(_cqMap, _cqMapBytes);
        Libc.Munmap(_sqMap, _sqMapBytes);
        Libc.Close(Fd);
    }
}
