using System.Net;
using System.Net.Sockets;
using Mcptt.Client.Floor;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Tests;

/// <summary>Plays the floor control server towards one client: sends chosen messages, collects what the client sends.</summary>
internal sealed class FloorServerStandIn : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public async Task SendAsync(IPEndPoint to, FloorMessageType type, bool ackRequired, Action<FloorMessageWriterHolder>? fields = null)
    {
        byte[] buffer = new byte[256];
        int length = Write(buffer, type, ackRequired, fields);
        await _socket.SendAsync(buffer.AsMemory(0, length), to);
    }

    private static int Write(Span<byte> buffer, FloorMessageType type, bool ackRequired, Action<FloorMessageWriterHolder>? fields)
    {
        var holder = new FloorMessageWriterHolder();
        fields?.Invoke(holder);
        var writer = new FloorMessageWriter(buffer, type, ackRequired, 0x5E5E5E5E);
        if (holder.GrantedParty is { } party) writer.GrantedPartyIdentity(party);
        if (holder.RejectCause is { } cause) writer.RejectCause(cause);
        if (holder.QueuePosition is { } position) writer.QueueInfo(position, 0);
        return writer.Finish();
    }

    /// <summary>Next message from the client, or null after the timeout.</summary>
    public async Task<FloorEvent?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            UdpReceiveResult result = await _socket.ReceiveAsync(cts.Token);
            return FloorCodec.Decode(result.Buffer, result.RemoteEndPoint, out _).FirstOrDefault();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed class FloorMessageWriterHolder
{
    public string? GrantedParty { get; set; }

    public ushort? RejectCause { get; set; }

    public byte? QueuePosition { get; set; }
}
