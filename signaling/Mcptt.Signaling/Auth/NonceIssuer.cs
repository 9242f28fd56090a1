using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

public enum NonceStatus : byte { Valid, Stale, Invalid }

/// <summary>
/// Stateless nonces: base64url(issued-at ms ‖ 8 random bytes ‖ HMAC-SHA256(key, first 16 bytes ‖ realm)[0..16]).
/// The server stores nothing per challenge, so a flood of unauthenticated REGISTERs costs no memory;
/// an expired but authentic nonce is "stale" (RFC 2617: the client retries without asking the user).
/// </summary>
public sealed class NonceIssuer
{
    private const int StampBytes = 8, RandomBytes = 8, MacBytes = 16, TotalBytes = StampBytes + RandomBytes + MacBytes;
    private readonly byte[] _key;
    private readonly byte[] _realm;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public NonceIssuer(string realm, string? secret, TimeSpan lifetime, TimeProvider time)
    {
        _key = secret is null ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        _realm = Encoding.UTF8.GetBytes(realm);
        _lifetime = lifetime;
        _time = time;
    }

    public string Create()
    {
        Span<byte> nonce = stackalloc byte[TotalBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(StampBytes, RandomBytes));
        Sign(nonce[..(StampBytes + RandomBytes)], nonce[(StampBytes + RandomBytes)..]);
        return Base64UrlEncode(nonce);
    }

    public NonceStatus Check(string nonce) => Check(nonce, out _);

    /// <param name="issuedAtMs">Unix ms the nonce was created (valid or stale only).</param>
    public NonceStatus Check(string nonce, out long issuedAtMs)
    {
        issuedAtMs = 0;
        Span<byte> raw = stackalloc byte[TotalBytes];
        if (!TryBase64UrlDecode(nonce, raw)) return NonceStatus.Invalid;
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(raw[..(StampBytes + RandomBytes)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw[(StampBytes + RandomBytes)..])) return NonceStatus.Invalid;
        issuedAtMs = BinaryPrimitives.ReadInt64BigEndian(raw);
        long age = _time.GetUtcNow().ToUnixTimeMilliseconds() - issuedAtMs;
        // A nonce from the future (clock stepped back) is treated as stale rather than trusted forever.
        return age < -5000 || age > (long)_lifetime.TotalMilliseconds ? NonceStatus.Stale : NonceStatus.Valid;
    }

    private void Sign(ReadOnlySpan<byte> body, Span<byte> mac)
    {
        Span<byte> input = stackalloc byte[StampBytes + RandomBytes + 256];
        int realmLength = Math.Min(_realm.Length, 256);
        body.CopyTo(input);
        _realm.AsSpan(0, realmLength).CopyTo(input[body.Length..]);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..(body.Length + realmLength)], full);
        full[..MacBytes].CopyTo(mac);
    }

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64UrlDecode(string text, Span<byte> destination)
    {
        if (text.Length != 43) return false;
        var padded = text.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(padded, destination, out int written) && written == TotalBytes;
    }
}
