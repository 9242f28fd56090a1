namespace Mcptt.Relay.Core.Engine;

public enum RelayEngineKind
{
    /// <summary>Batched on Linux (when libc's epoll/recvmmsg/sendmmsg are reachable), else Portable.</summary>
    Auto = 0,
    /// <summary>Linux: epoll + recvmmsg/sendmmsg through P/Invoke; fewest kernel crossings.</summary>
    Batched = 1,
    /// <summary>Any OS: Socket.Select + allocation-free ReceiveFrom/SendTo on dedicated threads.</summary>
    Portable = 2,
    /// <summary>
    /// Linux with CAP_NET_RAW: one raw receive socket (kernel BPF filter) and one raw send socket
    /// per worker, so a round of up to BatchSize packets of any legs, fan-out included, is one
    /// recvmmsg + one sendmmsg. Without the capability the engine falls back to Batched and says so.
    /// </summary>
    Raw = 3,
}
