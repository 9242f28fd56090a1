namespace Mcptt.Signaling.Auth;

public enum AuthStatus : byte
{
    /// <summary>Credentials verified (or auth disabled); <see cref="AuthOutcome.User"/> is set.</summary>
    Authenticated,
    /// <summary>No credentials for our realm: answer with a challenge.</summary>
    Missing,
    /// <summary>Correct credentials on an expired, replayed or elsewhere-issued nonce: challenge with stale=true.</summary>
    Stale,
    /// <summary>Malformed, unknown user or wrong response: challenge again (the reason is for logs only).</summary>
    Failed,
}

/// <summary>Why an answer was refused: the label of <c>mcptt_sip_auth_failures_total{reason}</c>.</summary>
public enum AuthFailure : byte
{
    None,
    /// <summary>Unparseable header, missing parameters, unsupported algorithm or qop, wrong opaque or digest uri.</summary>
    Malformed,
    /// <summary>A nonce we never issued (or for another realm).</summary>
    ForgedNonce,
    /// <summary>An answer without qop to a challenge that offered qop=auth (refused unless old clients are allowed).</summary>
    QopRequired,
    UnknownUser,
    WrongPassword,
    /// <summary>Right password, nonce older than its lifetime (or forgotten under a flood of nonces).</summary>
    StaleNonce,
    /// <summary>Right password, nonce-count used before with this nonce: a replayed answer.</summary>
    ReplayedNonce,
    /// <summary>Right password, nonce issued to another source address.</summary>
    OtherSource,
    /// <summary>Valid credentials of one user on a request for another (To of a REGISTER, From of an INVITE).</summary>
    UserMismatch,
    /// <summary>The source or the user is banned after too many wrong answers; the request was not even verified.</summary>
    Banned,
}

public readonly record struct AuthOutcome(AuthStatus Status, string? User, string? Reason, AuthFailure Failure = AuthFailure.None)
{
    public bool Ok => Status == AuthStatus.Authenticated;

    /// <summary>A wrong guess (password or user name): what failure throttling counts.</summary>
    public bool IsGuess => Failure is AuthFailure.WrongPassword or AuthFailure.UnknownUser;

    public static AuthOutcome Success(string user) => new(AuthStatus.Authenticated, user, null);
    public static AuthOutcome Missing() => new(AuthStatus.Missing, null, "no credentials");
    public static AuthOutcome Stale(string reason, AuthFailure failure = AuthFailure.StaleNonce) => new(AuthStatus.Stale, null, reason, failure);
    public static AuthOutcome Fail(string reason, AuthFailure failure = AuthFailure.Malformed) => new(AuthStatus.Failed, null, reason, failure);
}

internal static class AuthFailureLabels
{
    public static readonly AuthFailure[] All =
    [
        AuthFailure.Malformed, AuthFailure.ForgedNonce, AuthFailure.QopRequired, AuthFailure.UnknownUser, AuthFailure.WrongPassword,
        AuthFailure.StaleNonce, AuthFailure.ReplayedNonce, AuthFailure.OtherSource, AuthFailure.UserMismatch, AuthFailure.Banned,
    ];

    public static string Label(AuthFailure failure) => failure switch
    {
        AuthFailure.Malformed => "malformed",
        AuthFailure.ForgedNonce => "forged_nonce",
        AuthFailure.QopRequired => "qop_required",
        AuthFailure.UnknownUser => "unknown_user",
        AuthFailure.WrongPassword => "wrong_password",
        AuthFailure.StaleNonce => "stale_nonce",
        AuthFailure.ReplayedNonce => "replayed_nonce",
        AuthFailure.OtherSource => "other_source",
        AuthFailure.UserMismatch => "user_mismatch",
        AuthFailure.Banned => "banned",
        _ => "none",
    };
}
