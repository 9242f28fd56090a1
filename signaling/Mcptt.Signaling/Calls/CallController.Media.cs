namespace Mcptt.Signaling.Calls;

/// <summary>
/// Media timeout: a call whose legs see no RTP at all for <see cref="CallOptions.MediaTimeout"/> is ended,
/// unless a party holds (<see cref="MediaHold"/>).
/// </summary>
public sealed partial class CallController
{
    private void StartMediaWatch(CallSession session)
    {
        session.LastMediaActivity = _time.GetTimestamp();
        session.LastRtpPackets = session.Media.RtpPacketsIn(session.Participants);
        session.MediaTimer = _time.CreateTimer(_ => CheckMedia(session), null, _options.MediaPollInterval, _options.MediaPollInterval);
    }

    private void CheckMedia(CallSession session)
    {
        lock (session.Gate)
        {
            if (session.State is not (SessionState.Answered or SessionState.Confirmed)) return;
            if (session.Participants.Exists(p => p.OnHold))
            {
                // On hold: silence is expected; the timeout counts again from when the hold ends.
                session.LastMediaActivity = _time.GetTimestamp();
                return;
            }
            // Packet counters rather than last-packet timestamps: they cannot be confused by clock bases.
            long packets = session.Media.RtpPacketsIn(session.Participants);
            if (packets != session.LastRtpPackets)
            {
                session.LastRtpPackets = packets;
                session.LastMediaActivity = _time.GetTimestamp();
                return;
            }
            if (_time.GetElapsedTime(session.LastMediaActivity) < _options.MediaTimeout) return;
            SendByeToAll(session, except: null);
            Terminate(session, endReason: CallEndReasons.MediaTimeout);
        }
    }
}
