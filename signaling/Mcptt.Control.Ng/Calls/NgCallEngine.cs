using System.Net;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Protocol;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Control.Ng.Calls;

/// <summary>
/// The call table behind offer / answer / delete / query / list, programming the data plane through
/// <see cref="IRelayControl"/>. Each SDP media index i of a call gets one bridge (AllToOthers) holding
/// the caller-facing leg and the callee-facing leg, so RTP and RTCP arriving on one leg leave through
/// the other.
///
/// Direction of the rewrite (the part that is easy to get backwards):
///   offer  from A: A's SDP says where A receives → SetRemote(A-facing legs). The reply SDP goes to
///                  the callee B, so it names the B-facing legs: B sends there, the relay forwards to A.
///   answer from B: B's SDP → SetRemote(B-facing legs). The reply SDP goes back to A and names the
///                  A-facing legs.
/// Re-offers from either side reuse the legs already allocated, so ports stay stable across re-INVITEs.
/// Remote addresses come from the SDP (or "media-address", or "received-from" when "trust-address" is
/// absent, like rtpengine); legs are allocated with source learning on, so NATed peers still latch.
///
/// Thread-safe: one lock; every command is short and runs on the control plane.
/// </summary>
public sealed class NgCallEngine
{
    private readonly object _gate = new();
    private readonly Dictionary<string, NgCall> _calls = new(StringComparer.Ordinal);
    private readonly IRelayControl _relay;
    private readonly TimeProvider _time;
    private readonly NgEngineOptions _options;

    public NgCallEngine(IRelayControl relay, NgEngineOptions? options = null, TimeProvider? time = null)
    {
        _relay = relay;
        _options = options ?? new NgEngineOptions();
        _time = time ?? TimeProvider.System;
    }

    public int CallCount
    {
        get { lock (_gate) return _calls.Count; }
    }

    public BDictionary Offer(NgRequest request) => OfferOrAnswer(request, isOffer: true);

    public BDictionary Answer(NgRequest request) => OfferOrAnswer(request, isOffer: false);

