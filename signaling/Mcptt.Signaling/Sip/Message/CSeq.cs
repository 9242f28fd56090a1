using System.Globalization;

namespace Mcptt.Signaling.Sip;

/// <summary>CSeq: sequence number (RFC 3261: less than 2**31) and method.</summary>
public readonly record struct CSeq(uint Number, string Method)
{
    public const uint MaxNumber = int.MaxValue;

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;

    public static bool TryParse(string text, out CSeq cseq)
    {
        cseq = default;
        var s = SipGrammar.TrimLws(text.AsSpan());
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (!SipGrammar.TryParseBounded(s[..i], MaxNumber, out long n)) return false;
        int j = i;
        while (j < s.Length && SipGrammar.IsWhitespace(s[j])) j++;
        if (j == i) return false;
        var method = s[j..];
        if (!SipGrammar.IsToken(method)) return false;
        cseq = new CSeq((uint)n, method.ToString());
        return true;
    }
}
