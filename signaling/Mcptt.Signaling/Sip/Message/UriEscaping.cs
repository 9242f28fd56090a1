using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>RFC 3261 %HH escaping for URI components. Decoding is strict: a lone '%' is an error.</summary>
public static class UriEscaping
{
    public static bool TryDecode(ReadOnlySpan<char> s, out string decoded)
    {
        decoded = string.Empty;
        if (s.IndexOf('%') < 0)
        {
            decoded = s.ToString();
            return true;
        }
        var bytes = new List<byte>(s.Length);
        Span<byte> tmp = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
                bytes.Add((byte)(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                int n = Encoding.UTF8.GetBytes(s.Slice(i, char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1), tmp);
                for (int k = 0; k < n; k++) bytes.Add(tmp[k]);
                if (char.IsHighSurrogate(c) && i + 1 < s.Length) i++;
            }
        }
        decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>Escapes every character that <paramref name="allowed"/> rejects (as UTF-8 octets).</summary>
    public static string Encode(string s, Func<char, bool> allowed)
    {
        bool clean = true;
        foreach (char c in s)
            if (!allowed(c)) { clean = false; break; }
        if (clean) return s;
        var sb = new StringBuilder(s.Length + 8);
        Span<byte> tmp = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80 && allowed(c)) { sb.Append(c); continue; }
            int len = char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1;
            int n = Encoding.UTF8.GetBytes(s.AsSpan(i, len), tmp);
            for (int k = 0; k < n; k++) sb.Append('%').Append(tmp[k].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            i += len - 1;
        }
        return sb.ToString();
    }

    public static bool IsUnreserved(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
          or '-' or '_' or '.' or '!' or '~' or '*' or '\'' or '(' or ')';

    public static bool IsUserChar(char c) => IsUnreserved(c) || c is '&' or '=' or '+' or '$' or ',' or ';' or '?' or '/';

    public static bool IsPasswordChar(char c) => IsUnreserved(c) || c is '&' or '=' or '+' or '$' or ',';

    public static bool IsParamChar(char c) => IsUnreserved(c) || c is '[' or ']' or '/' or ':' or '&' or '+' or '$';

    public static bool IsHeaderChar(char c) => IsUnreserved(c) || c is '[' or ']' or '/' or '?' or ':' or '+' or '$';

    /// <summary>True when every char is in the set or is a well-formed %HH escape.</summary>
    public static bool IsValidEscaped(ReadOnlySpan<char> s, Func<char, bool> allowed)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
                i += 2;
            }
            else if (!allowed(c)) return false;
        }
        return true;
    }

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
