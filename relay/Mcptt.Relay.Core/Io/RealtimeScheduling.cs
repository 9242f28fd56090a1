using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// SCHED_FIFO for media workers, the practice of Asterisk (-p) and FreeSWITCH (-rp): a worker woken by
/// a packet preempts every normal thread on its CPU at once instead of waiting for its turn, so SIP,
/// logging, scrapes or a neighbour's build cannot add scheduler delay to voice. Workers sleep in
/// epoll/poll whenever they are idle, and the kernel's RT throttling (sched_rt_runtime_us) still
/// bounds them; busy polling under SCHED_FIFO would starve the CPU, so the options forbid it.
/// Needs CAP_SYS_NICE or an RLIMIT_RTPRIO at least the priority.
/// </summary>
internal static unsafe class RealtimeScheduling
{
    /// <summary>Puts the calling thread under SCHED_FIFO at <paramref name="priority"/> (1..99); 0 or the errno.</summary>
    public static int TrySetCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux()) return Libc.EPERM;
        int value = priority;
        try
        {
            return Libc.SchedSetScheduler(0, Libc.SCHED_FIFO, &value) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Libc.EPERM;
        }
    }

    /// <summary>True when the calling thread runs under SCHED_FIFO.</summary>
    public static bool CurrentThreadIsFifo() => OperatingSystem.IsLinux() && Libc.SchedGetScheduler(0) == Libc.SCHED_FIFO;

    /// <summary>0 when a thread of this process may take SCHED_FIFO at <paramref name="priority"/>, else the errno;
    /// tried on a throwaway thread so no thread that stays alive changes policy.</summary>
    public static int Probe(int priority)
    {
        int result = Libc.EPERM;
        var thread = new Thread(() => result = TrySetCurrentThread(priority)) { IsBackground = true, Name = "relay-rt-probe" };
        thread.Start();
        thread.Join();
        return result;
    }
}
