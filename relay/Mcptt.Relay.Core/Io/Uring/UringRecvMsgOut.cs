using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// struct io_uring_recvmsg_out (16 bytes): what a multishot recvmsg writes at the start of each
/// provided buffer, followed by the source address (the msghdr's msg_namelen bytes), the control
/// data (none here), then the payload.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UringRecvMsgOut
{
    public const int Size = 16;

    public uint NameLength;
    public uint ControlLength;
    /// <summary>The datagram's full length, even when it did not fit the buffer.</summary>
    public uint PayloadLength;
    /// <summary>msg_flags: MSG_TRUNC when the payload was cut.</summary>
    public uint Flags;
}
