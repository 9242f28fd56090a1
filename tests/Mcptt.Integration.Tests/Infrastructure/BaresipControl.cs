using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// Client for baresip's ctrl_tcp module: JSON in netstring framing ("len:json,"). Commands are
/// {"command","params","token"}; replies carry "response":true and the token; events carry "event":true and
/// a "type" such as REGISTER_OK, CALL_ESTABLISHED, CALL_CLOSED. Every event since connecting is kept.
/// </summary>
public sealed class BaresipControl : IAsyncDisposable
{
    private const int MaxFrame = 1 << 20;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly object _gate = new();
    private readonly List<JsonElement> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _token;

    private BaresipControl(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<BaresipControl> ConnectAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return new BaresipControl(client);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                client.Dispose();
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }

    /// <summary>Every event received so far (JSON objects with "event": true).</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get { lock (_gate) return _messages.Where(m => m.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.True).ToArray(); }
    }

    /// <summary>Sends a command (e.g. "dial", "sip:bob@127.0.0.1") and waits for its reply; throws when the reply is not ok.</summary>
    public async Task<JsonElement> CommandAsync(string command, string parameters = "", TimeSpan? timeout = null)
    {
        var token = $"t{Interlocked.Increment(ref _token)}";
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["command"] = command, ["params"] = parameters, ["token"] = token });
        var payload = Encoding.UTF8.GetBytes(json);
        var frame = Encoding.ASCII.GetBytes($"{payload.Length}:").Concat(payload).Append((byte)',').ToArray();
        await _stream.WriteAsync(frame).ConfigureAwait(false);
        var reply = await WaitForAsync(m => m.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.True
                                            && m.TryGetProperty("token", out var t) && t.GetString() == token,
                                       timeout ?? TimeSpan.FromSeconds(10), $"reply to '{command}'").ConfigureAwait(false);
        if (!reply.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            throw new Xunit.Sdk.XunitException($"baresip refused '{command} {parameters}': {reply}");
        return reply;
    }

    /// <summary>Waits for an event of <paramref name="type"/> (including ones already received).</summary>
    public Task<JsonElement> WaitForEventAsync(string type, TimeSpan timeout)
        => WaitForAsync(m => m.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.True
                             && m.TryGetProperty("type", out var t) && t.GetString() == type, timeout, $"event {type}");

    private async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                foreach (var m in _messages) if (match(m)) return m;
                arrived = _arrived.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _reader.IsCompleted)
            {
                string seen;
                lock (_gate) seen = string.Join("\n", _messages.Select(m => m.ToString()));
                throw new Xunit.Sdk.XunitException($"baresip: no {what} within {timeout.TotalSeconds} s. Received:\n{ProcessResult.Tail(seen, 3000)}");
            }
            await Task.WhenAny(arrived, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n = await _stream.ReadAsync(chunk, _stop.Token).ConfigureAwait(false);
                if (n == 0) return;
                buffer.AddRange(chunk.AsSpan(0, n));
                while (TryTakeFrame(buffer, out var json))
                {
                    var element = JsonDocument.Parse(json).RootElement.Clone();
                    TaskCompletionSource arrived;
                    lock (_gate)
                    {
                        _messages.Add(element);
                        arrived = _arrived;
                        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    arrived.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    private static bool TryTakeFrame(List<byte> buffer, out byte[] json)
    {
        json = [];
        int colon = buffer.IndexOf((byte)':');
        if (colon < 0) return false;
        var length = int.Parse(Encoding.ASCII.GetString(buffer.GetRange(0, colon).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        if (length < 0 || length > MaxFrame) throw new InvalidDataException($"baresip netstring length {length}");
        if (buffer.Count < colon + 1 + length + 1) return false;
        json = buffer.GetRange(colon + 1, length).ToArray();
        buffer.RemoveRange(0, colon + 1 + length + 1);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _client.Dispose();
        try { await _reader.ConfigureAwait(false); }
        catch (Exception) { } // reader already reports through WaitForAsync
        _stop.Dispose();
    }
}
