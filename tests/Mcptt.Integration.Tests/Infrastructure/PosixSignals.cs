using System.Runtime.InteropServices;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Sends a signal to one process by PID (never by name).</summary>
internal static partial class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