    private BDictionary OfferOrAnswer(NgRequest request, bool isOffer)
    {
        string? callId = request.CallId, fromTag = request.FromTag, toTag = request.ToTag, sdpText = request.Sdp;
        if (string.IsNullOrEmpty(callId)) return NgReply.Error("No call-id in message");
        if (fromTag is null) return NgReply.Error("No from-tag in message");
        if (!isOffer && string.IsNullOrEmpty(toTag)) return NgReply.Error("No to-tag in message");
        if (toTag is not null && string.Equals(fromTag, toTag, StringComparison.Ordinal)) return NgReply.Error("from-tag and to-tag are identical");
        if (sdpText is null) return NgReply.Error("No SDP body in message");
        if (callId.Length > _options.MaxIdLength || fromTag.Length > _options.MaxIdLength || (toTag?.Length ?? 0) > _options.MaxIdLength)
            return NgReply.Error("call-id or tag too long");
        var parsed = SdpParser.Parse(sdpText);
        if (!parsed.Ok) return NgReply.Error("Failed to parse SDP: " + parsed.Error);
        var sdp = parsed.Sdp!;
        if (sdp.Media.Count > _options.MaxMediaPerCall) return NgReply.Error("Too many media sections");

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            bool created = false;
            if (!_calls.TryGetValue(callId, out var call))
            {
                if (!isOffer) return NgReply.Error("Unknown call-id");
                if (_calls.Count >= _options.MaxCalls) return NgReply.Error("Too many calls");
                call = new NgCall(callId, now);
                _calls.Add(callId, call);
                created = true;
            }
            call.LastSignal = now;

            // The side whose SDP this is, and the side the rewritten SDP is sent to.
            NgMonologue sender, receiver;
            if (isOffer)
            {
                sender = call.GetOrAdd(fromTag, now);
                receiver = sender.Peer ?? (string.IsNullOrEmpty(toTag) ? call.GetOrAdd(string.Empty, now) : call.GetOrAdd(toTag, now));
            }
            else
            {
                var offerer = call.Find(fromTag);
                if (offerer is null) return NgReply.Error("Unknown from-tag");
                receiver = offerer;
                // The callee's monologue: known by tag, or the untagged one the offer created (its tag is
                // now known), or, for another fork's answer, a new one attached to the same bridges.
                sender = call.Find(toTag!)
                    ?? (offerer.Peer is { Tag.Length: 0 } untagged ? untagged : call.GetOrAdd(toTag!, now));
                if (sender.Tag.Length == 0) sender.Tag = toTag!;
            }
            Pair(sender, receiver);
            if (request.GetString("label") is { } label) sender.Label = Truncate(label);

            if (!EnsureMedia(call, sender, receiver, sdp.Media.Count))
            {
                if (created) RemoveCall(call);
                return NgReply.Error("Ran out of ports");
            }

            IPAddress? addressOverride = request.MediaAddress
                ?? (request.HasFlag("trust-address") ? null : request.ReceivedFrom);
            for (int i = 0; i < sdp.Media.Count; i++)
            {
                var media = sdp.Media[i];
                var mine = sender.Media[i];
                mine.Type = media.Media;
                mine.Protocol = media.Proto;
                mine.RtcpMux = media.RtcpMux;
                var (rtp, rtcp) = NgSdpAnchor.IsRelayable(media) ? NgSdpAnchor.Advertised(sdp, media, addressOverride) : (null, null);
                mine.AdvertisedRtp = rtp;
                mine.AdvertisedRtcp = rtcp;
                _relay.SetRemote(mine.Leg, rtp, rtcp);
                // The receiving side's media kind is the same until its own SDP says otherwise.
                var theirs = receiver.Media[i];
                if (theirs.AdvertisedRtp is null) { theirs.Type = media.Media; theirs.Protocol = media.Proto; }
            }

            var anchorOptions = new NgAnchorOptions(ReplaceOrigin: true, NoRtcpAttribute: request.HasFlag("no-rtcp-attribute"));
            var rewritten = NgSdpAnchor.Rewrite(sdp, receiver.Media, _relay.MediaAddress, anchorOptions);
            return NgReply.Ok().Set("sdp", rewritten.ToString());
        }
    }

    public BDictionary Delete(NgRequest request)
    {
        string? callId = request.CallId;
        if (string.IsNullOrEmpty(callId)) return NgReply.Error("No call-id in message");
        bool fatal = request.HasFlag("fatal");
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call))
                return fatal ? NgReply.Error("Unknown call-id") : Warn(NgReply.Ok(), "Call-ID not found or tags didn't match");

            // Stats are collected before the legs go away, as rtpengine's delete reply carries them.
            var reply = NgCallReport.Describe(call, NgReply.Ok(), _relay, _time);
            string? onlyTag = request.HasFlag("to-tag") ? request.ToTag : null;
            if (onlyTag is not null)
            {
                var branch = call.Find(onlyTag);
                if (branch is null)
                    return fatal ? NgReply.Error("Unknown to-tag") : Warn(NgReply.Ok(), "to-tag not found");
                RemoveMonologue(call, branch);
                if (call.Monologues.Count == 0) RemoveCall(call);
            }
            else
            {
                RemoveCall(call);
            }
            return reply;
        }
    }

    public BDictionary Query(NgRequest request)
    {
        string? callId = request.CallId;
        if (string.IsNullOrEmpty(callId)) return NgReply.Error("No call-id in message");
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call)) return NgReply.Error("Unknown call-id");
            return NgCallReport.Describe(call, NgReply.Ok(), _relay, _time);
        }
    }

    public BDictionary List(NgRequest request)
    {
        long limit = request.GetInteger("limit") ?? 32;
        if (limit <= 0) return NgReply.Error("invalid limit, must be > 0");
        var calls = new BList();
        int bytes = 0;
        lock (_gate)
        {
            foreach (string id in _calls.Keys)
            {
                // A UDP reply can't exceed 64 KiB; stop well before rather than fail to send anything.
                bytes += id.Length + 8;
                if (calls.Items.Count >= limit || bytes > _options.MaxListReplyBytes) break;
                calls.Add(id);
            }
        }
        return NgReply.Ok().Set("calls", calls);
    }

    /// <summary>Frees everything (host shutdown).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var call in new List<NgCall>(_calls.Values)) RemoveCall(call);
        }
    }

    private static void Pair(NgMonologue a, NgMonologue b)
    {
        if (a.Peer is not null && !ReferenceEquals(a.Peer, b)) a.Peer.Peer = null;
        if (b.Peer is not null && !ReferenceEquals(b.Peer, a)) b.Peer.Peer = null;
        a.Peer = b;
        b.Peer = a;
    }

    /// <summary>Gives both sides a leg for each of the first <paramref name="count"/> media, sharing one bridge per index.</summary>
    private bool EnsureMedia(NgCall call, NgMonologue a, NgMonologue b, int count)
    {
        for (int i = 0; i < count; i++)
        {
            NgMedia? mediaA = a.Media.Count > i ? a.Media[i] : null;
            NgMedia? mediaB = b.Media.Count > i ? b.Media[i] : null;
            if (mediaA is not null && mediaB is not null) continue;

            bool newBridge = mediaA is null && mediaB is null;
            var bridge = mediaA?.Bridge ?? mediaB?.Bridge ?? _relay.CreateBridge(BridgeMode.AllToOthers);
            LegHandle? legA = null, legB = null;
            if (mediaA is null && (legA = Allocate(call, a)) is null) return Undo(bridge, newBridge, null);
            if (mediaB is null && (legB = Allocate(call, b)) is null) return Undo(bridge, newBridge, legA);
            if (legA is { } newA)
            {
                _relay.Attach(bridge, newA);
                a.Media.Add(new NgMedia(i + 1, newA, bridge));
            }
            if (legB is { } newB)
            {
                _relay.Attach(bridge, newB);
                b.Media.Add(new NgMedia(i + 1, newB, bridge));
            }
        }
        return true;
    }

    private bool Undo(BridgeHandle bridge, bool newBridge, LegHandle? leg)
    {
        if (leg is { } allocated) _relay.FreeLeg(allocated);
        if (newBridge) _relay.DestroyBridge(bridge);
        return false;
    }

    private LegHandle? Allocate(NgCall call, NgMonologue side)
        => _relay.AllocateLeg(new LegOptions(LegKind.Media, SinglePort: false, LearnSource: true,
            Label: Truncate(call.CallId) + "/" + Truncate(side.Tag)));

    private void RemoveCall(NgCall call)
    {
        var bridges = new HashSet<BridgeHandle>();
        foreach (var monologue in call.Monologues)
            foreach (var media in monologue.Media)
                bridges.Add(media.Bridge);
        foreach (var bridge in bridges) _relay.DestroyBridge(bridge);
        foreach (var monologue in call.Monologues)
            foreach (var media in monologue.Media)
                _relay.FreeLeg(media.Leg);
        call.Monologues.Clear();
        _calls.Remove(call.CallId);
    }

    /// <summary>Drops one branch; its peer keeps its legs and bridges so a later answer from another branch can attach.</summary>
    private void RemoveMonologue(NgCall call, NgMonologue monologue)
    {
        foreach (var media in monologue.Media)
        {
            _relay.Detach(media.Leg);
            _relay.FreeLeg(media.Leg);
        }
        monologue.Media.Clear();
        if (monologue.Peer is { } peer && ReferenceEquals(peer.Peer, monologue)) peer.Peer = null;
        call.Monologues.Remove(monologue);
    }

    private static BDictionary Warn(BDictionary reply, string warning)
    {
        NgReply.AddWarning(reply, warning);
        return reply;
    }

    private string Truncate(string text) => text.Length <= _options.MaxLabelLength ? text : text[.._options.MaxLabelLength];
}

/// <summary>Bounds on what hostile or runaway signalling can make the engine hold.</summary>
public sealed record NgEngineOptions
{
    /// <summary>Calls held at once; offers beyond it get an error (each call holds at least 2 legs per media).</summary>
    public int MaxCalls { get; init; } = 10_000;

    public int MaxMediaPerCall { get; init; } = 8;

    /// <summary>Longest call-id or tag accepted (SIP allows long ones; 256 is far beyond real-world values).</summary>
    public int MaxIdLength { get; init; } = 256;

    /// <summary>Budget for the call-ids in a list reply, below the 64 KiB a UDP datagram can carry.</summary>
    public int MaxListReplyBytes { get; init; } = 60_000;

    /// <summary>Longest label (and call-id/tag fragment) passed to the data plane for logs.</summary>
    public int MaxLabelLength { get; init; } = 64;
}
