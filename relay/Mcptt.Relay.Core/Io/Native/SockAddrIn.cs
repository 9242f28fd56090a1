using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct sockaddr_in (Linux): family in host order, port and address in network order.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct SockAddrIn
{
    public const ushort AfInet = 2;
    public const int Size = 16;

    public ushort Family;
    public ushort PortNetworkOrder;
    public uint AddressNetworkOrder;
    private ulong _zero;
}
