using System.Buffers.Binary;
using Mcptt.Media.Tests.Support;
using Mcptt.Media.Wav;

namespace Mcptt.Media.Tests.Wav;

public class WavTests
{
    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(48000)]
    public void WrittenFilesReadBack(int rate)
    {
        var samples = TestSignals.Tone(440, rate, rate / 2, 12000);
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, rate, ownsStream: false))
        {
            writer.Write(samples.AsSpan(0, 100));
            writer.Write(samples.AsSpan(100));
            Assert.Equal(samples.Length, writer.SamplesWritten);
        }
        stream.Position = 0;
        var audio = WavReader.Read(stream);
        Assert.Equal(rate, audio.SampleRate);
        Assert.Equal(samples, audio.Samples);
        Assert.Equal(44 + samples.Length * 2, stream.Length);
    }

    [Fact]
    public void SoxReadsOurFilesAndWeReadSoxs()
    {
        string dir = Directory.CreateTempSubdirectory("mcptt-wav").FullName;
        try
        {
            string ours = Path.Combine(dir, "ours.wav"), theirs = Path.Combine(dir, "theirs.wav");
            WavWriter.WriteFile(ours, 16000, TestSignals.Tone(1000, 16000, 16000, 10000));
            Assert.Contains("Sample Rate    : 16000", Run("sox", $"--i {ours}"));
            Assert.Contains("Duration       : 00:00:01.00", Run("sox", $"--i {ours}"));
            Run("sox", $"-n -r 8000 -c 1 -b 16 {theirs} synth 0.5 sine 700 vol 0.5");
            var audio = WavReader.Read(theirs);
            Assert.Equal(8000, audio.SampleRate);
            Assert.Equal(4000, audio.Samples.Length);
            Assert.InRange(TestSignals.Magnitude(audio.Samples, 700, 8000), 14000, 18000);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(1, 2, 16, 8000, "2 channel(s)")]
    [InlineData(1, 1, 8, 8000, "8-bit")]
    [InlineData(3, 1, 32, 16000, "IEEE float")]
    [InlineData(7, 1, 8, 8000, "µ-law")]
    [InlineData(1, 1, 16, 44100, "44100 Hz")]
    public void UnsupportedFormatsSayWhatWasFound(int tag, int channels, int bits, int rate, string mention)
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(Header(tag, channels, bits, rate, 8))));
        Assert.Contains(mention, e.Message);
        Assert.Contains(WavFormatException.Supported, e.Message);
    }

    [Fact]
    public void TruncatedAndForeignFilesAreRefused()
    {
        var truncated = Header(1, 1, 16, 8000, 1000).AsSpan(0, 44 + 10).ToArray();
        Assert.Contains("truncated", Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(truncated))).Message);
        Assert.Contains("RIFF", Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream("ID3\x03 not a wav file"u8.ToArray()))).Message);
        Assert.Contains("limit", Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(Header(1, 1, 16, 8000, 1000)), maxSamples: 100)).Message);
        Assert.Throws<WavFormatException>(() => new WavWriter(new MemoryStream(), 44100));
    }

    [Fact]
    public void UnknownChunksAreSkipped()
    {
        var plain = Header(1, 1, 16, 8000, 4);
        var withList = new byte[plain.Length + 12];
        plain.AsSpan(0, 36).CopyTo(withList);
        "LIST"u8.CopyTo(withList.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(withList.AsSpan(40), 3); // odd size: padded to 4
        plain.AsSpan(36).CopyTo(withList.AsSpan(48));
        Assert.Equal(2, WavReader.Read(new MemoryStream(withList)).Samples.Length);
    }

    private static byte[] Header(int tag, int channels, int bits, int rate, int dataBytes)
    {
        var h = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(20), (short)tag);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), rate);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(34), (short)bits);
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(40), dataBytes);
        return h;
    }

    private static string Run(string file, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), $"{file} did not finish");
        Assert.True(process.ExitCode == 0, $"{file} {arguments}: {output}");
        return output;
    }
}
