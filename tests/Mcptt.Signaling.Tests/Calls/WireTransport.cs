using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>An in-memory UDP transport: the test injects datagrams and reads what the stack sent, per destination.</summary>
internal sealed class WireTransport : ISipTransport
{
    private readonly object _gate = new();
    private readonly List<(byte[] Data, IPEndPoint Remote)> _sent = new();

    public SipTransportKind Kind => SipTransportKind.Udp;
    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("192.0.2.1"), 5060);
    public ISipTransportSink? Sink { get; private set; }

    public Task StartAsync(ISipTransportSink sink, CancellationToken cancellationToken)
    {
        Sink = sink;
        return Task.CompletedTask;
    }

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public bool TrySend(ReadOnlyMemory<byte> data, IPEndPoint remote, long connectionId = 0)
    {
        lock (_gate) _sent.Add((data.ToArray(), remote));
        return true;
    }

    public void Receive(string text, IPEndPoint from)
        => Sink!.OnReceived(new SipInbound(SipParser.Parse(text), SipTransportKind.Udp, from, LocalEndPoint));

    /// <summary>Messages sent to <paramref name="to"/> since the last call (drained).</summary>
    public List<SipMessage> Take(IPEndPoint to)
    {
        lock (_gate)
        {
            var mine = _sent.Where(s => s.Remote.Equals(to)).ToList();
            _sent.RemoveAll(s => s.Remote.Equals(to));
            return mine.Select(s => SipParser.Parse(s.Data, SipFraming.Datagram).Message!).ToList();
        }
    }
}
