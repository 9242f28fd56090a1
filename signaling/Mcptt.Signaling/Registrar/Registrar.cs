using System.Globalization;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Registrar;

/// <summary>
/// RFC 3261 §10.3 registrar with an in-memory location service. Thread-safe (one lock; REGISTER is a
/// control-plane message). Bindings expire lazily on lookup and are swept by a timer.
/// </summary>
public sealed class Registrar : IDisposable
{
    private readonly RegistrarOptions _options;
    private readonly DigestGate _digest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Binding>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter> _results = new(StringComparer.Ordinal);
    private readonly ITimer _purgeTimer;
    private int _bindingCount;

    public Registrar(RegistrarOptions options, DigestGate gate, MetricsRegistry metrics,
        TimeProvider? time = null, ILogger<Registrar>? logger = null)
    {
        _options = options;
        _digest = gate;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        metrics.Gauge("mcptt_registrations", "Active registrar bindings (contacts).", () => Volatile.Read(ref _bindingCount));
        foreach (var result in RegisterResult.All)
            _results[result] = metrics.Counter("mcptt_register_total", "REGISTER requests answered, by result.", ("result", result));
        _purgeTimer = _time.CreateTimer(_ => PurgeExpired(), null, options.PurgeInterval, options.PurgeInterval);
    }

    public RegistrarOptions Options => _options;

    /// <summary>Active bindings (expired ones not yet swept are excluded).</summary>
    public int BindingCount => Volatile.Read(ref _bindingCount);

    /// <summary>Answers a REGISTER. <paramref name="source"/> is the flow it arrived on (used for NAT traversal).</summary>
    public SipResponse HandleRegister(SipRequest request, SipFlow source)
    {
        string toTag = SipIds.NewTag();
        if (request.To?.SipUri is not { User.Length: > 0 } toUri)
            // A syntactically valid To that is no AOR of ours (tel:, isbn:, no user): RFC 3261 §10.3 step 3 says 404.
            return Reject(request, source, toTag, 404, "To is not a sip address-of-record with a user part", RegisterResult.NotFound);
        if (!_options.IsOurHost(toUri.Host))
            return Reject(request, source, toTag, 403, "Domain not served here", RegisterResult.Forbidden);
        string user = toUri.User;

        var verdict = _digest.Check(request, source.Remote.Address, ChallengeKind.Www, user, "To");
        if (!verdict.Passed)
        {
            string result = verdict.Decision == GateDecision.Forbidden ? RegisterResult.Forbidden
                : verdict.Failed ? RegisterResult.AuthFailed : RegisterResult.Challenged;
            _results[result].Inc();
            RegistrarLog.Rejected(_logger, source, verdict.Decision == GateDecision.Forbidden ? 403 : 401, verdict.Reason ?? "challenged");
            return DigestGate.Response(request, verdict, ChallengeKind.Www, toTag);
        }
        string? authenticatedAs = verdict.User;

        if (request.CallId is not { Length: > 0 } callId || request.CSeq is not { } cseq)
            return Reject(request, source, toTag, 400, "Call-ID and CSeq are required", RegisterResult.BadRequest);
        var contacts = ContactParser.Parse(request);
        if (contacts.Error is not null)
            return Reject(request, source, toTag, 400, contacts.Error, RegisterResult.BadRequest);
        long? headerExpires = request.Expires;
        if (headerExpires is null && request.Headers.Contains(SipHeaderNames.Expires))
            return Reject(request, source, toTag, 400, "Expires header is not a number", RegisterResult.BadRequest);

        var now = _time.GetUtcNow();
        if (contacts.IsStar)
        {
            if (headerExpires != 0)
                return Reject(request, source, toTag, 400, "Contact * requires Expires: 0", RegisterResult.BadRequest);
            lock (_gate)
            {
                if (_byUser.TryGetValue(user, out var existing))
                {
                    foreach (var binding in existing)
                        if (binding.CallId == callId && cseq.Number <= binding.CSeq)
                            return Reject(request, source, toTag, 500, "Out of order CSeq for this Call-ID", RegisterResult.OutOfOrder);
                    foreach (var binding in existing) RegistrarLog.Unregistered(_logger, user, binding.Contact.ToString());
                    _bindingCount -= existing.Count;
                    _byUser.Remove(user);
                }
            }
            return Success(request, toTag, user, now);
        }

        var wanted = new List<(NameAddr Contact, string Key, long Expires)>(contacts.Contacts.Count);
        foreach (var contact in contacts.Contacts)
        {
            long expires = contact.Expires ?? headerExpires ?? _options.DefaultExpires;
            if (expires != 0 && expires < _options.MinExpires)
            {
                var brief = Reject(request, source, toTag, 423, null, RegisterResult.IntervalTooBrief);
                brief.Headers.Add(SipHeaderNames.MinExpires, _options.MinExpires.ToString(CultureInfo.InvariantCulture));
                return brief;
            }
            wanted.Add((contact, ContactParser.Key(contact.SipUri!), Math.Min(expires, _options.MaxExpires)));
        }

        lock (_gate)
        {
            _byUser.TryGetValue(user, out var existing);
            existing ??= new List<Binding>();
            existing.RemoveAll(b => b.ExpiresAt <= now && Removed());
            foreach (var (_, key, _) in wanted)
            {
                var current = existing.Find(b => b.ContactKey == key);
                if (current is not null && current.CallId == callId && cseq.Number <= current.CSeq)
                    return Reject(request, source, toTag, 500, "Out of order CSeq for this Call-ID", RegisterResult.OutOfOrder);
            }
            var next = new List<Binding>(existing);
            foreach (var (contact, key, expires) in wanted)
            {
                next.RemoveAll(b => b.ContactKey == key);
                if (expires > 0)
                    next.Add(new Binding(user, contact.SipUri!.Clone(), key, source, callId, cseq.Number, now, now.AddSeconds(expires), contact.Q, authenticatedAs));
            }
            if (next.Count > _options.MaxContactsPerAor)
                return Reject(request, source, toTag, 403, $"Too many contacts (max {_options.MaxContactsPerAor})", RegisterResult.Forbidden);
            int delta = next.Count - existing.Count;
            if (delta > 0 && _bindingCount + delta > _options.MaxBindings)
                return Reject(request, source, toTag, 503, "Registrar full", RegisterResult.Full);
            _bindingCount += delta;
            if (next.Count == 0) _byUser.Remove(user);
            else _byUser[user] = next;
        }
        foreach (var (contact, _, expires) in wanted)
        {
            if (expires > 0) RegistrarLog.Registered(_logger, user, $"{contact.Uri}", source, (int)expires);
            else RegistrarLog.Unregistered(_logger, user, $"{contact.Uri}");
        }
        return Success(request, toTag, user, now);

        bool Removed()
        {
            _bindingCount--;
            return true;
        }
    }

