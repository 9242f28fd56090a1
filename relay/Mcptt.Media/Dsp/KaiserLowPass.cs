namespace Mcptt.Media.Dsp;

/// <summary>
/// Windowed-sinc low-pass design with a Kaiser window: the window's β and the tap count follow Kaiser's formulas
/// for a stopband attenuation and a transition width. Runs at construction only.
/// </summary>
internal static class KaiserLowPass
{
    /// <summary>Taps for a low-pass at <paramref name="sampleRate"/> with the band edges in Hz and the stopband attenuation in dB.</summary>
    public static double[] Design(double sampleRate, double passbandEdge, double stopbandEdge, double attenuationDb, int tapMultiple)
    {
        double transition = 2 * Math.PI * (stopbandEdge - passbandEdge) / sampleRate;
        int taps = (int)Math.Ceiling((attenuationDb - 8) / (2.285 * transition)) + 1;
        taps = (taps + tapMultiple - 1) / tapMultiple * tapMultiple;
        double beta = attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7) : 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        double cutoff = (passbandEdge + stopbandEdge) / 2 / sampleRate; // cycles per sample
        double centre = (taps - 1) / 2.0;
        var h = new double[taps];
        double sum = 0;
        for (int n = 0; n < taps; n++)
        {
            double x = n - centre;
            double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = x / centre;
            h[n] = sinc * BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / BesselI0(beta);
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) h[n] /= sum; // unity gain at DC
        return h;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 50 && term > 1e-12 * sum; k++)
        {
            term *= half / k * (half / k);
            sum += term;
        }
        return sum;
    }
}
