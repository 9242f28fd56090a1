using System.Diagnostics;
using System.Text;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// "Input is hostile" against the real appliance process: garbage and oversized UDP datagrams, stalled and oversized
/// TCP messages, connection floods, malformed Contact and unusable SDP. Every case checks the answer (or its
/// absence), that the matching counter on /metrics moved, and that the appliance still answers OPTIONS 200.
/// </summary>
public sealed class ApplianceBadInputTests : IClassFixture<BadInputApplianceFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private const string ParseErrors = "mcptt_sip_parse_errors_total";
    private const string Dropped = "mcptt_sip_dropped_total";

    private readonly BadInputApplianceFixture _fixture;

    public ApplianceBadInputTests(BadInputApplianceFixture fixture) => _fixture = fixture;

    private AppProcess App => _fixture.App;

    // ---- 1. UDP garbage -------------------------------------------------------------------------------------

    /// <summary>Garbage, and the counter it must move: unparseable bytes are parse errors; a well-formed start line
    /// without any header parses but has no Via to answer to, so it is dropped as unroutable.</summary>
    public static TheoryData<string, string, string?> GarbageKinds() => new()
    {
        { "random bytes", ParseErrors, null },
        { "binary zeros", ParseErrors, null },
        { "text without headers", ParseErrors, null },
        { "start line only", Dropped, "reason=\"unroutable\"" },
    };

    private static byte[] Garbage(string kind) => kind switch
    {
        "random bytes" => RandomBytes(1200, seed: 4475),
        "binary zeros" => new byte[512],
        "text without headers" => Encoding.ASCII.GetBytes("hello, is this the SIP port?\r\n\r\n"),
        "start line only" => Encoding.ASCII.GetBytes("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n\r\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(GarbageKinds))]
    public async Task Udp_garbage_gets_no_reply_or_400_and_is_counted(string kind, string counter, string? labels)
    {
        double before = await MetricAsync(counter, labels);
        using var probe = new UdpProbe();

        var replies = await probe.ExchangeAsync(Garbage(kind), App.Ports.Sip, Quiet);

        Assert.True(replies.All(r => SipReplies.StatusCode(r) == 400), $"{kind}: {SipReplies.Describe(replies)}");
        await AssertMetricReachesAsync(counter, labels, before + 1);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Udp_request_with_a_garbage_header_gets_400_naming_the_header()
    {
        double before = await MetricAsync(ParseErrors);
        using var probe = new UdpProbe();
        var request = OptionsText(probe.LocalEndPoint.Port, "UDP").Replace("Max-Forwards: 70", "Max-Forwards: \u0001banana\u00ff", StringComparison.Ordinal);

        var replies = await probe.ExchangeAsync(Encoding.Latin1.GetBytes(request), App.Ports.Sip, Quiet);

        var response = Assert.Single(replies);
        var parsed = Assert.IsType<SipResponse>(SipParser.Parse(response, SipFraming.Datagram).Message);
        Assert.Equal(400, parsed.StatusCode);
        Assert.Contains("Max-Forwards", parsed.ReasonPhrase, StringComparison.Ordinal);
        await AssertMetricReachesAsync(ParseErrors, null, before + 1);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public async Task Udp_crlf_keepalive_is_accepted_silently(string keepAlive)
    {
        double before = await MetricAsync(ParseErrors);
        using var probe = new UdpProbe();

        var replies = await probe.ExchangeAsync(Encoding.ASCII.GetBytes(keepAlive), App.Ports.Sip, Quiet);

        Assert.True(replies.Count == 0, $"keep-alive answered: {SipReplies.Describe(replies)}");
        // One receive loop: once the OPTIONS sent after it is answered, the keep-alive has been handled too.
        await AssertStillServingAsync();
        Assert.Equal(before, await MetricAsync(ParseErrors));
    }

    // ---- 2. Oversized UDP datagram --------------------------------------------------------------------------

    [Fact]
    public async Task Oversized_udp_datagram_is_dropped_and_counted()
    {
        const string tooLarge = "reason=\"too_large\"";
        double before = await MetricAsync(Dropped, tooLarge);
        using var probe = new UdpProbe();
        var datagram = Padded(OptionsText(probe.LocalEndPoint.Port, "UDP"), 65000);

        var replies = await probe.ExchangeAsync(datagram, App.Ports.Sip, Quiet);

        Assert.True(replies.All(r => SipReplies.StatusCode(r) == 513), $"65000-byte datagram: {SipReplies.Describe(replies)}");
        await AssertMetricReachesAsync(Dropped, tooLarge, before + 1);
        await AssertStillServingAsync();
    }

    // ---- 3. TCP: stalled, oversized, flooding ---------------------------------------------------------------

    public static TheoryData<string> StalledMessages() => new() { "headers without their end", "body shorter than Content-Length" };

    [Theory]
    [MemberData(nameof(StalledMessages))]
    public async Task Tcp_client_stalling_mid_message_is_closed_after_the_idle_timeout_while_others_are_served(string kind)
    {
        const string timeout = "reason=\"tcp_timeout\"";
        double before = await MetricAsync(Dropped, timeout);
        using var stalled = await SipTcpProbe.ConnectAsync(App.Ports.Sip);
        var full = OptionsText(stalled.LocalEndPoint.Port, "TCP");
        string partial = kind == "headers without their end"
            ? full[..full.IndexOf("Content-Length", StringComparison.Ordinal)]
            : full.Replace("Content-Length: 0", "Content-Length: 500", StringComparison.Ordinal) + "v=0\r\n";
        Assert.True(await stalled.SendAsync(Encoding.ASCII.GetBytes(partial)));
        var clock = Stopwatch.StartNew();

        // Another client is served while the stalled one holds its connection.
        using (var other = await SipTcpProbe.ConnectAsync(App.Ports.Sip))
        {
            Assert.True(await other.SendAsync(Encoding.ASCII.GetBytes(OptionsText(other.LocalEndPoint.Port, "TCP"))));
            var answer = await other.ReadResponseAsync(TimeSpan.FromSeconds(2));
            Assert.True(answer?.StatusCode == 200, $"other TCP client got {answer?.StatusCode.ToString() ?? "nothing"}\n{App.Describe()}");
        }

        // The stalled message is never completed: the idle timeout (1 s here) closes the connection, well before
        // the 10 s incomplete-message deadline would.
        Assert.True(await stalled.WaitClosedAsync(TimeSpan.FromSeconds(BadInputApplianceFixture.TcpIdleTimeoutSeconds + 4)),
            $"{kind}: connection still open after {clock.Elapsed.TotalSeconds:F1} s\n{App.Describe()}");
        Assert.Empty(stalled.DrainResponses());
        await AssertMetricReachesAsync(Dropped, timeout, before + 1);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Tcp_header_section_beyond_the_size_limit_closes_the_connection()
    {
        double before = await MetricAsync(ParseErrors);
        using var probe = await SipTcpProbe.ConnectAsync(App.Ports.Sip);
        var head = OptionsText(probe.LocalEndPoint.Port, "TCP");
        head = head[..head.IndexOf("Content-Length", StringComparison.Ordinal)];
        // Header lines that never end: 4x the message limit, sent in one go (the appliance may reset us mid-send).
        var lines = new StringBuilder(head);
        for (int i = 0; lines.Length < 4 * BadInputApplianceFixture.MaxMessageSize; i++)
            lines.Append("X-Padding-").Append(i).Append(": ").Append('a', 80).Append("\r\n");
        await probe.SendAsync(Encoding.ASCII.GetBytes(lines.ToString()));

        Assert.True(await probe.WaitClosedAsync(TimeSpan.FromSeconds(3)), $"connection still open\n{App.Describe()}");
        var responses = probe.DrainResponses();
        Assert.True(responses.All(r => r.StatusCode is 513 or 400), string.Join(", ", responses.Select(r => r.StatusCode)));
        await AssertMetricReachesAsync(ParseErrors, null, before + 1);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Tcp_message_with_too_many_header_fields_gets_400_then_close()
    {
        double before = await MetricAsync(ParseErrors);
        using var probe = await SipTcpProbe.ConnectAsync(App.Ports.Sip);
        var message = OptionsText(probe.LocalEndPoint.Port, "TCP");
        var extra = new StringBuilder();
        for (int i = 0; i < 300; i++) extra.Append("X-H").Append(i).Append(": 1\r\n");
        message = message.Replace("Content-Length: 0\r\n", extra + "Content-Length: 0\r\n", StringComparison.Ordinal);
        Assert.True(await probe.SendAsync(Encoding.ASCII.GetBytes(message)));

        var response = await probe.ReadResponseAsync(TimeSpan.FromSeconds(3));

        Assert.True(response?.StatusCode == 400, $"got {response?.StatusCode.ToString() ?? "nothing"}\n{App.Describe()}");
        Assert.Contains("header", response!.ReasonPhrase, StringComparison.OrdinalIgnoreCase);
        Assert.True(await probe.WaitClosedAsync(TimeSpan.FromSeconds(3)), "connection left open after an unframeable message");
        await AssertMetricReachesAsync(ParseErrors, null, before + 1);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_limit_are_refused_and_the_rest_served()
    {
        const string limit = "reason=\"tcp_connection_limit\"";
        int max = BadInputApplianceFixture.MaxTcpConnections;
        int attempts = max + 4;
        await AssertMetricReachesAsync("mcptt_sip_tcp_connections", null, 0, atMost: true);
        double before = await MetricAsync(Dropped, limit);

        var probes = await Task.WhenAll(Enumerable.Range(0, attempts).Select(_ => SipTcpProbe.ConnectAsync(App.Ports.Sip)));
        try
        {
            foreach (var p in probes) await p.SendAsync(Encoding.ASCII.GetBytes(OptionsText(p.LocalEndPoint.Port, "TCP")));
            var answers = await Task.WhenAll(probes.Select(p => p.ReadResponseAsync(TimeSpan.FromSeconds(3))));

            int served = answers.Count(a => a?.StatusCode == 200);
            int refused = probes.Count(p => p.Closed && !p.DrainResponses().Any());
            Assert.True(served == max && refused == attempts - max,
                $"{attempts} connections, limit {max}: served {served}, refused {refused}\n{App.Describe()}");
            await AssertMetricReachesAsync(Dropped, limit, before + refused);
        }
        finally
        {
            foreach (var p in probes) p.Dispose();
        }

        // Slots come back once those connections are gone.
        await AssertMetricReachesAsync("mcptt_sip_tcp_connections", null, 0, atMost: true);
        using var later = await SipTcpProbe.ConnectAsync(App.Ports.Sip);
        Assert.True(await later.SendAsync(Encoding.ASCII.GetBytes(OptionsText(later.LocalEndPoint.Port, "TCP"))));
        Assert.Equal(200, (await later.ReadResponseAsync(TimeSpan.FromSeconds(2)))?.StatusCode);
        await AssertStillServingAsync();
    }

    // ---- 4. REGISTER with a malformed Contact ---------------------------------------------------------------

    public static TheoryData<string, string, string, string?> MalformedContacts() => new()
    {
        // Unparseable: rejected by the SIP parser before the registrar (and before authentication).
        { "<sip:alice@127.0.0.1:5999", "Contact", ParseErrors, null },
        { "\"Alice <sip:alice@127.0.0.1:5999>", "Contact", ParseErrors, null },
        // Parseable but unusable as a binding: rejected by the registrar after authentication.
        { "<tel:+15551234>", "scheme", "mcptt_register_total", "result=\"bad_request\"" },
        { "<sip:alice@127.0.0.1:5999>;expires=soon", "expires", "mcptt_register_total", "result=\"bad_request\"" },
        { "<sip:alice@127.0.0.1:5999>;q=7", "q parameter", "mcptt_register_total", "result=\"bad_request\"" },
    };

    [Theory]
    [MemberData(nameof(MalformedContacts))]
    public async Task Register_with_a_malformed_contact_gets_400_with_a_reason(string contact, string reasonMentions, string counter, string? labels)
    {
        double before = await MetricAsync(counter, labels);
        using var alice = new RawSipUser(App, "alice");

        var response = await alice.RegisterAsync(contact);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(reasonMentions, response.ReasonPhrase, StringComparison.OrdinalIgnoreCase);
        await AssertMetricReachesAsync(counter, labels, before + 1);
        await AssertStillServingAsync();
    }

    // ---- 5./6. INVITE with SDP that cannot be anchored, or a broken body ------------------------------------

    public static TheoryData<string, string> UnanchorableOffers() => new()
    {
        { "no c= line", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n" },
        { "every stream port 0", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n" },
        { "TCP media only", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 TCP/RTP/AVP 0\r\n" },
        { "video only", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 40000 RTP/SAVPF 96\r\n" },
        { "IPv6 address", "v=0\r\no=alice 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 ::1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n" },
        { "not SDP at all", "this is not a session description\r\n" },
    };

    [Theory]
    [MemberData(nameof(UnanchorableOffers))]
    public async Task Invite_whose_sdp_cannot_be_anchored_gets_488_with_a_warning(string kind, string sdp)
    {
        const string notAcceptable = "result=\"not_acceptable\"";
        using var alice = new RawSipUser(App, "alice");
        using var bob = new RawSipUser(App, "bob");
        await alice.RegisterAsync();
        await bob.RegisterAsync();
        double before = await MetricAsync("mcptt_calls_total", notAcceptable);

        var response = await alice.RequestAsync(Invite("bob", "application/sdp", Encoding.ASCII.GetBytes(sdp)));

        Assert.True(response.StatusCode == 488, $"{kind}: {response.StatusCode} {response.ReasonPhrase}");
        var warning = response.Headers.Get(SipHeaderNames.Warning);
        Assert.True(warning is not null && warning.Length > 4 && warning[0] == '3' && warning[3] == ' ',
            $"{kind}: Warning '{warning}' is not a 3xx warn-code");
        await AssertMetricReachesAsync("mcptt_calls_total", notAcceptable, before + 1);
        await AssertNoRingingAsync(bob);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Invite_with_a_non_sdp_content_type_gets_415_with_accept()
    {
        using var alice = new RawSipUser(App, "alice");
        using var bob = new RawSipUser(App, "bob");
        await alice.RegisterAsync();
        await bob.RegisterAsync();
        double before = await MetricAsync("mcptt_sip_responses_total", "class=\"4xx\",direction=\"sent\"");

        var response = await alice.RequestAsync(Invite("bob", "text/plain", "v=0\r\n"u8.ToArray()));

        Assert.Equal(415, response.StatusCode);
        Assert.Contains("application/sdp", response.Headers.Get(SipHeaderNames.Accept) ?? "", StringComparison.Ordinal);
        await AssertMetricReachesAsync("mcptt_sip_responses_total", "class=\"4xx\",direction=\"sent\"", before + 1);
        await AssertNoRingingAsync(bob);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Invite_whose_content_length_exceeds_the_datagram_gets_400()
    {
        using var alice = new RawSipUser(App, "alice");
        using var bob = new RawSipUser(App, "bob");
        await bob.RegisterAsync();
        double before = await MetricAsync(ParseErrors);
        var sdp = Encoding.ASCII.GetBytes(GoodOffer);

        var response = await alice.RequestAsync(Invite("bob", "application/sdp", sdp) with { DeclaredContentLength = sdp.Length + 200 });

        // RFC 3261 §18.3: over UDP a Content-Length beyond the datagram is an error the UAS answers with 400.
        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Content-Length", response.ReasonPhrase, StringComparison.Ordinal);
        await AssertMetricReachesAsync(ParseErrors, null, before + 1);
        await AssertNoRingingAsync(bob);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Invite_whose_content_length_truncates_the_sdp_is_rejected()
    {
        using var alice = new RawSipUser(App, "alice");
        using var bob = new RawSipUser(App, "bob");
        await alice.RegisterAsync();
        await bob.RegisterAsync();
        // The declared length cuts the offer inside its o= line; the rest of the datagram is ignored (§18.3).
        var sdp = Encoding.ASCII.GetBytes(GoodOffer);

        var response = await alice.RequestAsync(Invite("bob", "application/sdp", sdp) with { DeclaredContentLength = 12 });

        Assert.True(response.StatusCode is 400 or 488, $"{response.StatusCode} {response.ReasonPhrase}");
        await AssertNoRingingAsync(bob);
        await AssertStillServingAsync();
    }

    private const string GoodOffer = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    // ---- helpers --------------------------------------------------------------------------------------------

    private static RawRequest Invite(string callee, string contentType, byte[] body) => new(
        SipMethods.Invite, $"sip:{callee}@127.0.0.1", callee, ["Contact: <sip:alice@127.0.0.1>"], contentType, body);

    /// <summary>The callee must never see a rejected INVITE.</summary>
    private static async Task AssertNoRingingAsync(RawSipUser callee)
    {
        var received = await callee.Probe.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        Assert.True(received is null || !Encoding.ASCII.GetString(received).StartsWith("INVITE", StringComparison.Ordinal),
            "a rejected INVITE was forwarded to the callee");
    }

    private static string OptionsText(int localPort, string transport) =>
        $"OPTIONS sip:127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} 127.0.0.1:{localPort};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:probe@127.0.0.1>;tag={Guid.NewGuid():N}\r\n" +
        "To: <sip:127.0.0.1>\r\n" +
        $"Call-ID: {Guid.NewGuid():N}@127.0.0.1\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary><paramref name="message"/> grown to <paramref name="size"/> bytes by one long extension header.</summary>
    private static byte[] Padded(string message, int size)
    {
        int headerEnd = message.IndexOf("Content-Length", StringComparison.Ordinal);
        const string name = "X-Padding: ";
        int fill = size - message.Length - name.Length - 2;
        return Encoding.ASCII.GetBytes(message[..headerEnd] + name + new string('a', fill) + "\r\n" + message[headerEnd..]);
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<double> MetricAsync(string name, string? labels = null) => await App.GetMetricValueAsync(name, labels) ?? 0;

    /// <summary>Polls /metrics until the sample reaches <paramref name="target"/> (or drops to it, with
    /// <paramref name="atMost"/>); counters move on the receive thread, after any reply went out.</summary>
    private async Task AssertMetricReachesAsync(string name, string? labels, double target, bool atMost = false)
    {
        double value = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            value = await MetricAsync(name, labels);
            if (atMost ? value <= target : value >= target) return;
            await Task.Delay(50);
        }
        Assert.Fail($"{name}{{{labels}}} is {value}, expected {(atMost ? "at most" : "at least")} {target}\n{App.Describe()}");
    }

    /// <summary>The appliance is alive and answers an OPTIONS over UDP with 200 (returns on the first 200, unlike
    /// <see cref="Rfc4475Tests.AssertOptionsAnsweredAsync"/>, which waits for a quiet second).</summary>
    private async Task AssertStillServingAsync()
    {
        Assert.False(App.Process.HasExited, $"appliance exited\n{App.Describe()}");
        using var probe = new UdpProbe();
        await probe.SendAsync(Encoding.ASCII.GetBytes(OptionsText(probe.LocalEndPoint.Port, "UDP")), App.Ports.Sip);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var seen = new List<byte[]>();
        while (DateTime.UtcNow < deadline && await probe.ReceiveAsync(deadline - DateTime.UtcNow) is { } reply)
        {
            if (SipReplies.StatusCode(reply) == 200) return;
            seen.Add(reply);
        }
        Assert.Fail($"OPTIONS after bad input: {SipReplies.Describe(seen)}\n{App.Describe()}");
    }
}
