using System.Buffers.Binary;

namespace Mcptt.Media.Wav;

/// <summary>
/// Reads RIFF/WAVE files for prompts and announcements: PCM 16-bit mono at 8, 16 or 48 kHz (format tag 1, or
/// WAVE_FORMAT_EXTENSIBLE with the PCM sub-format). Anything else, a truncated file or one larger than the
/// configured bound, is a <see cref="WavFormatException"/> naming what was found. Unknown chunks (LIST, fact,
/// cue) are skipped. Not a hot-path API: prompts are read once, at configuration time.
/// </summary>
public static class WavReader
{
    /// <summary>Default bound on the samples read: ten minutes at 48 kHz.</summary>
    public const int DefaultMaxSamples = 48000 * 600;

    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path, int maxSamples = DefaultMaxSamples)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream, maxSamples);
        }
        catch (WavFormatException e)
        {
            throw new WavFormatException($"{path}: {e.Message}");
        }
    }

    public static WavAudio Read(Stream stream, int maxSamples = DefaultMaxSamples)
    {
        Span<byte> header = stackalloc byte[12];
        if (!TryReadExactly(stream, header) || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
            throw new WavFormatException("not a RIFF/WAVE file");
        int? sampleRate = null;
        Span<byte> chunk = stackalloc byte[8];
        while (TryReadExactly(stream, chunk))
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8)) sampleRate = ReadFormat(stream, size);
            else if (chunk[..4].SequenceEqual("data"u8))
                return new WavAudio(sampleRate ?? throw new WavFormatException("data chunk before the fmt chunk"), ReadData(stream, size, maxSamples));
            else Skip(stream, size + (size & 1));
        }
        throw new WavFormatException(sampleRate is null ? "no fmt chunk" : "no data chunk");
    }

    private static int ReadFormat(Stream stream, uint size)
    {
        if (size is < 16 or > 1024) throw new WavFormatException($"fmt chunk of {size} bytes");
        var fmt = new byte[size + (size & 1)];
        if (!TryReadExactly(stream, fmt)) throw new WavFormatException("truncated fmt chunk");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
        int rate = BinaryPrimitives.ReadInt32LittleEndian(fmt.AsSpan(4));
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
        if (tag == FormatExtensible && size >= 40) tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)); // sub-format GUID's first two bytes
        if (tag != FormatPcm || channels != 1 || bits != 16 || rate is not (8000 or 16000 or 48000))
            throw new WavFormatException($"found {Describe(tag)} {bits}-bit, {channels} channel(s), {rate} Hz; supported: {WavFormatException.Supported}");
        return rate;
    }

    private static short[] ReadData(Stream stream, uint size, int maxSamples)
    {
        if (size % 2 != 0) throw new WavFormatException($"data chunk of {size} bytes is not whole 16-bit samples");
        if (size / 2 > (uint)maxSamples) throw new WavFormatException($"{size / 2} samples exceed the limit of {maxSamples}");
        var bytes = new byte[size];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) throw new WavFormatException($"truncated: the data chunk says {size} bytes, the file has {read}");
        var samples = new short[size / 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        return samples;
    }

    private static string Describe(ushort tag) => tag switch
    {
        1 => "PCM",
        3 => "IEEE float",
        6 => "A-law",
        7 => "µ-law",
        0x11 => "IMA ADPCM",
        0x55 => "MP3",
        _ => $"format 0x{tag:X4}",
    };

    private static bool TryReadExactly(Stream stream, Span<byte> buffer) =>
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    private static void Skip(Stream stream, long bytes)
    {
        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Current);
            return;
        }
        Span<byte> scratch = stackalloc byte[512];
        while (bytes > 0)
        {
            int n = stream.Read(scratch[..(int)Math.Min(bytes, scratch.Length)]);
            if (n == 0) return;
            bytes -= n;
        }
    }
}
