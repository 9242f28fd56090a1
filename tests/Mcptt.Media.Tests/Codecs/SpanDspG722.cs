using System.Runtime.InteropServices;

namespace Mcptt.Media.Tests.Codecs;

/// <summary>Debian's libspandsp G.722 (what baresip, Asterisk and FreeSWITCH use), called to compare bit for bit.</summary>
internal sealed unsafe class SpanDspG722 : IDisposable
{
    public const string Library = "libspandsp.so.2";

    private readonly nint _library;
    private readonly nint _encoder;
    private readonly nint _decoder;
    private readonly delegate* unmanaged<nint, byte*, short*, int, int> _encode;
    private readonly delegate* unmanaged<nint, short*, byte*, int, int> _decode;
    private readonly delegate* unmanaged<nint, int> _encodeFree;
    private readonly delegate* unmanaged<nint, int> _decodeFree;

    public SpanDspG722()
    {
        if (!NativeLibrary.TryLoad(Library, out _library))
            throw new InvalidOperationException($"{Library} is missing: tools/install-test-deps.sh installs Debian package libspandsp2");
        var encodeInit = (delegate* unmanaged<nint, int, int, nint>)NativeLibrary.GetExport(_library, "g722_encode_init");
        var decodeInit = (delegate* unmanaged<nint, int, int, nint>)NativeLibrary.GetExport(_library, "g722_decode_init");
        _encode = (delegate* unmanaged<nint, byte*, short*, int, int>)NativeLibrary.GetExport(_library, "g722_encode");
        _decode = (delegate* unmanaged<nint, short*, byte*, int, int>)NativeLibrary.GetExport(_library, "g722_decode");
        _encodeFree = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(_library, "g722_encode_free");
        _decodeFree = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(_library, "g722_decode_free");
        _encoder = encodeInit(0, 64000, 0);
        _decoder = decodeInit(0, 64000, 0);
    }

    public byte[] Encode(short[] pcm)
    {
        var octets = new byte[pcm.Length / 2];
        fixed (short* p = pcm)
        fixed (byte* o = octets)
            _encode(_encoder, o, p, pcm.Length);
        return octets;
    }

    public short[] Decode(byte[] octets)
    {
        var pcm = new short[octets.Length * 2];
        fixed (short* p = pcm)
        fixed (byte* o = octets)
            _decode(_decoder, p, o, octets.Length);
        return pcm;
    }

    public void Dispose()
    {
        _encodeFree(_encoder);
        _decodeFree(_decoder);
    }
}
