namespace Mcptt.Client.Media;

/// <summary>
/// Accounts received RTP per source: packet/byte counts, SSRC changes and sequence gaps.
/// Not thread safe; the single receive loop owns it and publishes snapshots.
/// </summary>
public sealed class RtpReceiveCounter
{
    private const int MaxTrackedSsrcs = 64;
    private readonly Dictionary<uint, ushort> _lastSequenceBySsrc = [];
    private long _packets, _bytes, _invalid, _gaps, _lost;
    private uint? _lastSsrc;
    private int? _firstPayloadType, _lastPayloadType;
    private ushort? _lastSequence;

    public void CountInvalid() => _invalid++;

    public void Count(in RtpHeader header, int payloadLength)
    {
        _packets++;
        _bytes += payloadLength;
        _firstPayloadType ??= header.PayloadType;
        _lastPayloadType = header.PayloadType;
        _lastSsrc = header.Ssrc;
        _lastSequence = header.Sequence;
        if (_lastSequenceBySsrc.TryGetValue(header.Ssrc, out ushort previous))
        {
            ushort expected = (ushort)(previous + 1);
            if (header.Sequence != expected)
            {
                _gaps++;
                // Only forward jumps below half the sequence space are losses; the rest is reordering/duplicates.
                ushort jump = (ushort)(header.Sequence - expected);
                if (jump < 0x8000)
                {
                    _lost += jump;
                }
            }

            _lastSequenceBySsrc[header.Ssrc] = header.Sequence;
        }
        else if (_lastSequenceBySsrc.Count < MaxTrackedSsrcs)
        {
            _lastSequenceBySsrc[header.Ssrc] = header.Sequence;
        }
    }

    public RtpReceiveStats Snapshot() => new(_packets, _bytes, _invalid, _gaps, _lost, _lastSsrc, _lastSequenceBySsrc.Count, _firstPayloadType, _lastPayloadType, _lastSequence);
}
