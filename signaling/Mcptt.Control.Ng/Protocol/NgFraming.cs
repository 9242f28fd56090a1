namespace Mcptt.Control.Ng.Protocol;

/// <summary>
/// An ng datagram is <c>&lt;cookie&gt; &lt;document&gt;</c>: the cookie runs up to the first space and is
/// echoed verbatim in the reply, so the client can match replies and we can spot retransmissions.
/// </summary>
public static class NgFraming
{
    /// <summary>Cookies are short tokens ("5323_1", kamailio's "pid_counter"); anything longer is not a cookie.</summary>
    public const int MaxCookieBytes = 128;

    public static bool TrySplit(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> cookie, out ReadOnlySpan<byte> document)
    {
        cookie = default;
        document = default;
        int limit = Math.Min(datagram.Length, MaxCookieBytes + 1);
        int space = datagram[..limit].IndexOf((byte)' ');
        if (space <= 0) return false;
        foreach (byte b in datagram[..space])
            if (b is < 0x21 or > 0x7e) return false; // printable, no whitespace or control bytes
        cookie = datagram[..space];
        document = datagram[(space + 1)..];
        return true;
    }

    public static byte[] Frame(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> document)
    {
        var datagram = new byte[cookie.Length + 1 + document.Length];
        cookie.CopyTo(datagram);
        datagram[cookie.Length] = (byte)' ';
        document.CopyTo(datagram.AsSpan(cookie.Length + 1));
        return datagram;
    }
}
