using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

public enum NonceStatus : byte
{
    Valid,
    /// <summary>Ours, but older than the lifetime (or from the future): the client retries with a new one.</summary>
    Stale,
    /// <summary>Not issued by us, or not for this realm.</summary>
    Invalid,
    /// <summary>Ours and fresh, but issued to another source address: a replay from elsewhere, or a client whose address changed.</summary>
    OtherSource,
}

/// <summary>What a valid (or stale) nonce says about itself: its identity for nonce-count tracking and when it was issued.</summary>
public readonly record struct NonceInfo(UInt128 Id, long IssuedAtMs);

/// <summary>
/// Stateless nonces: base64url(issued-at ms ‖ 8 random bytes ‖ HMAC(key, first 16 bytes ‖ realm)[0..16] ‖
/// HMAC(key, first 16 bytes ‖ source address)[0..8]). The server stores nothing per challenge, so a flood of
/// unauthenticated requests costs no memory. The nonce is bound to the realm (another realm's nonce is invalid) and to
/// the address it was issued to (an answer from elsewhere is refused as stale: the legitimate client whose address
/// changed retries silently, a replayer on another host gets nowhere); an expired but authentic nonce is "stale"
/// (RFC 7616 §3.3: the client retries without asking the user).
/// </summary>
public sealed class NonceIssuer
{
    private const int StampBytes = 8, RandomBytes = 8, BodyBytes = StampBytes + RandomBytes, MacBytes = 16, SourceTagBytes = 8;
    private const int TotalBytes = BodyBytes + MacBytes + SourceTagBytes;
    private const byte RealmDomain = 1, SourceDomain = 2;
    private static readonly int EncodedLength = (TotalBytes * 8 + 5) / 6;
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

    /// <param name="source">The address the challenge goes to (null: not bound to an address).</param>
    public string Create(IPAddress? source = null)
    {
        Span<byte> nonce = stackalloc byte[TotalBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(StampBytes, RandomBytes));
        Sign(nonce[..BodyBytes], RealmDomain, _realm, nonce.Slice(BodyBytes, MacBytes));
        Sign(nonce[..BodyBytes], SourceDomain, SourceBytes(source, stackalloc byte[16]), nonce.Slice(BodyBytes + MacBytes, SourceTagBytes));
        return Base64UrlEncode(nonce);
    }

    public NonceStatus Check(string nonce) => Check(nonce, null, out _);

    /// <param name="source">The address the answer came from (null: the nonce's binding is not checked).</param>
    public NonceStatus Check(string nonce, IPAddress? source, out NonceInfo info)
    {
        info = default;
        Span<byte> raw = stackalloc byte[TotalBytes];
        if (!TryBase64UrlDecode(nonce, raw)) return NonceStatus.Invalid;
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(raw[..BodyBytes], RealmDomain, _realm, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw.Slice(BodyBytes, MacBytes))) return NonceStatus.Invalid;
        long issuedAtMs = BinaryPrimitives.ReadInt64BigEndian(raw);
        info = new NonceInfo(BinaryPrimitives.ReadUInt128BigEndian(raw[..BodyBytes]), issuedAtMs);
        long age = _time.GetUtcNow().ToUnixTimeMilliseconds() - issuedAtMs;
        // A nonce from the future (clock stepped back) is treated as stale rather than trusted forever.
        if (age < -5000 || age > (long)_lifetime.TotalMilliseconds) return NonceStatus.Stale;
        if (source is null) return NonceStatus.Valid;
        Sign(raw[..BodyBytes], SourceDomain, SourceBytes(source, stackalloc byte[16]), expected[..SourceTagBytes]);
        return CryptographicOperations.FixedTimeEquals(expected[..SourceTagBytes], raw.Slice(BodyBytes + MacBytes, SourceTagBytes))
            ? NonceStatus.Valid
            : NonceStatus.OtherSource;
    }

    /// <summary>16 bytes (IPv4 in its mapped form) or none for "unbound".</summary>
    private static ReadOnlySpan<byte> SourceBytes(IPAddress? source, Span<byte> buffer)
    {
        if (source is null) return [];
        BinaryPrimitives.WriteUInt128BigEndian(buffer, Mcptt.Signaling.Sip.SourceKey.From(source).Value);
        return buffer;
    }

    /// <summary>HMAC(key, body ‖ domain ‖ context): the domain byte keeps the realm MAC and the source tag apart.</summary>
    private void Sign(ReadOnlySpan<byte> body, byte domain, ReadOnlySpan<byte> context, Span<byte> mac)
    {
        Span<byte> input = stackalloc byte[BodyBytes + 1 + 256];
        int contextLength = Math.Min(context.Length, 256);
        body.CopyTo(input);
        input[body.Length] = domain;
        context[..contextLength].CopyTo(input[(body.Length + 1)..]);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..(body.Length + 1 + contextLength)], full);
        full[..mac.Length].CopyTo(mac);
    }

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64UrlDecode(string text, Span<byte> destination)
    {
        if (text.Length != EncodedLength) return false;
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        return Convert.TryFromBase64String(padded, destination, out int written) && written == TotalBytes;
    }
}
