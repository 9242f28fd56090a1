using System.Globalization;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Tones that start with digital silence: a phone playing one can be muted before its tone begins.</summary>
public static class LeadInTones
{
    /// <summary>Writes <paramref name="leadIn"/> of zero samples followed by a <paramref name="frequencyHz"/> sine
    /// (8 kHz mono 16-bit PCM, baresip's aufile source); returns its path.</summary>
    public static async Task<string> SineAsync(string directory, double frequencyHz, TimeSpan leadIn, double seconds, double amplitude = 0.5)
    {
        string I(double v) => v.ToString(CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"leadin{I(leadIn.TotalSeconds)}s_tone{I(frequencyHz)}hz.wav");
        var result = await ProcessRunner.RunAsync(PeerTools.Sox,
            ["-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", path,
             "synth", I(seconds), "sine", I(frequencyHz), "vol", I(amplitude), "pad", I(leadIn.TotalSeconds)],
            TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new Xunit.Sdk.XunitException($"sox failed.\n{result.Describe()}");
        return path;
    }
}
