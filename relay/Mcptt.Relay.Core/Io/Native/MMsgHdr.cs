namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct mmsghdr for recvmmsg(2)/sendmmsg(2): one message and the byte count the kernel filled in.</summary>
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}
