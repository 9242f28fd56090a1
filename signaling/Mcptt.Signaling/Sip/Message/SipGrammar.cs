namespace Mcptt.Signaling.Sip;

/// <summary>RFC 3261 §25.1 character classes, shared by every header parser.</summary>
internal static class SipGrammar
{
    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" ).</summary>
    public static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
          or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>word = token chars plus ( ) &lt; &gt; : \ " / [ ] ? { } (Call-ID).</summary>
    public static bool IsWordChar(char c) =>
        IsTokenChar(c) || c is '(' or ')' or '<' or '>' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '{' or '}';

    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>Parses 1*DIGIT into a value no larger than <paramref name="max"/>; overflow is a failure, not a wrap.</summary>
    public static bool TryParseBounded(ReadOnlySpan<char> s, long max, out long value)
    {
        value = 0;
        if (!IsDigits(s)) return false;
        foreach (char c in s)
        {
            value = value * 10 + (c - '0');
            if (value > max) { value = 0; return false; }
        }
        return true;
    }

    public static ReadOnlySpan<char> TrimLws(ReadOnlySpan<char> s) => s.Trim(" \t");

    /// <summary>Quotes a value as quoted-string, escaping '"' and '\'.</summary>
    public static string Quote(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Reads a quoted-string starting at s[start] == '"'. Returns the index just past the closing quote,
    /// or -1 when unterminated. The unescaped content goes to <paramref name="content"/>.
    /// </summary>
    public static int ReadQuoted(ReadOnlySpan<char> s, int start, out string content)
    {
        content = string.Empty;
        var sb = new System.Text.StringBuilder();
        for (int i = start + 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\')
            {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF cannot be escaped (RFC 3261 §25.1).
                if (i + 1 >= s.Length || s[i + 1] is '\r' or '\n') return -1;
                sb.Append(s[++i]);
            }
            else if (c == '"')
            {
                content = sb.ToString();
                return i + 1;
            }
            else if (c is '\r' or '\n')
            {
                return -1;
            }
            else
            {
                sb.Append(c);
            }
        }
        return -1;
    }
}
