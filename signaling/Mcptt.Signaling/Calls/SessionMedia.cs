using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// The relay side of a session: one bridge per media index (so audio never leaks into the floor
/// channel) and one leg per participant per index. With floor control by the appliance the floor
/// section's legs are diverted to the floor server and bridged with nothing. Only IRelayControl calls; no SIP.
/// </summary>
internal sealed class SessionMedia
{
    private readonly IRelayControl _relay;
    private readonly BridgeMode _mode;
    private readonly string _label;
    private readonly int _divertedIndex;
    private readonly List<BridgeHandle?> _bridges = new();
    private readonly List<AnchorStreamKind?> _kinds = new();

    /// <param name="divertedIndex">The media index whose legs are floor channels served by the appliance
    /// (<see cref="LegKind.Diverted"/>, in no bridge); -1 when the floor channel, if any, is relayed end to end.</param>
    public SessionMedia(IRelayControl relay, BridgeMode mode, string label, int divertedIndex = -1)
    {
        _relay = relay;
        _mode = mode;
        _label = label;
        _divertedIndex = divertedIndex;
    }

    public System.Net.IPAddress Address => _relay.MediaAddress;

    /// <summary>
    /// Gives every participant a leg for each stream of <paramref name="plan"/> that has none yet.
    /// False when the relay ran out of ports (what was allocated stays and is freed with the session).
    /// </summary>
    public bool EnsureLegs(AnchorPlan plan, IReadOnlyList<Participant> participants)
    {
        for (int i = 0; i < plan.Streams.Count; i++)
        {
            if (plan.Streams[i] is not { } stream) continue;
            while (_bridges.Count <= i) { _bridges.Add(null); _kinds.Add(null); }
            bool diverted = i == _divertedIndex;
            if (_bridges[i] is null && !diverted)
            {
                _bridges[i] = _relay.CreateBridge(_mode);
                _kinds[i] = stream.Kind;
            }
            foreach (var participant in participants)
            {
                while (participant.Legs.Count <= i) participant.Legs.Add(null);
                if (participant.Legs[i] is not null) continue;
                // A callee may turn out to be a legacy phone (floor by talking): its silence must not count as talking.
                bool detectVoice = _divertedIndex >= 0 && stream.Kind == AnchorStreamKind.Rtp && participant.Role == ParticipantRole.Callee;
                var options = new LegOptions(diverted ? LegKind.Diverted : LegKind.Media, SinglePort: stream.Kind == AnchorStreamKind.FloorControl,
                    LearnSource: true, Label: $"{_label}/{participant.Role}/{participant.User}/{i}", DetectVoice: detectVoice);
                var leg = _relay.AllocateLeg(options);
                if (leg is null) return false;
                participant.Legs[i] = leg;
                if (!diverted) _relay.Attach(_bridges[i]!.Value, leg.Value);
            }
        }
        return true;
    }

    /// <summary>The bridge of media index <paramref name="index"/>, if that section has one.</summary>
    public BridgeHandle? BridgeAt(int index) => index < _bridges.Count ? _bridges[index] : null;

    /// <summary>Points each of the participant's legs at the addresses in its latest SDP.</summary>
    public void ApplyRemote(Participant participant)
    {
        if (participant.Plan is not { } plan) return;
        for (int i = 0; i < plan.Streams.Count; i++)
            if (plan.Streams[i] is { } stream && participant.LegAt(i) is { } leg)
                _relay.SetRemote(leg, stream.RemoteRtp, stream.RemoteRtcp);
    }

    /// <summary>RTP packets received on every audio leg so far (media timeout input).</summary>
    public long RtpPacketsIn(IReadOnlyList<Participant> participants)
    {
        long total = 0;
        foreach (var participant in participants)
            for (int i = 0; i < participant.Legs.Count && i < _kinds.Count; i++)
                if (_kinds[i] == AnchorStreamKind.Rtp && participant.Legs[i] is { } leg)
                    total += _relay.GetStats(leg).RtpPacketsIn;
        return total;
    }

    public void FreeAll(IReadOnlyList<Participant> participants)
    {
        foreach (var bridge in _bridges)
            if (bridge is { } b) _relay.DestroyBridge(b);
        _bridges.Clear();
        _kinds.Clear();
        foreach (var participant in participants)
        {
            foreach (var leg in participant.Legs)
                if (leg is { } l) _relay.FreeLeg(l);
            participant.Legs.Clear();
        }
    }
}
