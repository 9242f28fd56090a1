using System.Security.Cryptography;

namespace Mcptt.Signaling.Sip;

/// <summary>Unguessable identifiers: tags, branches (with the RFC 3261 magic cookie), Call-IDs.</summary>
public static class SipIds
{
    public static string NewTag() => RandomToken(8);

    public static string NewBranch() => Via.MagicCookie + RandomToken(12);

    public static string NewCallId(string? host = null) => host is null ? RandomToken(16) : RandomToken(16) + "@" + host;

    private static string RandomToken(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
