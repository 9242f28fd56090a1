using System.Text;

namespace Mcptt.Control.Ng.Bencode;

/// <summary>
/// Decodes one bencode value from untrusted bytes. Never throws on malformed input: every failure is
/// a <see cref="BencodeError"/> with the offset where it was detected. Recursion depth is bounded by
/// <see cref="BencodeLimits.MaxDepth"/>, element count by <see cref="BencodeLimits.MaxElements"/>, and no
/// string is allocated before its whole length is known to be present in the input.
/// </summary>
public static class BencodeReader
{
    public static BencodeError TryRead(ReadOnlySpan<byte> input, BencodeLimits limits, out BNode? value, out int errorOffset)
    {
        value = null;
        errorOffset = 0;
        if (input.IsEmpty) return BencodeError.Empty;
        if (input.Length > limits.MaxMessageBytes) return BencodeError.TooLarge;

        var state = new State(limits);
        var error = ReadValue(input, ref state, 1, out value);
        if (error == BencodeError.None && state.Position != input.Length)
            error = BencodeError.TrailingData;
        if (error != BencodeError.None)
        {
            value = null;
            errorOffset = state.Position;
        }
        return error;
    }

    /// <summary>Reads a document that must be a dictionary (every ng message is one).</summary>
    public static BencodeError TryReadDictionary(ReadOnlySpan<byte> input, BencodeLimits limits, out BDictionary? dictionary)
    {
        var error = TryRead(input, limits, out var value, out _);
        dictionary = value as BDictionary;
        if (error == BencodeError.None && dictionary is null) return BencodeError.UnexpectedByte;
        return error;
    }

    private struct State(BencodeLimits limits)
    {
        public int Position;
        public int Elements;
        public readonly BencodeLimits Limits = limits;
    }

    private static BencodeError ReadValue(ReadOnlySpan<byte> input, ref State state, int depth, out BNode? value)
    {
        value = null;
        if (state.Position >= input.Length) return BencodeError.Truncated;
        if (++state.Elements > state.Limits.MaxElements) return BencodeError.TooManyElements;

        byte lead = input[state.Position];
        switch (lead)
        {
            case (byte)'i':
                state.Position++;
                var intError = ReadDigits(input, ref state, (byte)'e', allowNegative: true, out long number);
                if (intError == BencodeError.None) value = new BInteger(number);
                return intError;
            case (byte)'l':
                return ReadList(input, ref state, depth, out value);
            case (byte)'d':
                return ReadDictionary(input, ref state, depth, out value);
            case >= (byte)'0' and <= (byte)'9':
                var strError = ReadBytes(input, ref state, out var bytes);
                if (strError == BencodeError.None) value = new BString(bytes.ToArray());
                return strError;
            default:
                return BencodeError.UnexpectedByte;
        }
    }

    private static BencodeError ReadList(ReadOnlySpan<byte> input, ref State state, int depth, out BNode? value)
    {
        value = null;
        if (depth > state.Limits.MaxDepth) return BencodeError.TooDeep;
        state.Position++; // 'l'
        var list = new BList();
        while (true)
        {
            if (state.Position >= input.Length) return BencodeError.Truncated;
            if (input[state.Position] == (byte)'e')
            {
                state.Position++;
                value = list;
                return BencodeError.None;
            }
            var error = ReadValue(input, ref state, depth + 1, out var item);
            if (error != BencodeError.None) return error;
            list.Items.Add(item!);
        }
    }

    private static BencodeError ReadDictionary(ReadOnlySpan<byte> input, ref State state, int depth, out BNode? value)
    {
        value = null;
        if (depth > state.Limits.MaxDepth) return BencodeError.TooDeep;
        state.Position++; // 'd'
        var dictionary = new BDictionary();
        while (true)
        {
            if (state.Position >= input.Length) return BencodeError.Truncated;
            byte lead = input[state.Position];
            if (lead == (byte)'e')
            {
                state.Position++;
                value = dictionary;
                return BencodeError.None;
            }
            if (lead is < (byte)'0' or > (byte)'9') return BencodeError.NonStringKey;
            if (++state.Elements > state.Limits.MaxElements) return BencodeError.TooManyElements;
            var keyError = ReadBytes(input, ref state, out var keyBytes);
            if (keyError != BencodeError.None) return keyError;
            string key = Encoding.UTF8.GetString(keyBytes);
            // A duplicate key is ambiguous (which one wins?), so refuse rather than guess.
            if (dictionary[key] is not null) return BencodeError.DuplicateKey;
            var error = ReadValue(input, ref state, depth + 1, out var item);
            if (error != BencodeError.None) return error;
            dictionary.Entries.Add(new(key, item!));
        }
    }

    /// <summary>Reads <c>&lt;length&gt;:&lt;bytes&gt;</c>; the slice is returned only when fully present.</summary>
    private static BencodeError ReadBytes(ReadOnlySpan<byte> input, ref State state, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        var error = ReadDigits(input, ref state, (byte)':', allowNegative: false, out long length);
        if (error != BencodeError.None) return error == BencodeError.BadInteger ? BencodeError.BadStringLength : error;
        if (length > input.Length - state.Position) return BencodeError.Truncated;
        bytes = input.Slice(state.Position, (int)length);
        state.Position += (int)length;
        return BencodeError.None;
    }

    /// <summary>
    /// Canonical decimal up to <paramref name="terminator"/>: no leading zeros, no "-0", no empty
    /// number; anything beyond <see cref="long.MaxValue"/> is an overflow, detected before it wraps.
    /// </summary>
    private static BencodeError ReadDigits(ReadOnlySpan<byte> input, ref State state, byte terminator, bool allowNegative, out long number)
    {
        number = 0;
        int start = state.Position;
        bool negative = false;
        if (allowNegative && start < input.Length && input[start] == (byte)'-')
        {
            negative = true;
            state.Position++;
        }
        int digitsStart = state.Position;
        while (true)
        {
            if (state.Position >= input.Length) return BencodeError.Truncated;
            byte b = input[state.Position];
            if (b == terminator) break;
            if (b is < (byte)'0' or > (byte)'9') return BencodeError.BadInteger;
            int digit = b - '0';
            if (number > (long.MaxValue - digit) / 10) return BencodeError.IntegerOverflow;
            number = number * 10 + digit;
            state.Position++;
        }
        int digits = state.Position - digitsStart;
        if (digits == 0) return BencodeError.BadInteger;
        if (digits > 1 && input[digitsStart] == (byte)'0') return BencodeError.BadInteger;
        if (negative && number == 0) return BencodeError.BadInteger;
        if (negative) number = -number;
        state.Position++; // terminator
        return BencodeError.None;
    }
}
