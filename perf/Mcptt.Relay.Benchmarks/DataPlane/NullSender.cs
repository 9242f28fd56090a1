using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io;

namespace Mcptt.Relay.Benchmarks.DataPlane;

/// <summary>A sender that only accounts what it would send: isolates the pipeline from syscalls.</summary>
internal sealed unsafe class NullSender(WorkerCounters counters) : PacketSender(counters)
{
    private readonly byte* _scratch = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(4096); // lives as long as the benchmark process
    private int _slot;
    private bool _rtcp;

    public long Bytes { get; private set; }

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        _slot = destination.Slot;
        _rtcp = rtcp;
        return _scratch;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        Bytes += headerLength + tailLength;
        Counters.CountOut(_slot, _rtcp, headerLength + tailLength);
    }

    public override void Flush()
    {
    }
}
