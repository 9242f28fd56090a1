namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct msghdr (&lt;sys/socket.h&gt;, Linux LP64 layout; sequential layout inserts the same padding as C).</summary>
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}
