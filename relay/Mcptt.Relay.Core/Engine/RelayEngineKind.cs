namespace Mcptt.Relay.Core.Engine;

public enum RelayEngineKind
{
    /// <summary>Batched on Linux (when libc's epoll/recvmmsg/sendmmsg are reachable), else Portable.</summary>
    Auto = 0,
    /// <summary>Linux: epoll + recvmmsg/sendmmsg through P/Invoke; fewest kernel crossings.</summary>
    Batched = 1,
    /// <summary>Any OS: Socket.Select + allocation-free ReceiveFrom/SendTo on dedicated threads.</summary>
    Portable = 2,
}
