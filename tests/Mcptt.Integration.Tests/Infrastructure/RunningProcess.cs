using System.Diagnostics;
using System.Text;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// A started child process with its stdout/stderr captured in memory. Stopped by PID: a signal first
/// (SIGTERM by default), then SIGKILL of the process tree after a grace period. Disposing stops it.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TaskCompletionSource _outputChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _killed;
    private bool _stdinClosed;

    internal RunningProcess(ProcessStartInfo startInfo)
    {
        Command = Quote(startInfo.FileName, startInfo.ArgumentList);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Pid = _process.Id;
    }

    public string Command { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string StdOut { get { lock (_gate) return _stdout.ToString(); } }

    public string StdErr { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Closes the child's stdin (like &lt;/dev/null) or writes to it first.</summary>
    public async Task WriteStdinAndCloseAsync(string? text)
    {
        if (_stdinClosed) throw new InvalidOperationException("stdin is already closed");
        _stdinClosed = true;
        if (text is not null) await _process.StandardInput.WriteAsync(text).ConfigureAwait(false);
        _process.StandardInput.Close();
    }

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>; false on timeout or exit.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_stdout.ToString().Contains(text, StringComparison.Ordinal) || _stderr.ToString().Contains(text, StringComparison.Ordinal))
                    return true;
                changed = _outputChanged.Task;
            }
            var left = deadline - _clock.Elapsed;
            if (left <= TimeSpan.Zero || _process.HasExited) return false;
            await Task.WhenAny(changed, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200))).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a natural exit; returns the exit code, or null if still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the tree.
    /// Returns the exit code, or -1 when it had to be killed.</summary>
    public async Task<int> StopAsync(TimeSpan grace, int signal = PosixSignals.SigTerm)
    {
        if (!_process.HasExited) PosixSignals.Send(Pid, signal);
        var rc = await WaitForExitAsync(grace).ConfigureAwait(false);
        if (rc is not null) return _killed ? -1 : rc.Value;
        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return -1;
    }

    public void Kill()
    {
        if (_process.HasExited) return;
        _killed = true;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // exited meanwhile
    }

    public ProcessResult ToResult(bool timedOut = false)
        => new(Command, _killed ? -1 : _process.HasExited ? _process.ExitCode : -1, StdOut, StdErr, timedOut || _killed, _clock.Elapsed);

    public string Describe(int maxChars = 4000) => ToResult().Describe(maxChars);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        TaskCompletionSource changed;
        lock (_gate)
        {
            // Bounded: a chatty peer must not exhaust the test host's memory.
            if (target.Length < 4 * 1024 * 1024) target.Append(line).Append('\n');
            changed = _outputChanged;
            _outputChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    internal static string Quote(string file, IEnumerable<string> args)
        => string.Join(' ', new[] { file }.Concat(args).Select(a => a.Length == 0 || a.Contains(' ') || a.Contains('\'') ? $"'{a.Replace("'", "'\\''")}'" : a));
}
