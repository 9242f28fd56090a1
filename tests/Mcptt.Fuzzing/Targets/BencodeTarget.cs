using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// A bencode document as the ng port decodes it (default limits). Crash: any exception (the reader
/// documents <see cref="BencodeError"/> values), or a decoded value that does not survive
/// encode → decode → encode unchanged.
/// </summary>
internal sealed class BencodeTarget : FuzzTarget
{
    public override string Name => "bencode";

    public override string Description => "BencodeReader (default limits) and BencodeWriter round trip; crash = exception or round-trip mismatch";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (BencodeReader.TryRead(input, BencodeLimits.Default, out var value, out _) != BencodeError.None) return;
        byte[] encoded = BencodeWriter.ToArray(value!);
        var again = BencodeReader.TryRead(encoded, BencodeLimits.Default with { MaxMessageBytes = int.MaxValue }, out var reread, out int offset);
        if (again != BencodeError.None)
            throw new FuzzFindingException($"the writer's output does not decode: {again} at {offset}");
        if (!BencodeWriter.ToArray(reread!).AsSpan().SequenceEqual(encoded))
            throw new FuzzFindingException("encode(decode(encode(x))) differs from encode(x)");
    }
}
