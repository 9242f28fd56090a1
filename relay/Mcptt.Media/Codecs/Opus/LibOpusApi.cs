using Mcptt.Media.Codecs.Native;

namespace Mcptt.Media.Codecs.Opus;

/// <summary>The libopus entry points, resolved once per library name (default <c>libopus.so.0</c>, Debian package libopus0).</summary>
internal sealed unsafe class LibOpusApi
{
    public const string DefaultLibrary = "libopus.so.0";
    public const string DebianPackage = "libopus0";

    public const int ApplicationVoip = 2048;
    public const int SetBitrate = 4002;
    public const int SetMaxBandwidth = 4004;
    public const int SetComplexity = 4010;
    public const int SetInbandFec = 4012;
    public const int SetPacketLossPercent = 4014;
    public const int SetForceChannels = 4022;

    private static readonly string[] Names =
        ["opus_encoder_create", "opus_encode", "opus_encoder_ctl", "opus_encoder_destroy",
         "opus_decoder_create", "opus_decode", "opus_decoder_destroy"];

    public delegate* unmanaged<int, int, int, int*, nint> EncoderCreate { get; private init; }
    public delegate* unmanaged<nint, short*, int, byte*, int, int> Encode { get; private init; }
    /// <summary>opus_encoder_ctl is variadic; every request used here takes one int, passed like a fixed argument (SysV and AAPCS64 agree).</summary>
    public delegate* unmanaged<nint, int, int, int> EncoderCtl { get; private init; }
    public delegate* unmanaged<nint, void> EncoderDestroy { get; private init; }
    public delegate* unmanaged<int, int, int*, nint> DecoderCreate { get; private init; }
    public delegate* unmanaged<nint, byte*, int, short*, int, int, int> Decode { get; private init; }
    public delegate* unmanaged<nint, void> DecoderDestroy { get; private init; }

    public static bool TryLoad(string library, out LibOpusApi? api, out string error)
    {
        api = null;
        if (!NativeCodecLibrary.TryLoad(library, DebianPackage, out nint handle, out error)) return false;
        Span<nint> exports = stackalloc nint[Names.Length];
        if (!NativeCodecLibrary.TryGetExports(handle, library, Names, exports, out error)) return false;
        api = new LibOpusApi
        {
            EncoderCreate = (delegate* unmanaged<int, int, int, int*, nint>)exports[0],
            Encode = (delegate* unmanaged<nint, short*, int, byte*, int, int>)exports[1],
            EncoderCtl = (delegate* unmanaged<nint, int, int, int>)exports[2],
            EncoderDestroy = (delegate* unmanaged<nint, void>)exports[3],
            DecoderCreate = (delegate* unmanaged<int, int, int*, nint>)exports[4],
            Decode = (delegate* unmanaged<nint, byte*, int, short*, int, int, int>)exports[5],
            DecoderDestroy = (delegate* unmanaged<nint, void>)exports[6],
        };
        return true;
    }
}
