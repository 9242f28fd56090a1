namespace Mcptt.Control.Ng.Bencode;

/// <summary>
/// Bounds applied while decoding untrusted input. Every allocation the reader makes is bounded by
/// the input length, and the input length is bounded by <see cref="MaxMessageBytes"/>.
/// </summary>
public sealed record BencodeLimits
{
    public static BencodeLimits Default { get; } = new();

    /// <summary>Largest document accepted (an SDP with several media fits easily in 64 KiB; a UDP datagram can't exceed it).</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Deepest list/dictionary nesting. ng requests are 3 levels deep; 32 leaves room without risking the stack.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Total number of values (integers, strings, lists, dictionaries) in one document.</summary>
    public int MaxElements { get; init; } = 4096;
}
