using System.Globalization;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Test audio made with sox: 8 kHz mono sine tones, as 16-bit PCM (baresip's aufile source) or
/// mu-law (sipp's rtp_stream).</summary>
public static class Tones
{
    /// <summary>Writes a <paramref name="frequencyHz"/> sine of <paramref name="seconds"/> to a 16-bit PCM WAV; returns its path.</summary>
    public static async Task<string> SineAsync(string directory, double frequencyHz, double seconds, double amplitude = 0.5, int sampleRate = 8000)
    {
        var path = Path.Combine(directory, $"tone{frequencyHz.ToString(CultureInfo.InvariantCulture)}hz_{seconds.ToString(CultureInfo.InvariantCulture)}s.wav");
        await Sox(["-n", "-r", I(sampleRate), "-c", "1", "-b", "16", "-e", "signed-integer", path,
                   "synth", I(seconds), "sine", I(frequencyHz), "vol", I(amplitude)]).ConfigureAwait(false);
        return path;
    }

    /// <summary>Converts a WAV to 8 kHz mono mu-law WAV (what sipp's rtp_stream plays); returns the new path.</summary>
    public static async Task<string> ToMuLawAsync(string wavPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(wavPath)!, Path.GetFileNameWithoutExtension(wavPath) + "_ulaw.wav");
        await Sox([wavPath, "-e", "mu-law", "-b", "8", "-r", "8000", "-c", "1", path]).ConfigureAwait(false);
        return path;
    }

    private static async Task Sox(IEnumerable<string> arguments)
    {
        var result = await ProcessRunner.RunAsync(PeerTools.Sox, arguments, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new Xunit.Sdk.XunitException($"sox failed.\n{result.Describe()}");
    }

    private static string I(double value) => value.ToString(CultureInfo.InvariantCulture);
}
