using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Sends a run of prepared mmsghdrs with as few sendmmsg(2) calls as the kernel allows, counting what
/// went out per destination leg. A message the kernel refuses (EAGAIN on a full buffer, no route, ...)
/// is counted as a send error and skipped: retrying it would spin on the worker thread.
/// </summary>
internal static unsafe class SendMMsgLoop
{
    public static void SendAll(int fd, MMsgHdr* messages, int count, WorkerCounters counters,
        int[] slots, bool[] rtcp, int[] lengths)
    {
        int sent = 0;
        while (sent < count)
        {
            int result = Libc.SendMMsg(fd, messages + sent, (uint)(count - sent), 0);
            counters.Increment(WorkerCounters.SendCalls);
            if (result > 0)
            {
                for (int j = sent; j < sent + result; j++) counters.CountOut(slots[j], rtcp[j], lengths[j]);
                sent += result;
                continue;
            }
            if (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            counters.Drop(DropReason.SendError);
            sent++;
        }
    }
}
