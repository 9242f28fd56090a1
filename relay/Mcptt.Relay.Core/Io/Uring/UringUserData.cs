using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// What a CQE's user_data says about the request it completes, in the low two bits:
/// receive — (leg id &lt;&lt; 32) | (slot &lt;&lt; 3) | (rtcp &lt;&lt; 2): the leg is found with LegTable.Get(slot, id),
///   so a freed leg (or a new leg that reused the slot, with another id) never gets a late datagram;
/// send — (slot &lt;&lt; 32) | (length &lt;&lt; 3) | (rtcp &lt;&lt; 2) | 1: what to count when it completes;
/// wake — the eventfd poll that control-plane commands ring; cancel — an ASYNC_CANCEL of a leg's socket.
/// </summary>
internal static class UringUserData
{
    public const ulong KindMask = 3;
    public const ulong Receive = 0;
    public const ulong Send = 1;
    public const ulong Wake = 2;
    public const ulong Cancel = 3;

    public static ulong ForReceive(RelayLeg leg, bool rtcp) =>
        ((ulong)(uint)leg.Id << 32) | ((ulong)(uint)leg.Slot << 3) | (rtcp ? 4UL : 0UL);

    public static ulong ForSend(int slot, bool rtcp, int length) =>
        ((ulong)(uint)slot << 32) | ((ulong)(uint)length << 3) | (rtcp ? 4UL : 0UL) | Send;

    public static ulong Kind(ulong data) => data & KindMask;
    public static bool IsRtcp(ulong data) => (data & 4) != 0;
    public static int LegId(ulong data) => (int)(data >> 32);
    public static int ReceiveSlot(ulong data) => (int)((uint)data >> 3);
    public static int SendSlot(ulong data) => (int)(data >> 32);
    public static int SendLength(ulong data) => (int)((uint)data >> 3);
}
