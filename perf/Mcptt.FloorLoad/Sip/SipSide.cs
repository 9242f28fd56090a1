using System.Globalization;
using System.Net;
using Mcptt.Client.Sip;
using Mcptt.FloorLoad.Floor;
using Mcptt.FloorLoad.Plan;
using Mcptt.Signaling.Sip;

namespace Mcptt.FloorLoad.Sip;

/// <summary>
/// The clients' SIP: a few shared UDP endpoints of the test client (transactions with retransmission), each member
/// with its own AOR, contact and digest credentials. Registers everyone, calls each group URI from its first member,
/// answers the appliance's INVITEs to the others and keeps their dialogs (ACK, BYE).
/// </summary>
internal sealed partial class SipSide : IAsyncDisposable
{
    /// <summary>Stale-nonce retries plus the first challenge.</summary>
    private const int MaxAuthAttempts = 3;
    private readonly LoadPlan _plan;
    private readonly SipUdpEndpoint[] _endpoints;
    private readonly Dictionary<string, LoadMember> _byUser = new(StringComparer.Ordinal);
    private readonly FloorExchange _floor;
    private readonly int _audioPort;
    private readonly Timer _answerRetransmit;
    private readonly SipUri _registrar;

    public SipSide(LoadPlan plan, IReadOnlyList<LoadMember> members, FloorExchange floor, int audioPort)
    {
        _plan = plan;
        _floor = floor;
        _audioPort = audioPort;
        _registrar = new SipUri(plan.Domain);
        _endpoints = new SipUdpEndpoint[plan.SipSockets];
        for (int i = 0; i < _endpoints.Length; i++)
        {
            int index = i;
            _endpoints[i] = new SipUdpEndpoint(new IPEndPoint(plan.Local, 0), new SipTiming());
            _endpoints[i].RequestReceived += (request, from) => OnRequest(index, request, from);
            _endpoints[i].StrayResponseReceived += (response, _) => OnStrayResponse(index, response);
        }
        foreach (var member in members)
        {
            member.SipSocket = member.Index % _endpoints.Length;
            _byUser.Add(member.User, member);
        }
        _answerRetransmit = new Timer(_ => RetransmitAnswers(), null, 500, 500);
    }

    public long RegisterFailures;
    public long AnswerResends;
    public long UnexpectedRequests;
    public long ByesReceived;

    /// <summary>Registers every member, <see cref="LoadPlan.RegisterWindow"/> transactions at a time.</summary>
    public async Task RegisterAllAsync(IReadOnlyList<LoadMember> members, CancellationToken cancel)
    {
        using var window = new SemaphoreSlim(_plan.RegisterWindow);
        var tasks = new List<Task>(members.Count);
        foreach (var member in members)
        {
            await window.WaitAsync(cancel).ConfigureAwait(false);
            tasks.Add(RegisterOneAsync(member, window, cancel));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task RegisterOneAsync(LoadMember member, SemaphoreSlim window, CancellationToken cancel)
    {
        try
        {
            var response = await RegisterAsync(member, cancel).ConfigureAwait(false);
            member.Registered = response.IsSuccess;
            if (!response.IsSuccess) Interlocked.Increment(ref RegisterFailures);
        }
        catch (SipTransactionException)
        {
            Interlocked.Increment(ref RegisterFailures);
        }
        finally
        {
            window.Release();
        }
    }

    private async Task<SipResponse> RegisterAsync(LoadMember member, CancellationToken cancel)
    {
        var aor = Aor(member);
        string? authorization = null;
        for (int attempt = 0; ; attempt++)
        {
            var from = new NameAddr(aor) { Tag = SipIds.NewTag() };
            var register = SipRequest.Create(SipMethods.Register, _registrar, from, new NameAddr(aor), member.RegisterCallId,
                ++member.RegisterCSeq, NewVia(member));
            register.Headers.Add(SipHeaderNames.Contact, Contact(member));
            register.Headers.Add(SipHeaderNames.Expires, "3600");
            if (authorization is not null) register.Headers.Add(SipHeaderNames.Authorization, authorization);
            var response = await Endpoint(member).SendRequestAsync(register, _plan.Server, null, cancel).ConfigureAwait(false);
            if (response.StatusCode is 401 && attempt < MaxAuthAttempts - 1
                && Answer(member, response, SipMethods.Register, _registrar.ToString()) is { } answer)
            {
                authorization = answer.Value;
                continue;
            }
            return response;
        }
    }

    /// <summary>The Authorization (401) or Proxy-Authorization (407) header answering the response's digest challenge.</summary>
    private static (string Header, string Value)? Answer(LoadMember member, SipResponse response, string method, string digestUri)
    {
        bool proxy = response.StatusCode == 407;
        foreach (string raw in response.Headers.GetAll(proxy ? SipHeaderNames.ProxyAuthenticate : SipHeaderNames.WwwAuthenticate))
        {
            if (DigestChallenge.TryParse(raw) is not { } challenge) continue;
            return (proxy ? SipHeaderNames.ProxyAuthorization : SipHeaderNames.Authorization,
                member.Credentials.Authorize(challenge, method, digestUri));
        }
        return null;
    }

    private SipUdpEndpoint Endpoint(LoadMember member) => _endpoints[member.SipSocket];

    private SipUri Aor(LoadMember member) => new(_plan.Domain, member.User);

    private Via NewVia(LoadMember member)
    {
        var local = Endpoint(member).LocalEndPoint;
        return new Via("UDP", local.Address.ToString(), local.Port) { Branch = SipIds.NewBranch() };
    }

    private string Contact(LoadMember member)
    {
        var local = Endpoint(member).LocalEndPoint;
        return string.Create(CultureInfo.InvariantCulture, $"<sip:{member.User}@{local.Address}:{local.Port}>") + McpttHeaders.ContactFeatureTags;
    }

    /// <summary>Our SDP (offer or answer): audio to the shared sink, floor channel on the member's floor socket.</summary>
    private string LocalSdp(LoadMember member, McpttAnswer? offer)
    {
        int floorPort = _floor.Ports.LocalEndPoint(member.FloorSocket).Port;
        return new McpttOffer(_plan.Local, _audioPort, floorPort)
        {
            Queueing = offer?.Queueing ?? true,
            Priority = offer?.Priority is { } p ? (byte)p : (byte)1,
        }.ToSdp((ulong)member.Index + 1, 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _answerRetransmit.DisposeAsync().ConfigureAwait(false);
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync().ConfigureAwait(false);
    }
}
