using System.Globalization;
using System.Net;
using System.Text;
using Mcptt.Client.Sip;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// A hand-written SIP user agent over one loopback UDP socket, for sending requests the real clients never would
/// (bad Contact, bad SDP, lying Content-Length). Builds the request text itself, answers digest challenges
/// (401/407) once, ACKs non-2xx INVITE finals, and returns the final response parsed.
/// </summary>
internal sealed class RawSipUser : IDisposable
{
    private static readonly TimeSpan FinalTimeout = TimeSpan.FromSeconds(3);

    private readonly AppProcess _app;
    private readonly DigestCredentials _credentials;
    private int _cseq;

    /// <param name="local">Loopback address to send from (default 127.0.0.1): another address is another host to the appliance.</param>
    public RawSipUser(AppProcess app, string user, string password = "secret", IPAddress? local = null)
    {
        _app = app;
        User = user;
        _credentials = new DigestCredentials(user, password);
        Probe = new UdpProbe(local ?? IPAddress.Loopback);
    }

    public string User { get; }

    public UdpProbe Probe { get; }

    public string Domain => "127.0.0.1";

    public string ContactUri => $"sip:{User}@{Probe.LocalEndPoint.Address}:{Probe.LocalEndPoint.Port}";

    /// <summary>REGISTER with digest; fails the test unless the appliance answers 200.</summary>
    public async Task RegisterAsync()
    {
        var reply = await RegisterAsync($"<{ContactUri}>");
        Assert.True(reply.StatusCode == 200, $"REGISTER {User}: {reply.StatusCode} {reply.ReasonPhrase}\n{_app.Describe()}");
    }

    /// <summary>REGISTER with <paramref name="contactValue"/> written as-is in the Contact header.</summary>
    public Task<SipResponse> RegisterAsync(string contactValue) => RequestAsync(RegisterRequest(contactValue));

    /// <summary>The REGISTER <see cref="RegisterAsync(string)"/> sends.</summary>
    public RawRequest RegisterRequest(string contactValue)
        => new(SipMethods.Register, $"sip:{Domain}", User, [$"Contact: {contactValue}", "Expires: 60"]);

    /// <summary>Sends <paramref name="request"/>, answering one digest challenge; the final response.</summary>
    public async Task<SipResponse> RequestAsync(RawRequest request)
        => await TryRequestAsync(request, FinalTimeout)
           ?? throw new Xunit.Sdk.XunitException($"no final response to {request.Method} within {FinalTimeout.TotalSeconds} s\n{_app.Describe()}");

    /// <summary>As <see cref="RequestAsync"/>, but null when a final response does not come within <paramref name="timeout"/>
    /// (for requests an appliance under attack may rightly drop).</summary>
    public async Task<SipResponse?> TryRequestAsync(RawRequest request, TimeSpan timeout)
    {
        var callId = NewCallId();
        var fromTag = Guid.NewGuid().ToString("N")[..12];
        var final = await TrySendAsync(request, callId, fromTag, authorization: null, timeout);
        if (final is null || final.StatusCode is not (401 or 407)) return final;
        var authorization = Answer(final, request);
        return await TrySendAsync(request, callId, fromTag, authorization, timeout);
    }

    /// <summary>The "Authorization: ..." (401) or "Proxy-Authorization: ..." (407) header line answering <paramref name="challenged"/>.</summary>
    public string Answer(SipResponse challenged, RawRequest request)
    {
        string challengeHeader = challenged.StatusCode == 401 ? SipHeaderNames.WwwAuthenticate : SipHeaderNames.ProxyAuthenticate;
        var challenge = DigestChallenge.TryParse(challenged.Headers.Get(challengeHeader))
            ?? throw new Xunit.Sdk.XunitException($"{challenged.StatusCode} without a usable {challengeHeader}");
        string answerHeader = challenged.StatusCode == 401 ? SipHeaderNames.Authorization : SipHeaderNames.ProxyAuthorization;
        return $"{answerHeader}: {_credentials.Authorize(challenge, request.Method, request.RequestUri)}";
    }

