using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>Outbound path: client transactions, ACK and stateless sends, our Via/Contact, transmission guard.</summary>
public sealed partial class SipStack
{
    /// <summary>
    /// Sends a request through a new client transaction. A top Via with a fresh branch (and rport) is
    /// added unless the request already has an RFC 3261 branch (e.g. a CANCEL copying its INVITE's).
    /// <paramref name="onResponse"/> gets every provisional, the final response (a synthesized 408 on
    /// timeout, 503 when the transport refused the send) and, for INVITE, each 2xx retransmission.
    /// It runs on a transport or timer thread, never under the stack's lock.
    /// </summary>
    public ClientTransaction SendRequest(SipRequest request, SipTarget target, Action<SipResponse> onResponse)
    {
        if (request.IsAck) throw new ArgumentException("ACK is sent with SendAck", nameof(request));
        PrepareOutbound(request, target);
        var key = TransactionKeys.Client(request) ?? throw new ArgumentException("request needs a CSeq", nameof(request));
        var bytes = SipSerializer.Serialize(request);
        var tx = new ClientTransaction(this, key, request, target, bytes, onResponse);
        bool sent;
        lock (Gate)
        {
            _client[key] = tx;
            Metrics.ClientTransactions++;
            tx.Start(reliable: target.Transport != SipTransportKind.Udp);
            sent = Transmit(target, bytes);
        }
        if (!sent) FailClientTransaction(tx);
        return tx;
    }

    private void FailClientTransaction(ClientTransaction tx)
    {
        // RFC 3261 §8.1.3.1: a transport error is reported as 503. Delivered asynchronously so the
        // caller gets its transaction object before the callback runs.
        Action? deliver;
        lock (Gate)
        {
            if (tx.State == ClientTransactionState.Terminated) return;
            deliver = tx.OnResponse(SipResponse.CreateFor(tx.Request, 503, "Transport Error"));
        }
        if (deliver is not null) ThreadPool.QueueUserWorkItem(static d => d(), deliver, preferLocal: false);
    }

    /// <summary>Sends an ACK for a 2xx (its own transaction; no retransmission, RFC 3261 §13.2.2.4).</summary>
    public bool SendAck(SipRequest ack, SipTarget target)
    {
        PrepareOutbound(ack, target);
        return Transmit(target, SipSerializer.Serialize(ack));
    }

    /// <summary>Sends any message without a transaction (e.g. a response whose transaction is gone).</summary>
    public bool SendStateless(SipMessage message, SipTarget target)
    {
        if (message is SipRequest request) PrepareOutbound(request, target);
        bool sent = Transmit(target, SipSerializer.Serialize(message));
        if (sent && message is SipResponse response) Metrics.ResponseSent(response.StatusCode);
        return sent;
    }

    /// <summary>Our Via for a transport: advertised host, bound port, fresh branch, rport requested.</summary>
    public Via CreateVia(SipTransportKind kind)
    {
        var local = GetTransport(kind)?.LocalEndPoint ?? (kind == SipTransportKind.Tcp ? Options.TcpEndPoint : Options.UdpEndPoint);
        string host = Options.AdvertisedHost ?? FormatHost(local.Address);
        var via = new Via(kind == SipTransportKind.Tcp ? "TCP" : "UDP", host, local.Port, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        return via;
    }

    /// <summary>A Contact URI for this stack on the given transport (e.g. for a B2BUA leg).</summary>
    public SipUri CreateContactUri(SipTransportKind kind, string? user = null)
    {
        var local = GetTransport(kind)?.LocalEndPoint ?? (kind == SipTransportKind.Tcp ? Options.TcpEndPoint : Options.UdpEndPoint);
        var uri = new SipUri(Options.AdvertisedHost ?? FormatHost(local.Address), user, local.Port);
        if (kind == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
        return uri;
    }

    private void PrepareOutbound(SipRequest request, SipTarget target)
    {
        var via = request.TopVia;
        if (via is null || !via.HasRfc3261Branch) request.Headers.AddFirst(SipHeaderNames.Via, CreateVia(target.Transport).ToString());
        if (!request.Headers.Contains(SipHeaderNames.MaxForwards)) request.Headers.AddTop(SipHeaderNames.MaxForwards, "70");
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    internal bool CancelClientTransaction(ClientTransaction tx)
    {
        lock (Gate) return tx.RequestCancel();
    }

    /// <summary>Hands bytes to the transport of the target. Broadcast/multicast destinations are refused (counted).</summary>
    internal bool Transmit(SipTarget target, byte[] bytes)
    {
        var address = target.EndPoint.Address;
        if (address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || IsMulticast(address))
        {
            Metrics.Dropped(SipMetrics.DropReasons.Broadcast);
            return false;
        }
        var transport = GetTransport(target.Transport);
        if (transport is null)
        {
            Metrics.Dropped(SipMetrics.DropReasons.Unroutable);
            return false;
        }
        return transport.TrySend(bytes, target.EndPoint, target.ConnectionId);
    }

    private static bool IsMulticast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return address.IsIPv6Multicast;
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[0] >= 224 && bytes[0] <= 239;
    }
}
