using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Control.Ng.Protocol;

/// <summary>Builders for the reply dictionaries every command shares (ng docs: result ok|error|pong, error-reason, warning).</summary>
public static class NgReply
{
    public const string ResultKey = "result";
    public const string ErrorReasonKey = "error-reason";
    public const string WarningKey = "warning";

    public static BDictionary Ok() => new BDictionary().Set(ResultKey, "ok");

    public static BDictionary Pong() => new BDictionary().Set(ResultKey, "pong");

    /// <summary>An error reply carries only result and error-reason (the protocol says no other keys).</summary>
    public static BDictionary Error(string reason) => new BDictionary().Set(ResultKey, "error").Set(ErrorReasonKey, reason);

    public static bool IsError(BDictionary reply) => reply.GetString(ResultKey) == "error";

    /// <summary>Adds (or appends to) the warning; warnings never turn a success into an error.</summary>
    public static void AddWarning(BDictionary reply, string warning)
    {
        string? existing = reply.GetString(WarningKey);
        reply.Set(WarningKey, existing is null ? warning : existing + "; " + warning);
    }
}
