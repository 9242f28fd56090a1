namespace Mcptt.Relay.Configuration;

/// <summary>Which data-plane I/O engine the workers use.</summary>
public enum MediaEngineKind
{
    /// <summary>Uring where io_uring works, else Batched on Linux, else Portable.</summary>
    Auto = 0,
    /// <summary>epoll + recvmmsg/sendmmsg through P/Invoke (Linux only).</summary>
    Batched = 1,
    /// <summary>Socket + reusable SocketAsyncEventArgs; runs anywhere .NET runs.</summary>
    Portable = 2,
    /// <summary>Raw sockets: one recvmmsg + one sendmmsg per round for all legs (Linux, needs CAP_NET_RAW; falls back to Batched with a warning).</summary>
    Raw = 3,
    /// <summary>AF_PACKET receive ring per worker (no receive syscall while packets wait) + Raw's sends (Linux, needs CAP_NET_RAW; falls back to Batched with a warning).</summary>
    PacketRing = 4,
    /// <summary>io_uring: one multishot recvmsg per port and SQE sends, one kernel crossing per round (Linux, unprivileged; falls back to Batched with a warning where io_uring is refused).</summary>
    Uring = 5,
}
