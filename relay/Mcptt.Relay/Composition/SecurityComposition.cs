using Mcptt.Relay.Configuration;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;

namespace Mcptt.Relay.Composition;

/// <summary>Maps the validated "Auth" and "SipFlood" sections onto the signaling library's options.</summary>
internal static class SecurityComposition
{
    public static Mcptt.Signaling.Auth.AuthOptions Digest(ApplianceOptions options, string domain)
    {
        var a = options.Auth;
        var auth = new Mcptt.Signaling.Auth.AuthOptions
        {
            Enabled = a.Enabled,
            Realm = a.Realm.Length > 0 ? a.Realm : domain,
            AuthInvites = a.AuthInvites,
            TrustedNetworks = [.. a.TrustedNetworks],
            RequireQop = a.RequireQop,
            NonceLifetime = TimeSpan.FromSeconds(a.NonceLifetimeSeconds),
            Throttle = new AuthThrottleOptions
            {
                MaxFailuresPerSource = a.MaxFailuresPerSource,
                MaxFailuresPerUser = a.MaxFailuresPerUser,
                FailureWindow = TimeSpan.FromSeconds(a.FailureWindowSeconds),
                BanTime = TimeSpan.FromSeconds(a.BanSeconds),
                MaxBanTime = TimeSpan.FromSeconds(a.MaxBanSeconds),
            },
        };
        foreach (var (user, password) in a.Users) auth.Users[user] = password;
        return auth;
    }

    /// <summary>The flood guard's limits; hosts in Auth:TrustedNetworks count as verified (a proxy in front carries many users).</summary>
    public static Mcptt.Signaling.Sip.SipFloodOptions Flood(ApplianceOptions options)
    {
        var f = options.SipFlood;
        return new Mcptt.Signaling.Sip.SipFloodOptions
        {
            Enabled = f.Enabled,
            RequestsPerSecond = f.RequestsPerSecond,
            VerifiedRequestsPerSecond = f.VerifiedRequestsPerSecond,
            ResponseAllowanceBytes = f.ResponseAllowanceBytes,
            MaxTcpConnectionsPerSource = f.MaxTcpConnectionsPerSource,
            MaxTcpConnectionsPerVerifiedSource = f.MaxTcpConnectionsPerVerifiedSource,
            TcpFirstMessageTimeout = TimeSpan.FromMilliseconds(f.TcpFirstMessageTimeoutMs),
            ExemptNetworks = f.ExemptNetworks,
            VerifiedNetworks = options.Auth.TrustedNetworks,
        };
    }
}
