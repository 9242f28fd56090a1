namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct iovec (&lt;sys/uio.h&gt;).</summary>
internal unsafe struct IoVec
{
    public byte* Base;
    public nuint Length;
}
