namespace Mcptt.Media.Dsp;

/// <summary>One detected DTMF digit: when it started (sample index since the detector began) and how long it lasted.</summary>
public readonly record struct DtmfDetection(char Digit, long StartSample, int DurationSamples)
{
    public int DurationMilliseconds => DurationSamples / 8;
}

/// <summary>
/// In-band DTMF detector for 8 kHz PCM (a G.711 leg, decoded): Goertzel filters at the eight Q.23 frequencies
/// over blocks of 102 samples (12.75 ms), the Q.24-style acceptance tests of <see cref="DtmfDetectorOptions"/>
/// (level, twist, relative peak, and the share of the block's power in the two tones, which is what rejects
/// speech), and a block-count state machine for the minimum tone duration and the end of a digit. Digits are
/// reported when they end, with their duration. One instance per leg; <see cref="Process"/> allocates nothing.
/// </summary>
public sealed class DtmfDetector
{
    public const int SampleRate = 8000;
    public const int BlockSize = 102;

    private readonly DtmfDetectorOptions _options;
    private readonly float[] _coefficients = new float[8];
    private readonly float[] _powers = new float[8];
    private readonly short[] _block = new short[BlockSize];
    private readonly double _minTonePower;
    private int _filled;
    private long _samples;          // samples consumed before the current block
    private char _candidate;
    private int _candidateRun;
    private char _current;
    private long _currentStart;
    private long _currentLastEnd;
    private int _missRun;

    public DtmfDetector(DtmfDetectorOptions? options = null)
    {
        _options = options ?? new DtmfDetectorOptions();
        _options.Validate();
        for (int i = 0; i < 4; i++)
        {
            _coefficients[i] = (float)(2 * Math.Cos(2 * Math.PI * DtmfTones.Rows[i] / SampleRate));
            _coefficients[i + 4] = (float)(2 * Math.Cos(2 * Math.PI * DtmfTones.Columns[i] / SampleRate));
        }
        double minAmplitude = 32768 * Math.Pow(10, _options.MinToneLevelDbfs / 20);
        _minTonePower = Math.Pow(minAmplitude * BlockSize / 2, 2); // Goertzel power of a tone of that amplitude
    }

    /// <summary>The digit being received now ('\0' when none): an early hint, before its end is reported.</summary>
    public char CurrentDigit => _current;

    /// <summary>Digits that ended but did not fit into the caller's span.</summary>
    public long DroppedDetections { get; private set; }

    /// <summary>Consumes PCM and writes the digits that ended into <paramref name="detections"/>; returns how many.</summary>
    public int Process(ReadOnlySpan<short> pcm, Span<DtmfDetection> detections)
    {
        int written = 0;
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(BlockSize - _filled, pcm.Length);
            pcm[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            pcm = pcm[take..];
            if (_filled < BlockSize) break;
            Step(Classify(), detections, ref written);
            _filled = 0;
            _samples += BlockSize;
        }
        return written;
    }

    /// <summary>Ends a digit in progress (the stream stopped); returns how many detections were written (0 or 1).</summary>
    public int Flush(Span<DtmfDetection> detections)
    {
        int written = 0;
        if (_current != '\0') End(detections, ref written);
        _candidate = '\0';
        _candidateRun = 0;
        return written;
    }

    private void Step(char digit, Span<DtmfDetection> detections, ref int written)
    {
        if (digit == _candidate) _candidateRun++;
        else (_candidate, _candidateRun) = (digit, 1);

        if (_current != '\0')
        {
            if (digit == _current)
            {
                _missRun = 0;
                _currentLastEnd = _samples + BlockSize;
                return;
            }
            if (++_missRun < _options.EndBlocks) return;
            End(detections, ref written);
        }
        if (_candidate != '\0' && _candidateRun >= _options.MinBlocks)
        {
            _current = _candidate;
            _currentStart = _samples + BlockSize - (long)_candidateRun * BlockSize;
            _currentLastEnd = _samples + BlockSize;
            _missRun = 0;
        }
    }

    private void End(Span<DtmfDetection> detections, ref int written)
    {
        var detection = new DtmfDetection(_current, _currentStart, (int)(_currentLastEnd - _currentStart));
        if (written < detections.Length) detections[written++] = detection;
        else DroppedDetections++;
        _current = '\0';
        _missRun = 0;
    }

    /// <summary>The digit this block holds by every acceptance test, or '\0'.</summary>
    private char Classify()
    {
        double total = Goertzel();
        int row = Strongest(0), column = Strongest(4);
        double rowPower = _powers[row], columnPower = _powers[column];
        if (rowPower < _minTonePower || columnPower < _minTonePower) return '\0';
        double twistDb = 10 * Math.Log10(rowPower / columnPower);
        if (twistDb > _options.MaxLowOverHighDb || -twistDb > _options.MaxHighOverLowDb) return '\0';
        double peak = Math.Pow(10, _options.MinRelativePeakDb / 10);
        for (int i = 0; i < 4; i++)
        {
            if (i != row && _powers[i] * peak > rowPower) return '\0';
            if (i + 4 != column && _powers[i + 4] * peak > columnPower) return '\0';
        }
        // A tone of amplitude A has Goertzel power (A N / 2)^2 and block energy N A^2 / 2: share = 2 P / (N E).
        double share = 2 * (rowPower + columnPower) / (BlockSize * total);
        return share >= _options.MinTonePowerShare ? DtmfTones.Digit(row, column - 4) : '\0';
    }

    /// <summary>Fills the eight tone powers and returns the block's energy.</summary>
    private double Goertzel()
    {
        double energy = 0;
        Span<float> s1 = stackalloc float[8];
        Span<float> s2 = stackalloc float[8];
        for (int n = 0; n < BlockSize; n++)
        {
            float x = _block[n];
            energy += x * x;
            for (int k = 0; k < 8; k++)
            {
                float s = x + _coefficients[k] * s1[k] - s2[k];
                s2[k] = s1[k];
                s1[k] = s;
            }
        }
        for (int k = 0; k < 8; k++) _powers[k] = s1[k] * s1[k] + s2[k] * s2[k] - _coefficients[k] * s1[k] * s2[k];
        return Math.Max(energy, 1);
    }

    private int Strongest(int first)
    {
        int best = first;
        for (int i = first + 1; i < first + 4; i++) if (_powers[i] > _powers[best]) best = i;
        return best;
    }
}