    public string NewCallId() => $"{Guid.NewGuid():N}@{Probe.LocalEndPoint.Address}";

    /// <summary>
    /// One request (new CSeq and branch) with <paramref name="authorization"/> (a whole header line, or null) as given;
    /// the final response, or null after <paramref name="timeout"/>. Non-2xx finals to INVITE are ACKed.
    /// </summary>
    public async Task<SipResponse?> TrySendAsync(RawRequest request, string callId, string fromTag, string? authorization, TimeSpan timeout)
    {
        int cseq = Interlocked.Increment(ref _cseq);
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var datagram = Build(request, callId, fromTag, cseq, branch, authorization);
        await Probe.SendAsync(datagram, _app.Ports.Sip);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var received = await Probe.ReceiveAsync(deadline - DateTime.UtcNow);
            if (received is null) break;
            if (SipParser.Parse(received, SipFraming.Datagram).Message is not SipResponse response) continue;
            if (response.CallId != callId || response.CSeq?.Number != (uint)cseq || response.IsProvisional) continue;
            if (request.Method == SipMethods.Invite && !response.IsSuccess) await AckAsync(request, response, branch, cseq);
            return response;
        }
        return null;
    }

    /// <summary>RFC 3261 §17.1.1.3: the ACK for a non-2xx final reuses the INVITE's branch and To tag.</summary>
    private Task AckAsync(RawRequest invite, SipResponse response, string branch, int cseq)
    {
        var local = Probe.LocalEndPoint;
        var ack = new StringBuilder()
            .Append("ACK ").Append(invite.RequestUri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP ").Append(local.Address).Append(':').Append(local.Port).Append(";branch=").Append(branch).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: ").Append(response.Headers.Get(SipHeaderNames.From)).Append("\r\n")
            .Append("To: ").Append(response.Headers.Get(SipHeaderNames.To)).Append("\r\n")
            .Append("Call-ID: ").Append(response.CallId).Append("\r\n")
            .Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append(" ACK\r\n")
            .Append("Content-Length: 0\r\n\r\n");
        return Probe.SendAsync(Encoding.ASCII.GetBytes(ack.ToString()), _app.Ports.Sip);
    }

    /// <summary>The request as sent: our dialog-forming headers, then <paramref name="authorization"/> and the request's own.</summary>
    public byte[] Build(RawRequest request, string callId, string fromTag, int cseq, string branch, string? authorization)
    {
        var local = Probe.LocalEndPoint;
        var head = new StringBuilder()
            .Append(request.Method).Append(' ').Append(request.RequestUri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP ").Append(local.Address).Append(':').Append(local.Port).Append(";branch=").Append(branch).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:").Append(User).Append('@').Append(Domain).Append(">;tag=").Append(fromTag).Append("\r\n")
            .Append("To: <sip:").Append(request.ToUser).Append('@').Append(Domain).Append(">\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(request.Method).Append("\r\n");
        if (authorization is not null) head.Append(authorization).Append("\r\n");
        foreach (var header in request.Headers) head.Append(header).Append("\r\n");
        var body = request.Body ?? [];
        if (request.ContentType is not null) head.Append("Content-Type: ").Append(request.ContentType).Append("\r\n");
        int contentLength = request.DeclaredContentLength ?? body.Length;
        head.Append("Content-Length: ").Append(contentLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    public void Dispose() => Probe.Dispose();
}

/// <summary>What <see cref="RawSipUser"/> sends: the dialog-forming headers are its own, these are the rest.
/// <paramref name="DeclaredContentLength"/> overrides the true body length (to lie about it).</summary>
internal sealed record RawRequest(
    string Method,
    string RequestUri,
    string ToUser,
    IReadOnlyList<string> Headers,
    string? ContentType = null,
    byte[]? Body = null,
    int? DeclaredContentLength = null);
