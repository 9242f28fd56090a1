using System.Buffers.Binary;

namespace Mcptt.Fuzzing;

/// <summary>
/// Splits one fuzz input into datagrams: "length (2 octets, big-endian) + bytes", repeated; a length past
/// the end takes the rest. Lets a target see a sequence (request then release, offer then answer).
/// </summary>
internal static class Chunks
{
    /// <summary>Takes the next datagram off the front of <paramref name="input"/>; false when nothing is left.</summary>
    public static bool Next(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> datagram)
    {
        datagram = default;
        if (input.IsEmpty) return false;
        int length = input.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(input) : input.Length;
        input = input[Math.Min(2, input.Length)..];
        datagram = input[..Math.Min(length, input.Length)];
        input = input[datagram.Length..];
        return true;
    }
}
