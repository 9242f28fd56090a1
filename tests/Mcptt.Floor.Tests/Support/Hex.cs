using System.Globalization;

namespace Mcptt.Floor.Tests.Support;

/// <summary>Reads annotated hex vectors: pairs of hex digits; "//" starts a comment to end of line.</summary>
public static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var bytes = new List<byte>();
        foreach (var rawLine in annotated.Split('\n'))
        {
            int comment = rawLine.IndexOf("//", StringComparison.Ordinal);
            var line = comment >= 0 ? rawLine[..comment] : rawLine;
            foreach (var token in line.Split(new[] { ' ', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Length % 2 != 0) throw new FormatException($"odd hex token '{token}'");
                for (int i = 0; i < token.Length; i += 2)
                    bytes.Add(byte.Parse(token.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return bytes.ToArray();
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
