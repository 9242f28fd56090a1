using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mcptt.Media.Dsp;

/// <summary>
/// Rational sample-rate converter (8, 16, 48 kHz and any other pair with a small ratio) with a polyphase
/// Kaiser-windowed FIR: passband to 85 % of the lower Nyquist frequency, at least 70 dB down from the lower
/// Nyquist frequency on, so a tone above the target's Nyquist frequency neither aliases (down) nor images (up).
/// One instance per stream direction (it keeps the filter history across frames). Process allocates nothing:
/// each output sample is one SIMD dot product of a phase's taps with a contiguous window of the history.
/// </summary>
public sealed class Resampler
{
    private const double AttenuationDb = 70;
    private const double PassbandFraction = 0.85;

    private readonly int _up;          // L: output samples per ...
    private readonly int _down;        // M: ... input samples
    private readonly int _phaseLength; // taps per phase, padded to a whole number of vectors
    private readonly float[] _taps;    // phase-major, each phase reversed so it runs forward over the window
    private readonly float[] _buffer;  // history (phaseLength - 1 samples) + the current input
    private readonly int _maxInput;

    public Resampler(int inputRate, int outputRate, int maxInputSamples = 960)
    {
        if (inputRate <= 0 || outputRate <= 0) throw new ArgumentOutOfRangeException(nameof(inputRate), "sample rates must be positive");
        int gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (_up > 48 || _down > 48) throw new ArgumentException($"ratio {outputRate}/{inputRate} is too fine for a polyphase filter", nameof(outputRate));
        InputRate = inputRate;
        OutputRate = outputRate;
        _maxInput = maxInputSamples;

        double lowNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var prototype = KaiserLowPass.Design((double)inputRate * _up, PassbandFraction * lowNyquist, lowNyquist, AttenuationDb, _up);
        int perPhase = prototype.Length / _up;
        _phaseLength = (perPhase + 15) / 16 * 16;
        _taps = new float[_phaseLength * _up];
        for (int phase = 0; phase < _up; phase++)
            for (int k = 0; k < perPhase; k++) // tap k of a phase weighs the sample k steps back: store reversed
                _taps[phase * _phaseLength + (_phaseLength - 1 - k)] = (float)(prototype[phase + k * _up] * _up);
        _buffer = new float[_phaseLength - 1 + maxInputSamples + _phaseLength];
        Passthrough = _up == 1 && _down == 1;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Same rate in and out: Process copies.</summary>
    public bool Passthrough { get; }

    /// <summary>Output samples for an input of the given length (which must be a multiple of the decimation factor).</summary>
    public int OutputLength(int inputLength) => inputLength / _down * _up;

    /// <summary>Converts one block; Count = samples written.</summary>
    public MediaResult Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length % _down != 0 || input.Length > _maxInput) return MediaResult.Fail(MediaError.BadFrameSize);
        int produced = OutputLength(input.Length);
        if (output.Length < produced) return MediaResult.Fail(MediaError.OutputTooSmall);
        if (Passthrough)
        {
            input.CopyTo(output);
            return MediaResult.Written(input.Length);
        }
        int history = _phaseLength - 1;
        var samples = _buffer.AsSpan(history, input.Length);
        for (int i = 0; i < input.Length; i++) samples[i] = input[i];
        for (int n = 0, t = 0; n < produced; n++, t += _down)
        {
            int phase = t % _up;
            int newest = t / _up; // input index of the newest sample in the window
            float y = Dot(_taps.AsSpan(phase * _phaseLength, _phaseLength), _buffer.AsSpan(newest, _phaseLength));
            output[n] = (short)Math.Clamp(MathF.Round(y), short.MinValue, short.MaxValue);
        }
        _buffer.AsSpan(input.Length, history).CopyTo(_buffer); // keep the tail as the next block's history
        return MediaResult.Written(produced);
    }

    /// <summary>Forgets the history (a new talk spurt from another source).</summary>
    public void Reset() => Array.Clear(_buffer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> window)
    {
        ref float a = ref MemoryMarshal.GetReference(taps);
        ref float b = ref MemoryMarshal.GetReference(window);
        if (Vector256.IsHardwareAccelerated)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (int i = 0; i < taps.Length; i += 16)
            {
                acc0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)(i + 8)), Vector256.LoadUnsafe(ref b, (nuint)(i + 8)), acc1);
            }
            return Vector256.Sum(acc0 + acc1);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var acc = Vector128<float>.Zero;
            for (int i = 0; i < taps.Length; i += 4)
                acc = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc);
            return Vector128.Sum(acc);
        }
        float sum = 0;
        for (int i = 0; i < taps.Length; i++) sum += taps[i] * window[i];
        return sum;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
