using System.Buffers.Binary;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Decoded audio: the first channel as samples in [-1, 1].</summary>
public sealed record WavAudio(int SampleRate, int Channels, float[] Samples)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}

/// <summary>
/// Minimal RIFF/WAVE reader for what sox, baresip's sndfile and sipp produce: PCM 8/16/24/32-bit, IEEE float 32,
/// G.711 mu-law and A-law, and WAVE_FORMAT_EXTENSIBLE wrapping those. Bounded: refuses files over 64 MiB.
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > 64 * 1024 * 1024) throw new InvalidDataException($"{path}: larger than 64 MiB");
        return Parse(File.ReadAllBytes(path), path);
    }

    public static WavAudio Parse(ReadOnlySpan<byte> data, string name = "wav")
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"{name}: not a RIFF/WAVE file");
        ushort format = 0, channels = 0, bits = 0;
        int rate = 0;
        int offset = 12;
        while (offset + 8 <= data.Length)
        {
            var id = data.Slice(offset, 4);
            int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset + 4, 4)), (uint)(data.Length - offset - 8));
            var body = data.Slice(offset + 8, size);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw new InvalidDataException($"{name}: fmt chunk too short");
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == FormatExtensible && size >= 26) format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0 || rate <= 0) throw new InvalidDataException($"{name}: data chunk before fmt chunk");
                return new WavAudio(rate, channels, Decode(body, format, bits, channels, name));
            }
            offset += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{name}: no data chunk");
    }

    private static float[] Decode(ReadOnlySpan<byte> body, ushort format, ushort bits, int channels, string name)
    {
        int bytesPerSample = bits / 8;
        if (bytesPerSample == 0) throw new InvalidDataException($"{name}: {bits} bits per sample");
        int frame = bytesPerSample * channels;
        int count = body.Length / frame;
        var samples = new float[count];
        for (int i = 0; i < count; i++)
        {
            var s = body.Slice(i * frame, bytesPerSample);
            samples[i] = (format, bits) switch
            {
                (FormatPcm, 8) => (s[0] - 128) / 128f,
                (FormatPcm, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                (FormatPcm, 24) => ((s[0] | s[1] << 8 | (sbyte)s[2] << 16)) / 8388608f,
                (FormatPcm, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                (FormatFloat, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                (FormatMuLaw, 8) => G711.MuLawToLinear(s[0]) / 32768f,
                (FormatALaw, 8) => G711.ALawToLinear(s[0]) / 32768f,
                _ => throw new InvalidDataException($"{name}: unsupported format {format} with {bits} bits"),
            };
        }
        return samples;
    }
}

/// <summary>G.711 expansion (ITU-T G.711 tables expressed as arithmetic).</summary>
public static class G711
{
    public static short MuLawToLinear(byte encoded)
    {
        int u = ~encoded & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    public static short ALawToLinear(byte encoded)
    {
        int a = encoded ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = segment switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? t : -t);
    }
}
