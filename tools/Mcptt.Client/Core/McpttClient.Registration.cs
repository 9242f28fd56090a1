using System.Globalization;
using System.Net;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Core;

public sealed partial class McpttClient
{
    /// <summary>Stale-nonce retries plus the first challenge: bounded so a hostile registrar cannot loop us.</summary>
    private const int MaxAuthAttempts = 3;
    private readonly RegistrationState _registration = new();

    public bool IsRegistered => _registration.Registered;

    /// <summary>Registers our contact (answering a digest challenge) and keeps it refreshed; returns the final response.</summary>
    public Task<SipResponse> RegisterAsync(CancellationToken cancel = default) => SendRegisterAsync(_options.RegisterExpires, cancel);

    /// <summary>Removes our binding (Expires: 0).</summary>
    public Task<SipResponse> UnregisterAsync(CancellationToken cancel = default) => SendRegisterAsync(TimeSpan.Zero, cancel);

    private async Task<SipResponse> SendRegisterAsync(TimeSpan expires, CancellationToken cancel)
    {
        IPEndPoint server = _options.Server ?? throw new InvalidOperationException("register needs --server");
        var registrar = new SipUri(_options.EffectiveDomain);
        if (_options.Domain is null && server.Port != 5060)
        {
            registrar.Port = server.Port;
        }

        string expiresText = ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        string? authorization = null;
        string authorizationHeader = SipHeaderNames.Authorization;
        SipResponse response;
        int attempt = 0;
        while (true)
        {
            uint cseq;
            lock (_gate)
            {
                cseq = ++_registration.CSeq;
            }

            var from = new NameAddr(Aor) { Tag = _registration.FromTag };
            SipRequest register = SipRequest.Create(SipMethods.Register, registrar, from, new NameAddr(Aor), _registration.CallId, cseq, NewVia());
            register.Headers.Add(SipHeaderNames.Contact, ContactValue());
            register.Headers.Add(SipHeaderNames.Expires, expiresText);
            McpttHeaders.AddCommon(register);
            if (authorization is not null)
            {
                register.Headers.Add(authorizationHeader, authorization);
            }

            response = await _sip.SendRequestAsync(register, server, null, cancel).ConfigureAwait(false);
            if (response.StatusCode is 401 or 407 && attempt < MaxAuthAttempts - 1)
            {
                attempt++;
                (authorizationHeader, authorization) = AnswerChallenge(response, SipMethods.Register, registrar.ToString());
                if (authorization is not null)
                {
                    continue;
                }
            }

            break;
        }

        if (response.IsSuccess)
        {
            TimeSpan granted = expires == TimeSpan.Zero ? TimeSpan.Zero : GrantedExpiry(response, expires);
            _registration.Registered = granted > TimeSpan.Zero;
            ScheduleRefresh(granted);
            Record(expires == TimeSpan.Zero ? ClientEventKind.Unregistered : ClientEventKind.Registered,
                $"{response.StatusCode} {response.ReasonPhrase}{(granted > TimeSpan.Zero ? $" (expires {granted.TotalSeconds:0} s)" : string.Empty)}", status: response.StatusCode);
        }
        else
        {
            Record(ClientEventKind.RegistrationFailed, $"{response.StatusCode} {response.ReasonPhrase}", status: response.StatusCode);
        }

        return response;
    }

    /// <summary>
    /// Picks the digest challenge from a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) and returns the
    /// header to add, or a null value when the challenge is unusable (the caller then reports the 401/407).
    /// </summary>
    private (string Header, string? Value) AnswerChallenge(SipResponse response, string method, string digestUri)
    {
        bool proxy = response.StatusCode == 407;
        string challengeHeader = proxy ? SipHeaderNames.ProxyAuthenticate : SipHeaderNames.WwwAuthenticate;
        string answerHeader = proxy ? SipHeaderNames.ProxyAuthorization : SipHeaderNames.Authorization;
        foreach (string raw in response.Headers.GetAll(challengeHeader))
        {
            DigestChallenge? challenge = DigestChallenge.TryParse(raw);
            if (challenge is null)
            {
                continue;
            }

            try
            {
                return (answerHeader, _credentials.Authorize(challenge, method, digestUri));
            }
            catch (NotSupportedException ex)
            {
                Say($"{response.StatusCode} challenge not usable: {ex.Message}");
            }
        }

        return (answerHeader, null);
    }

    /// <summary>The expiry the registrar granted our contact (its Contact expires param, else Expires, else what we asked).</summary>
    private TimeSpan GrantedExpiry(SipResponse response, TimeSpan asked)
    {
        foreach (NameAddr contact in response.Contacts)
        {
            if (contact.SipUri is { } uri && uri.User == _options.User && uri.Port == _sip.LocalEndPoint.Port && contact.Expires is { } e)
            {
                return TimeSpan.FromSeconds(e);
            }
        }

        return response.Expires is { } expires ? TimeSpan.FromSeconds(expires) : asked;
    }

    private void ScheduleRefresh(TimeSpan granted)
    {
        _registration.Refresh?.Dispose();
        _registration.Refresh = null;
        if (granted <= TimeSpan.Zero)
        {
            return;
        }

        // Refresh at half the granted time (never more often than every 5 s) so a lost REGISTER can be retried.
        TimeSpan due = TimeSpan.FromSeconds(Math.Max(5, granted.TotalSeconds / 2));
        _registration.Refresh = new Timer(_ => _ = RefreshAsync(), null, due, Timeout.InfiniteTimeSpan);
    }

    private async Task RefreshAsync()
    {
        try
        {
            await SendRegisterAsync(_options.RegisterExpires, _life.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SipTransactionException or ObjectDisposedException)
        {
            Say("registration refresh failed: " + ex.Message);
        }
    }

    private sealed class RegistrationState
    {
        public string CallId { get; } = SipIds.NewCallId();

        public string FromTag { get; } = SipIds.NewTag();

        public uint CSeq { get; set; }

        public volatile bool Registered;

        public Timer? Refresh { get; set; }
    }
}
