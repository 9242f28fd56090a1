using Mcptt.Media.Simd;

namespace Mcptt.Media.Mixing;

/// <summary>
/// N-party audio mixer on a 20 ms tick: every participant hears the sum of the others, limited to the
/// <see cref="MixerOptions.MaxTalkers"/> loudest (with hysteresis), with optional per-participant gain and
/// saturating 16-bit output. Per tick the owner writes each sending participant's decoded frame into
/// <see cref="Input"/>, calls <see cref="Mix"/> once, then reads <see cref="Output"/> per participant.
/// A talker hears sum − itself (its own buffer); every other participant hears the same common mix, so the
/// per-tick cost is O(talkers × frame) plus a level measurement per sender, and listeners that share a codec
/// can share one encoding (<see cref="HearsCommonMix"/>). All buffers are preallocated; no lock (one worker
/// thread owns a mixer); adding and removing participants happens between ticks on that same thread.
/// </summary>
public sealed class AudioMixer
{
    private readonly MixerOptions _options;
    private readonly SimdWidth _width;
    private readonly short[] _inputs;        // participant-major frames
    private readonly short[] _talkerOutputs; // MaxTalkers frames
    private readonly short[] _common;
    private readonly int[] _sum;
    private readonly bool[] _present;
    private readonly bool[] _hasInput;
    private readonly int[] _gain;            // Q12
    private readonly int[] _talkerSlot;      // participant → index into _talkers, or -1
    private readonly int[] _talkers;         // selected participants, loudest first
    private readonly long[] _scores;
    private int _talkerCount;
    private int _count;

    public AudioMixer(MixerOptions? options = null, SimdWidth width = SimdWidth.Auto)
    {
        _options = options ?? new MixerOptions();
        _options.Validate();
        _width = SimdSupport.Resolve(width);
        int frame = _options.FrameSamples, max = _options.MaxParticipants;
        _inputs = new short[frame * max];
        _talkerOutputs = new short[frame * _options.MaxTalkers];
        _common = new short[frame];
        _sum = new int[frame];
        _present = new bool[max];
        _hasInput = new bool[max];
        _gain = new int[max];
        _talkerSlot = new int[max];
        _talkers = new int[_options.MaxTalkers];
        _scores = new long[_options.MaxTalkers];
        Array.Fill(_talkerSlot, -1);
    }

    public int FrameSamples => _options.FrameSamples;

    public int Count => _count;

    /// <summary>Participants mixed in the last tick.</summary>
    public int TalkerCount => _talkerCount;

    /// <summary>Adds a participant; returns its index, or −1 when the mixer is full.</summary>
    public int Add(float gain = 1f)
    {
        for (int id = 0; id < _present.Length; id++)
        {
            if (_present[id]) continue;
            _present[id] = true;
            _hasInput[id] = false;
            _talkerSlot[id] = -1;
            SetGain(id, gain);
            _count++;
            return id;
        }
        return -1;
    }

    public void Remove(int id)
    {
        if (!_present[id]) return;
        _present[id] = false;
        _hasInput[id] = false;
        _count--;
    }

    /// <summary>Per-participant gain applied to what the others hear of it (0..8, i.e. up to +18 dB).</summary>
    public void SetGain(int id, float gain) => _gain[id] = (int)Math.Round(Math.Clamp(gain, 0f, 8f) * MixKernels.UnityGain);

    /// <summary>The participant's input frame for this tick: write its decoded audio here (marks it as sending).</summary>
    public Span<short> Input(int id)
    {
        _hasInput[id] = true;
        return _inputs.AsSpan(id * _options.FrameSamples, _options.FrameSamples);
    }

    /// <summary>Whether the participant was mixed as a talker in the last tick.</summary>
    public bool IsTalker(int id) => _talkerSlot[id] >= 0;

    /// <summary>Whether the participant hears the common mix (not a talker): its output equals every other listener's.</summary>
    public bool HearsCommonMix(int id) => _talkerSlot[id] < 0;

    /// <summary>What the participant hears after the last <see cref="Mix"/>.</summary>
    public ReadOnlySpan<short> Output(int id) => _talkerSlot[id] < 0
        ? _common
        : _talkerOutputs.AsSpan(_talkerSlot[id] * _options.FrameSamples, _options.FrameSamples);

    /// <summary>The mix heard by every non-talker.</summary>
    public ReadOnlySpan<short> CommonMix => _common;

    /// <summary>One tick: chooses the talkers, sums them, writes every output, and clears the inputs' sending marks.</summary>
    public void Mix()
    {
        SelectTalkers();
        Array.Clear(_sum);
        int frame = _options.FrameSamples;
        for (int k = 0; k < _talkerCount; k++)
        {
            int id = _talkers[k];
            MixKernels.Accumulate(_width, _inputs.AsSpan(id * frame, frame), _gain[id], _sum);
        }
        MixKernels.MixOut(_width, _sum, ReadOnlySpan<short>.Empty, 0, _common);
        for (int k = 0; k < _talkerCount; k++)
        {
            int id = _talkers[k];
            MixKernels.MixOut(_width, _sum, _inputs.AsSpan(id * frame, frame), _gain[id], _talkerOutputs.AsSpan(k * frame, frame));
        }
        Array.Clear(_hasInput);
    }

    /// <summary>The N loudest senders above the silence level (insertion into a small sorted array: N is small).</summary>
    private void SelectTalkers()
    {
        int frame = _options.FrameSamples;
        long silence = (long)_options.SilenceLevel * frame;
        int previous = _talkerCount;
        for (int k = 0; k < previous; k++) _talkerSlot[_talkers[k]] = -2; // -2: was a talker last tick
        _talkerCount = 0;
        for (int id = 0; id < _present.Length; id++)
        {
            bool incumbent = _talkerSlot[id] == -2;
            _talkerSlot[id] = -1;
            if (!_present[id] || !_hasInput[id]) continue;
            long level = MixKernels.SumAbsolute(_width, _inputs.AsSpan(id * frame, frame));
            if (level < silence) continue;
            long score = incumbent ? level * (100 + _options.IncumbentBonusPercent) / 100 : level;
            Insert(id, score);
        }
        for (int k = 0; k < _talkerCount; k++) _talkerSlot[_talkers[k]] = k;
    }

    private void Insert(int id, long score)
    {
        int n = _talkerCount;
        if (n == _talkers.Length && score <= _scores[n - 1]) return;
        int position = n == _talkers.Length ? n - 1 : n;
        while (position > 0 && _scores[position - 1] < score)
        {
            _talkers[position] = _talkers[position - 1];
            _scores[position] = _scores[position - 1];
            position--;
        }
        _talkers[position] = id;
        _scores[position] = score;
        if (n < _talkers.Length) _talkerCount++;
    }
}
