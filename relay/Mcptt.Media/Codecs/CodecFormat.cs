namespace Mcptt.Media.Codecs;

/// <summary>What a codec instance consumes and produces.</summary>
/// <param name="EncodingName">The SDP rtpmap encoding name, as the registry spells it (PCMU, G722, opus, ...).</param>
/// <param name="RtpClockRate">The RTP timestamp rate written in SDP (8000 for G.722 per RFC 3551, 48000 for Opus).</param>
/// <param name="SampleRate">The PCM sample rate of encode input and decode output (16000 for G.722).</param>
/// <param name="Channels">Interleaved PCM channels.</param>
/// <param name="FrameSamples">PCM samples per channel in one frame (20 ms unless the codec mode dictates 40 ms).</param>
/// <param name="MaxPayloadBytes">Largest payload one encoded frame can take.</param>
/// <param name="PayloadType">The static RTP payload type, or -1 when it is dynamic and taken from SDP.</param>
public sealed record CodecFormat(
    string EncodingName, int RtpClockRate, int SampleRate, int Channels, int FrameSamples, int MaxPayloadBytes, int PayloadType = -1)
{
    /// <summary>Interleaved samples of one frame (FrameSamples × Channels).</summary>
    public int PcmSamplesPerFrame => FrameSamples * Channels;

    /// <summary>Frame duration in milliseconds.</summary>
    public int FrameMilliseconds => FrameSamples * 1000 / SampleRate;

    /// <summary>RTP timestamp increment of one frame (differs from FrameSamples where RTP and PCM rates differ).</summary>
    public int RtpTimestampPerFrame => (int)((long)FrameSamples * RtpClockRate / SampleRate);
}
