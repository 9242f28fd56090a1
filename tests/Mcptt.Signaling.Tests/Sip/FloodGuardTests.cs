using System.Net;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>The per-source admission of <see cref="SipFloodGuard"/> (issue 10, findings 6 and 7), on a manual clock.</summary>
public sealed class FloodGuardTests : IDisposable
{
    private static readonly IPEndPoint Stranger = new(IPAddress.Parse("198.51.100.7"), 5060);
    private static readonly IPEndPoint Phone = new(IPAddress.Parse("10.0.0.5"), 5060);
    private readonly ManualTimeProvider _clock = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly ListLogger<SipFloodGuard> _log = new();
    private readonly SipFloodGuard _guard;

    public FloodGuardTests()
    {
        _guard = new SipFloodGuard(new SipFloodOptions
        {
            RequestsPerSecond = 10,
            VerifiedRequestsPerSecond = 100,
            ResponseAllowanceBytes = 1000,
            MaxTcpConnectionsPerSource = 2,
            MaxTcpConnectionsPerVerifiedSource = 4,
            ExemptNetworks = [IPNetwork.Parse("192.0.2.0/24")],
        }, _metrics, _log, _clock);
    }

    public void Dispose() => _guard.Dispose();

    private long Dropped(string reason) => _guard.Refusals.Total(reason);

    [Fact]
    public void A_stranger_gets_a_burst_of_twice_its_rate_then_its_rate()
    {
        int admitted = 0;
        for (int i = 0; i < 100; i++) if (_guard.AdmitMessage(Stranger, 300, SipTransportKind.Udp)) admitted++;
        Assert.Equal(20, admitted);
        Assert.Equal(80, Dropped(FloodRefusals.Reasons.RequestRate));
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        admitted = 0;
        for (int i = 0; i < 100; i++) if (_guard.AdmitMessage(Stranger, 300, SipTransportKind.Udp)) admitted++;
        Assert.Equal(5, admitted);
        // Another host is not affected.
        Assert.True(_guard.AdmitMessage(Phone, 300, SipTransportKind.Udp));
    }

    [Fact]
    public void Responses_to_a_stranger_never_exceed_what_it_sent_after_the_first_answer()
    {
        long sent = 0, answered = 0;
        for (int i = 0; i < 15; i++)
        {
            Assert.True(_guard.AdmitMessage(Stranger, 200, SipTransportKind.Udp));
            sent += 200;
            // Every request asks for a 500-byte answer (and a retransmission of it).
            for (int copy = 0; copy < 2; copy++)
                if (_guard.AdmitResponse(Stranger, 500)) answered += 500;
        }
        Assert.True(answered > 0);
        Assert.True(answered <= sent + 1000, $"answered {answered} B to {sent} B (allowance 1000 B)");
        Assert.True(Dropped(FloodRefusals.Reasons.ResponseBudget) > 0);
    }

    [Fact]
    public void A_monitor_pinging_every_ten_seconds_gets_every_answer_a_flood_does_not()
    {
        for (int ping = 0; ping < 20; ping++)
        {
            Assert.True(_guard.AdmitMessage(Stranger, 250, SipTransportKind.Udp));
            Assert.True(_guard.AdmitResponse(Stranger, 450), $"ping {ping} unanswered");
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
        int answered = 0;
        for (int i = 0; i < 20; i++)
        {
            _guard.AdmitMessage(Stranger, 250, SipTransportKind.Udp);
            if (_guard.AdmitResponse(Stranger, 450)) answered++;
        }
        Assert.InRange(answered, 10, 14);
    }

    [Fact]
    public void The_first_answer_to_a_new_host_leaves_at_once_even_when_larger_than_its_request()
    {
        Assert.True(_guard.AdmitMessage(Stranger, 300, SipTransportKind.Udp));
        Assert.True(_guard.AdmitResponse(Stranger, 550));
    }

    [Fact]
    public void A_verified_host_gets_its_answers_and_the_higher_rate()
    {
        _guard.MarkVerified(Phone.Address);
        int admitted = 0;
        for (int i = 0; i < 300; i++) if (_guard.AdmitMessage(Phone, 100, SipTransportKind.Udp)) admitted++;
        Assert.Equal(200, admitted);
        for (int i = 0; i < 50; i++) Assert.True(_guard.AdmitResponse(Phone, 1400));
        Assert.True(_guard.IsVerified(Phone.Address));
        _clock.Advance(TimeSpan.FromHours(1.01));
        Assert.False(_guard.IsVerified(Phone.Address));
    }

    [Fact]
    public void Tcp_connections_are_capped_per_host_and_given_back_on_close()
    {
        Assert.True(_guard.TryOpenConnection(Stranger));
        Assert.True(_guard.TryOpenConnection(Stranger));
        Assert.False(_guard.TryOpenConnection(Stranger));
        Assert.Equal(1, Dropped(FloodRefusals.Reasons.TcpPerSource));
        Assert.True(_guard.TryOpenConnection(Phone));
        _guard.ConnectionClosed(Stranger);
        Assert.True(_guard.TryOpenConnection(Stranger));
        _guard.MarkVerified(Stranger.Address);
        Assert.True(_guard.TryOpenConnection(Stranger));
        Assert.True(_guard.TryOpenConnection(Stranger));
        Assert.False(_guard.TryOpenConnection(Stranger));
    }

    [Fact]
    public void Exempt_networks_have_no_limits()
    {
        var monitor = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060);
        for (int i = 0; i < 1000; i++) Assert.True(_guard.AdmitMessage(monitor, 10, SipTransportKind.Udp));
        for (int i = 0; i < 100; i++) Assert.True(_guard.AdmitResponse(monitor, 1400));
        for (int i = 0; i < 10; i++) Assert.True(_guard.TryOpenConnection(monitor));
    }

    [Fact]
    public void Refusals_are_one_summary_line_per_interval_not_one_per_refusal()
    {
        for (int i = 0; i < 500; i++) _guard.AdmitMessage(Stranger, 300, SipTransportKind.Udp);
        for (int i = 0; i < 50; i++) _guard.TryOpenConnection(Stranger);
        Assert.Empty(_log.Entries);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var line = Assert.Single(_log.Entries);
        Assert.Equal(2050, line.EventId);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(_log.Entries);
        var text = _metrics.Render();
        Assert.Contains("mcptt_sip_flood_dropped_total{reason=\"request_rate\"} 480", text);
        Assert.Contains("mcptt_sip_flood_dropped_total{reason=\"tcp_per_source\"} 48", text);
    }

    [Fact]
    public void A_flood_of_spoofed_sources_fits_in_the_fixed_table_and_runs_out_of_first_answer_allowances()
    {
        using var small = new SipFloodGuard(new SipFloodOptions { MaxTrackedSources = 64 }, new MetricsRegistry(), _log, _clock);
        int firstAnswers = 0;
        for (int i = 0; i < 5000; i++)
        {
            var spoofed = new IPEndPoint(new IPAddress(0x0A000000u + (uint)i), 5060);
            small.AdmitMessage(spoofed, 200, SipTransportKind.Udp);
            if (small.AdmitResponse(spoofed, 500)) firstAnswers++;
        }
        // 100 allowances per second, 200 at once: beyond that every spoofed victim is held to 1x from its first byte.
        Assert.InRange(firstAnswers, 1, 200);
    }
}
