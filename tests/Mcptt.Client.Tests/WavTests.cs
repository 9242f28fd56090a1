using System.Buffers.Binary;
using Mcptt.Client.Media;

namespace Mcptt.Client.Tests;

public sealed class WavTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcptt-client-wav").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writer_output_reads_back_identically()
    {
        short[] tone = ToneGenerator.Sine(1000, TimeSpan.FromMilliseconds(250));
        string path = Path.Combine(_dir, "tone.wav");
        using (var writer = new WavWriter(path))
        {
            writer.Write(tone.AsSpan(0, 100));
            writer.Write(tone.AsSpan(100));
            Assert.Equal(tone.Length, writer.SamplesWritten);
        }

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(44 + (tone.Length * 2), file.Length);
        Assert.Equal((uint)(tone.Length * 2), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(tone, WavReader.ReadMono8k(path));
    }

    [Fact]
    public void Stereo_file_with_extra_chunks_yields_the_first_channel()
    {
        var file = new List<byte>();
        file.AddRange("RIFF"u8.ToArray());
        file.AddRange(new byte[4]);
        file.AddRange("WAVE"u8.ToArray());
        AddChunk(file, "LIST", [1, 2, 3]); // odd size: a pad byte must be skipped
        byte[] fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 8000);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        AddChunk(file, "fmt ", fmt);
        byte[] data = new byte[12];
        short[] left = [100, -200, 300];
        for (int i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 4), left[i]);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((i * 4) + 2), 9999);
        }

        AddChunk(file, "data", data);
        Assert.Equal(left, WavReader.ReadMono8k(file.ToArray()));
    }

    [Fact]
    public void Wrong_rate_is_rejected_with_a_message_naming_it()
    {
        byte[] header = new byte[44];
        WavWriter.WriteHeader(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), 44100);
        var error = Assert.Throws<WavFormatException>(() => WavReader.ReadMono8k(header));
        Assert.Contains("44100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(20)]
    [InlineData(43)]
    public void Truncated_garbage_is_a_format_error_not_a_crash(int length)
    {
        byte[] header = new byte[44];
        WavWriter.WriteHeader(header, 1000);
        Assert.Throws<WavFormatException>(() => WavReader.ReadMono8k(header.AsSpan(0, length)));
    }

    [Fact]
    public void Data_chunk_claiming_more_than_the_file_is_clamped()
    {
        byte[] file = new byte[44 + 6];
        WavWriter.WriteHeader(file, 1_000_000);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(44), 7);
        Assert.Equal(3, WavReader.ReadMono8k(file).Length);
    }

    [Fact]
    public void Tone_frequency_estimate_finds_the_tone()
    {
        Assert.InRange(ToneGenerator.EstimateFrequency(ToneGenerator.Sine(1000, TimeSpan.FromSeconds(1))), 990, 1010);
        Assert.InRange(ToneGenerator.EstimateFrequency(ToneGenerator.Sine(440, TimeSpan.FromSeconds(1))), 430, 450);
    }

    private static void AddChunk(List<byte> file, string id, byte[] body)
    {
        file.AddRange(System.Text.Encoding.ASCII.GetBytes(id));
        byte[] size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        file.AddRange(size);
        file.AddRange(body);
        if (body.Length % 2 == 1)
        {
            file.Add(0);
        }
    }
}
