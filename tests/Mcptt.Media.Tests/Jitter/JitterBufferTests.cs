using Mcptt.Media.Jitter;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Jitter;

public class JitterBufferTests
{
    private readonly FakeClock _clock = new();
    private readonly byte[] _out = new byte[1500];

    private static byte[] Payload(ushort seq) => [(byte)(seq >> 8), (byte)seq, 0xAB];

    private bool Insert(JitterBuffer buffer, ushort seq) => buffer.Insert(seq, (uint)(seq * 160), Payload(seq), _clock.NowMs);

    /// <summary>Pops one tick and returns the sequence number played, -1 for missing, -2 for idle.</summary>
    private int Tick(JitterBuffer buffer)
    {
        _clock.Advance(20);
        var result = buffer.Pop(_out, out int length);
        return result switch
        {
            JitterPop.Frame => Assert.IsType<int>(length == 3 ? (_out[0] << 8) | _out[1] : -99),
            JitterPop.Missing => -1,
            _ => -2,
        };
    }

    [Fact]
    public void ReordersIntoSequence()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 3 });
        foreach (ushort seq in new ushort[] { 11, 10, 13, 12, 14 }) Assert.True(Insert(buffer, seq));
        Assert.Equal([10, 11, 12, 13, 14], Enumerable.Range(0, 5).Select(_ => Tick(buffer)));
    }

    [Fact]
    public void WaitsForTheConfiguredDepthBeforePlaying()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 3 });
        Insert(buffer, 1);
        Assert.Equal(-2, Tick(buffer));
        Insert(buffer, 2);
        Assert.Equal(-2, Tick(buffer));
        Insert(buffer, 3);
        Assert.Equal(1, Tick(buffer));
    }

    [Fact]
    public void DuplicatesAndLatePacketsAreDroppedAndCounted()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 1 });
        Assert.True(Insert(buffer, 100));
        Assert.False(Insert(buffer, 100));
        Assert.Equal(100, Tick(buffer));
        Assert.Equal(-1, Tick(buffer));      // 101 missing at its playout time
        Assert.False(Insert(buffer, 101));   // arrives after: late
        Assert.False(Insert(buffer, 99));    // long gone
        Assert.True(Insert(buffer, 102));
        Assert.Equal(102, Tick(buffer));
        var stats = buffer.Stats;
        Assert.Equal(1, stats.Duplicates);
        Assert.Equal(2, stats.Late);
        Assert.Equal(1, stats.Lost);
        Assert.Equal(2, stats.Played);
    }

    [Fact]
    public void SequenceNumbersWrapAround()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 2 });
        Insert(buffer, 65535);
        Insert(buffer, 0);
        Insert(buffer, 1);
        Assert.Equal([65535, 0, 1], Enumerable.Range(0, 3).Select(_ => Tick(buffer)));
        Assert.Equal(0, buffer.Stats.Lost);
    }

    [Fact]
    public void ASequenceJumpRestartsTheBuffer()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 1 });
        Insert(buffer, 10);
        Assert.Equal(10, Tick(buffer));
        Insert(buffer, 30000);
        Assert.Equal(30000, Tick(buffer));
        Assert.Equal(1, buffer.Stats.Resets);
    }

    [Fact]
    public void OverflowDropsTheOldestToCapLatency()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 1, MaxDepthFrames = 4 });
        for (ushort seq = 0; seq < 8; seq++) Insert(buffer, seq);
        Assert.Equal(4, Tick(buffer));
        Assert.Equal(4, buffer.Stats.Overflow);
    }

    [Fact]
    public void PausedSenderStopsConcealmentAndRebuffers()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Adaptive = false, MinDepthFrames = 1, MaxConcealedFrames = 2 });
        Insert(buffer, 1);
        Assert.Equal(1, Tick(buffer));
        Assert.Equal([-1, -1, -2, -2], Enumerable.Range(0, 4).Select(_ => Tick(buffer)));
        Insert(buffer, 50); // next talk spurt
        Assert.Equal(50, Tick(buffer));
    }

    [Fact]
    public void AdaptiveDepthGrowsWithJitterAndShrinksWhenItCalms()
    {
        var options = new JitterBufferOptions { Adaptive = true, MinDepthFrames = 1, MaxDepthFrames = 8, MaxConcealedFrames = 1 };
        var buffer = new JitterBuffer(options);
        var random = new Random(7);
        // Talk spurt 1: packets every 20 ms of media time, arriving with 0-60 ms of random delay.
        ushort seq = 0;
        for (int i = 0; i < 200; i++, seq++)
            buffer.Insert(seq, (uint)(seq * 160), Payload(seq), i * 20 + random.Next(0, 60));
        Assert.InRange(buffer.JitterMilliseconds, 10, 40);
        while (buffer.Pop(_out, out _) != JitterPop.Idle) { }
        Assert.InRange(buffer.TargetDepth, 3, 8);
        // Talk spurt 2: no jitter at all; the estimate decays and the depth returns to the minimum.
        for (int i = 0; i < 300; i++, seq++) buffer.Insert(seq, (uint)(seq * 160), Payload(seq), 10_000 + i * 20);
        while (buffer.Pop(_out, out _) != JitterPop.Idle) { }
        Assert.Equal(1, buffer.TargetDepth);
    }

    [Fact]
    public void InsertAndPopDoNotAllocate()
    {
        var buffer = new JitterBuffer();
        ushort seq = 0;
        var payload = new byte[160];
        Assert.Equal(0, Allocations.Of(() =>
        {
            buffer.Insert(seq, (uint)(seq * 160), payload, seq * 20);
            seq++;
            buffer.Pop(_out, out _);
            buffer.PeekNext();
        }));
    }

    [Fact]
    public void InvalidOptionsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 20 }));
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { MaxDepthFrames = 40, Capacity = 32 }));
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { MinDepthFrames = 5, MaxDepthFrames = 3 }));
    }
}
