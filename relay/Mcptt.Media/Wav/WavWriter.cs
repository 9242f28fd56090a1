using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mcptt.Media.Wav;

/// <summary>
/// Writes a PCM 16-bit mono WAV file incrementally (a recording grows frame by frame): the header is written
/// first with placeholder sizes and patched on <see cref="Dispose"/>. Writing a frame does not allocate.
/// The stream must be seekable for the final sizes; a crash leaves a file whose header says 0 bytes of data,
/// which sox and most players still read up to its real end.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderBytes = 44;
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private long _dataBytes;

    public WavWriter(Stream stream, int sampleRate, bool ownsStream = true)
    {
        if (sampleRate is not (8000 or 16000 or 48000))
            throw new WavFormatException($"cannot write {sampleRate} Hz; supported: {WavFormatException.Supported}");
        if (!stream.CanSeek) throw new ArgumentException("a WAV writer needs a seekable stream to patch the sizes", nameof(stream));
        _stream = stream;
        _ownsStream = ownsStream;
        SampleRate = sampleRate;
        WriteHeader(0);
    }

    public WavWriter(string path, int sampleRate) : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), sampleRate)
    {
    }

    public int SampleRate { get; }

    public long SamplesWritten => _dataBytes / 2;

    public void Write(ReadOnlySpan<short> samples)
    {
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(samples));
        }
        else
        {
            Span<byte> pair = stackalloc byte[2];
            foreach (short s in samples)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pair, s);
                _stream.Write(pair);
            }
        }
        _dataBytes += samples.Length * 2L;
    }

    public static void WriteFile(string path, int sampleRate, ReadOnlySpan<short> samples)
    {
        using var writer = new WavWriter(path, sampleRate);
        writer.Write(samples);
    }

    private void WriteHeader(long dataBytes)
    {
        Span<byte> h = stackalloc byte[HeaderBytes];
        uint data = (uint)Math.Min(dataBytes, uint.MaxValue - HeaderBytes);
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], data + HeaderBytes - 8);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1);             // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], 1);             // mono
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], SampleRate * 2); // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 2);             // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);            // bits per sample
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], data);
        _stream.Write(h);
    }

    public void Dispose()
    {
        long end = _stream.Position;
        _stream.Position = 0;
        WriteHeader(_dataBytes);
        _stream.Position = end;
        _stream.Flush();
        if (_ownsStream) _stream.Dispose();
    }
}
