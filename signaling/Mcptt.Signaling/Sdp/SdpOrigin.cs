namespace Mcptt.Signaling.Sdp;

/// <summary>
/// o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;.
/// Session id and version are kept as digit strings: RFC 4566 allows more than 64 bits.
/// </summary>
public sealed record SdpOrigin(string UserName, string SessionId, string SessionVersion,
    string NetType, string AddrType, string Address)
{
    public override string ToString() => $"{UserName} {SessionId} {SessionVersion} {NetType} {AddrType} {Address}";

    /// <summary>The same origin with the version incremented by one (decimal, any length).</summary>
    public SdpOrigin WithNextVersion() => this with { SessionVersion = IncrementDecimal(SessionVersion) };

    internal static string IncrementDecimal(string digits)
    {
        var chars = digits.ToCharArray();
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }
            chars[i] = '0';
        }
        return "1" + new string(chars);
    }
}
