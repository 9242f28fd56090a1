using Mcptt.Media.Codecs.Native;

namespace Mcptt.Media.Codecs.Codec2;

/// <summary>
/// Codec 2 (the open low-bitrate speech codec of digital radio, 8 kHz) through Debian's libcodec2
/// (<c>libcodec2.so.1.0</c>, package libcodec2-1.0). SDP: <c>CODEC2/8000</c> with <c>a=fmtp:&lt;pt&gt; mode=3200</c>
/// (3200, 2400: 20 ms frames; 1600, 1400, 1300, 1200, 700C: 40 ms). One frame per RTP packet.
/// </summary>
public sealed unsafe class Codec2Codec : IAudioCodec
{
    public const string DefaultLibrary = "libcodec2.so.1.0";
    public const string DebianPackage = "libcodec2-1.0";

    private static readonly string[] Names =
        ["codec2_create", "codec2_destroy", "codec2_encode", "codec2_decode", "codec2_samples_per_frame", "codec2_bytes_per_frame"];

    private readonly delegate* unmanaged<nint, byte*, short*, void> _encode;
    private readonly delegate* unmanaged<nint, short*, byte*, void> _decode;
    private readonly delegate* unmanaged<nint, void> _destroy;
    private nint _state;

    private Codec2Codec(nint state, ReadOnlySpan<nint> exports, string mode)
    {
        _state = state;
        _destroy = (delegate* unmanaged<nint, void>)exports[1];
        _encode = (delegate* unmanaged<nint, byte*, short*, void>)exports[2];
        _decode = (delegate* unmanaged<nint, short*, byte*, void>)exports[3];
        int samples = ((delegate* unmanaged<nint, int>)exports[4])(state);
        int bytes = ((delegate* unmanaged<nint, int>)exports[5])(state);
        Mode = mode;
        Format = new CodecFormat("CODEC2", 8000, 8000, 1, samples, bytes);
    }

    public CodecFormat Format { get; }

    /// <summary>The mode name from fmtp (3200, 2400, 1600, 1400, 1300, 1200, 700C).</summary>
    public string Mode { get; }

    /// <summary>libcodec2's mode numbers by fmtp name.</summary>
    public static int? ModeNumber(string mode) => mode.ToUpperInvariant() switch
    {
        "3200" => 0,
        "2400" => 1,
        "1600" => 2,
        "1400" => 3,
        "1300" => 4,
        "1200" => 5,
        "700C" => 8,
        _ => null,
    };

    public static bool TryCreate(string mode, string library, out Codec2Codec? codec, out string error)
    {
        codec = null;
        if (ModeNumber(mode) is not int number)
        {
            error = $"Codec2 mode '{mode}' is not supported (3200, 2400, 1600, 1400, 1300, 1200, 700C)";
            return false;
        }
        if (!NativeCodecLibrary.TryLoad(library, DebianPackage, out nint handle, out error)) return false;
        Span<nint> exports = stackalloc nint[Names.Length];
        if (!NativeCodecLibrary.TryGetExports(handle, library, Names, exports, out error)) return false;
        nint state = ((delegate* unmanaged<int, nint>)exports[0])(number);
        if (state == 0)
        {
            error = $"codec2_create({number}) failed: {library} was built without mode {mode}";
            return false;
        }
        codec = new Codec2Codec(state, exports, mode.ToUpperInvariant());
        return true;
    }

    public MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length != Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.BadFrameSize);
        if (payload.Length < Format.MaxPayloadBytes) return MediaResult.Fail(MediaError.OutputTooSmall);
        fixed (short* input = pcm)
        fixed (byte* output = payload)
            _encode(_state, output, input);
        return MediaResult.Written(Format.MaxPayloadBytes);
    }

    public MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        int frames = payload.Length / Format.MaxPayloadBytes;
        if (frames == 0 || payload.Length % Format.MaxPayloadBytes != 0) return MediaResult.Fail(MediaError.InvalidPayload);
        if (pcm.Length < frames * Format.FrameSamples) return MediaResult.Fail(MediaError.OutputTooSmall);
        fixed (byte* input = payload)
        fixed (short* output = pcm)
        {
            for (int f = 0; f < frames; f++)
                _decode(_state, output + f * Format.FrameSamples, input + f * Format.MaxPayloadBytes);
        }
        return MediaResult.Written(frames * Format.FrameSamples);
    }

    public MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm) => MediaResult.Fail(MediaError.NotSupported);

    public void Dispose()
    {
        if (_state != 0) _destroy(_state);
        _state = 0;
    }
}
