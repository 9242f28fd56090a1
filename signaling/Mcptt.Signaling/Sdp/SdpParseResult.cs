using System.Diagnostics.CodeAnalysis;

namespace Mcptt.Signaling.Sdp;

/// <summary>Either a parsed description or the reason it was rejected (never an exception).</summary>
public readonly record struct SdpParseResult(SessionDescription? Sdp, string? Error)
{
    [MemberNotNullWhen(true, nameof(Sdp))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Sdp is not null;

    public static SdpParseResult Success(SessionDescription sdp) => new(sdp, null);
    public static SdpParseResult Fail(string reason) => new(null, reason);
}
