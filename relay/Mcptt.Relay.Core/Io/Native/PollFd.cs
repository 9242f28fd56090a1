namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct pollfd (&lt;poll.h&gt;).</summary>
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
