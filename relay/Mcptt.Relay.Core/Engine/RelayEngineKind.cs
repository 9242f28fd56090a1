namespace Mcptt.Relay.Core.Engine;

public enum RelayEngineKind
{
    /// <summary>Uring where io_uring works (Linux x86-64, kernel 6.0+, not disabled by sysctl or seccomp),
    /// else Batched on Linux (when libc's epoll/recvmmsg/sendmmsg are reachable), else Portable.</summary>
    Auto = 0,
    /// <summary>Linux: epoll + recvmmsg/sendmmsg per ready socket through P/Invoke; the per-port fallback of Auto.</summary>
    Batched = 1,
    /// <summary>Any OS: Socket.Select + allocation-free ReceiveFrom/SendTo on dedicated threads.</summary>
    Portable = 2,
    /// <summary>
    /// Linux with CAP_NET_RAW: one raw receive socket (kernel BPF filter) and one raw send socket
    /// per worker, so a round of up to BatchSize packets of any legs, fan-out included, is one
    /// recvmmsg + one sendmmsg. Without the capability the engine falls back to Batched and says so.
    /// </summary>
    Raw = 3,
    /// <summary>
    /// Linux with CAP_NET_RAW: an AF_PACKET TPACKET_V2 receive ring per worker (the Raw engine's BPF
    /// filter runs before any copy; no receive syscall while packets are queued) + raw IPPROTO_RAW
    /// sends as in Raw. Without the capability the engine falls back to Batched and says so.
    /// </summary>
    PacketRing = 4,
    /// <summary>
    /// Linux io_uring, unprivileged: the same per-port sockets as Batched, but one multishot recvmsg
    /// per socket into a provided-buffer ring and every send as an SQE, so a round over all of a
    /// worker's sockets is one io_uring_enter. Where io_uring is refused (old kernel,
    /// kernel.io_uring_disabled, seccomp) the engine falls back to Batched and says so.
    /// </summary>
    Uring = 5,
}
