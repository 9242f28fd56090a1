using Mcptt.Relay.Core.Stats;

namespace Mcptt.Signaling.Sip;

/// <summary>SIP counters, declared once through the injected <see cref="MetricsRegistry"/>.</summary>
public sealed class SipMetrics
{
    public static class DropReasons
    {
        public const string TooLarge = "too_large";
        public const string InvalidResponse = "invalid_response";
        public const string NoTransaction = "no_transaction";
        public const string Broadcast = "broadcast";
        public const string Unroutable = "unroutable";
        public const string ConnectionLimit = "tcp_connection_limit";
        public const string TcpTimeout = "tcp_timeout";
        public const string SendFailed = "send_failed";
        public const string Retransmission = "retransmission";
        public const string Overload = "overload";

        public static readonly string[] All = [TooLarge, InvalidResponse, NoTransaction, Broadcast, Unroutable, ConnectionLimit, TcpTimeout, SendFailed, Retransmission, Overload];
    }

    private static readonly string[] Methods = [SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Register, SipMethods.Options];

    private readonly Dictionary<string, Counter> _requests = new(StringComparer.Ordinal);
    private readonly Counter _otherRequests;
    private readonly Counter[] _sent = new Counter[6];
    private readonly Counter[] _received = new Counter[6];
    private readonly Dictionary<string, Counter> _dropped = new(StringComparer.Ordinal);

    public SipMetrics(MetricsRegistry registry)
    {
        const string requestsHelp = "SIP requests received, by method";
        foreach (var m in Methods)
            _requests[m] = registry.Counter("mcptt_sip_requests_total", requestsHelp, ("method", m));
        _otherRequests = registry.Counter("mcptt_sip_requests_total", requestsHelp, ("method", "other"));
        for (int i = 0; i < 6; i++)
        {
            string cls = (i + 1) + "xx";
            _sent[i] = registry.Counter("mcptt_sip_responses_total", "SIP responses by class and direction", ("class", cls), ("direction", "sent"));
            _received[i] = registry.Counter("mcptt_sip_responses_total", "SIP responses by class and direction", ("class", cls), ("direction", "received"));
        }
        ParseErrors = registry.Counter("mcptt_sip_parse_errors_total", "SIP messages that failed to parse");
        foreach (var reason in DropReasons.All)
            _dropped[reason] = registry.Counter("mcptt_sip_dropped_total", "SIP messages dropped, by reason", ("reason", reason));
        Retransmissions = registry.Counter("mcptt_sip_retransmissions_total", "SIP requests and responses retransmitted by the transaction layer");
        registry.Gauge("mcptt_sip_server_transactions", "Live SIP server transactions", () => Volatile.Read(ref ServerTransactions));
        registry.Gauge("mcptt_sip_client_transactions", "Live SIP client transactions", () => Volatile.Read(ref ClientTransactions));
        registry.Gauge("mcptt_sip_tcp_connections", "Open SIP TCP connections", () => Volatile.Read(ref TcpConnections));
    }

    public Counter ParseErrors { get; }
    public Counter Retransmissions { get; }

    internal int ServerTransactions;
    internal int ClientTransactions;
    internal int TcpConnections;

    public void RequestReceived(string method) =>
        (_requests.TryGetValue(method, out var c) ? c : _otherRequests).Inc();

    public void ResponseSent(int status) => _sent[ClassIndex(status)].Inc();

    public void ResponseReceived(int status) => _received[ClassIndex(status)].Inc();

    public void Dropped(string reason) => _dropped[reason].Inc();

    public long DroppedCount(string reason) => _dropped[reason].Value;

    public long RequestCount(string method) => (_requests.TryGetValue(method, out var c) ? c : _otherRequests).Value;

    public long SentCount(int statusClass) => _sent[statusClass - 1].Value;

    private static int ClassIndex(int status) => Math.Clamp(status / 100, 1, 6) - 1;
}
