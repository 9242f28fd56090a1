namespace Mcptt.Media.Dsp;

/// <summary>The DTMF frequency grid (ITU-T Q.23) and tone generation for a digit.</summary>
public static class DtmfTones
{
    /// <summary>Low (row) group, Hz.</summary>
    public static ReadOnlySpan<double> Rows => [697, 770, 852, 941];

    /// <summary>High (column) group, Hz.</summary>
    public static ReadOnlySpan<double> Columns => [1209, 1336, 1477, 1633];

    private const string Keypad = "123A456B789C*0#D";

    /// <summary>The digit at a row and column of the keypad.</summary>
    public static char Digit(int row, int column) => Keypad[row * 4 + column];

    /// <summary>Row and column frequencies of a digit (0-9, *, #, A-D), or false for anything else.</summary>
    public static bool TryGetFrequencies(char digit, out double row, out double column)
    {
        int index = Keypad.IndexOf(char.ToUpperInvariant(digit));
        row = index < 0 ? 0 : Rows[index / 4];
        column = index < 0 ? 0 : Columns[index % 4];
        return index >= 0;
    }

    /// <summary>A generator for a digit; the default level is about −13 dBFS per tone (within Q.23's range once companded).</summary>
    public static ToneGenerator Generator(char digit, int sampleRate, double amplitudePerTone = 7000, double twistDb = 0)
    {
        if (!TryGetFrequencies(digit, out double row, out double column))
            throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D)", nameof(digit));
        return new ToneGenerator(sampleRate, row, amplitudePerTone, column, amplitudePerTone * Math.Pow(10, twistDb / 20));
    }

    /// <summary>Writes a digit string as tones of <paramref name="toneMs"/> separated by <paramref name="pauseMs"/> of silence.</summary>
    public static short[] Sequence(string digits, int sampleRate, int toneMs = 80, int pauseMs = 80, double amplitudePerTone = 7000)
    {
        int tone = sampleRate * toneMs / 1000, pause = sampleRate * pauseMs / 1000;
        var output = new short[digits.Length * (tone + pause) + pause];
        for (int i = 0; i < digits.Length; i++)
            Generator(digits[i], sampleRate, amplitudePerTone).Fill(output.AsSpan(pause + i * (tone + pause), tone));
        return output;
    }
}
