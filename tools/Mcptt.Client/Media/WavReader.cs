using System.Buffers.Binary;

namespace Mcptt.Client.Media;

/// <summary>
/// Reads a RIFF/WAVE file holding 16-bit PCM (or 8-bit mu-law) at 8 kHz into mono samples.
/// Multi-channel files are reduced to their first channel. Sizes are bounded so a hostile
/// file cannot make the client allocate without limit.
/// </summary>
public static class WavReader
{
    /// <summary>Ten minutes of 8 kHz mono audio; a microphone file longer than that is a mistake.</summary>
    public const int MaxSamples = 8000 * 600;

    private const ushort FormatPcm = 1;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static short[] ReadMono8k(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return ReadMono8k(bytes);
    }

    public static short[] ReadMono8k(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException("not a RIFF/WAVE file");
        }

        ushort format = 0, channels = 0, bits = 0;
        uint rate = 0;
        bool haveFormat = false;
        int offset = 12;
        while (offset + 8 <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            int body = offset + 8;
            // A truncated final data chunk is common (recorders killed mid-write): clamp instead of failing.
            int available = (int)Math.Min(size, (uint)(file.Length - body));
            if (id.SequenceEqual("fmt "u8))
            {
                if (available < 16)
                {
                    throw new WavFormatException("fmt chunk too short");
                }

                ReadOnlySpan<byte> fmt = file.Slice(body, available);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == FormatExtensible && available >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                }

                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    throw new WavFormatException("data chunk before fmt chunk");
                }

                return Decode(file.Slice(body, available), format, channels, rate, bits);
            }

            // Chunks are word aligned: an odd size is followed by one pad byte.
            long next = (long)body + size + (size & 1);
            if (next > file.Length)
            {
                break;
            }

            offset = (int)next;
        }

        throw new WavFormatException("no data chunk");
    }

    private static short[] Decode(ReadOnlySpan<byte> data, ushort format, ushort channels, uint rate, ushort bits)
    {
        if (rate != 8000)
        {
            throw new WavFormatException($"sample rate {rate} Hz; convert to 8000 Hz (e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)");
        }

        if (channels is 0 or > 8)
        {
            throw new WavFormatException($"unsupported channel count {channels}");
        }

        int bytesPerSample = format switch
        {
            FormatPcm when bits == 16 => 2,
            FormatMuLaw when bits == 8 => 1,
            _ => throw new WavFormatException($"unsupported encoding (format {format}, {bits} bits); need 16-bit PCM or 8-bit mu-law"),
        };

        int frame = bytesPerSample * channels;
        int count = Math.Min(data.Length / frame, MaxSamples);
        var samples = new short[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> s = data.Slice(i * frame, bytesPerSample);
            samples[i] = bytesPerSample == 2 ? BinaryPrimitives.ReadInt16LittleEndian(s) : MuLaw.Decode(s[0]);
        }

        return samples;
    }
}