    /// <summary>Current bindings of <paramref name="user"/>, most recently registered first.</summary>
    public IReadOnlyList<Binding> Lookup(string user)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_byUser.TryGetValue(user, out var bindings)) return Array.Empty<Binding>();
            var live = new List<Binding>(bindings.Count);
            for (int i = bindings.Count - 1; i >= 0; i--)
                if (bindings[i].ExpiresAt > now) live.Add(bindings[i]);
            live.Sort((a, b) => b.RegisteredAt.CompareTo(a.RegisteredAt));
            return live;
        }
    }

    /// <summary>Removes expired bindings now (the timer calls this every <see cref="RegistrarOptions.PurgeInterval"/>).</summary>
    public int PurgeExpired()
    {
        var now = _time.GetUtcNow();
        int removed = 0;
        lock (_gate)
        {
            List<string>? emptied = null;
            foreach (var (user, bindings) in _byUser)
            {
                removed += bindings.RemoveAll(b => b.ExpiresAt <= now);
                if (bindings.Count == 0) (emptied ??= new()).Add(user);
            }
            if (emptied is not null) foreach (var user in emptied) _byUser.Remove(user);
            _bindingCount -= removed;
        }
        if (removed > 0) RegistrarLog.Expired(_logger, removed);
        return removed;
    }

    public void Dispose() => _purgeTimer.Dispose();

    private SipResponse Success(SipRequest request, string toTag, string user, DateTimeOffset now)
    {
        var response = SipResponse.CreateFor(request, 200, null, toTag);
        foreach (var binding in Lookup(user))
        {
            var contact = new NameAddr(binding.Contact.Clone());
            contact.Parameters.Set("expires", binding.RemainingSeconds(now).ToString(CultureInfo.InvariantCulture));
            response.Headers.Add(SipHeaderNames.Contact, contact.ToString());
        }
        response.Headers.Add(SipHeaderNames.Date, now.ToString("r", CultureInfo.InvariantCulture));
        _results[RegisterResult.Ok].Inc();
        return response;
    }

    private SipResponse Reject(SipRequest request, SipFlow source, string toTag, int status, string? reason, string result, string? logReason = null)
    {
        _results[result].Inc();
        RegistrarLog.Rejected(_logger, source, status, logReason ?? reason ?? SipReasonPhrases.For(status));
        return SipResponse.CreateFor(request, status, reason, toTag);
    }
}
