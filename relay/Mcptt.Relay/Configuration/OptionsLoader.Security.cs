using System.Net;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Configuration;

/// <summary>The security sections: "Auth" (digest, failure throttling) and "SipFlood" (per-source limits).</summary>
public static partial class OptionsLoader
{
    private static AuthOptions ReadAuth(SettingsReader r, IConfiguration configuration, SipOptions sip)
    {
        const string s = AuthOptions.Section;
        r.RejectUnknownKeys(s, ["Enabled", "Realm", "DemoUsers", "Users", "AuthInvites", "TrustedNetworks", "RequireQop",
                                "NonceLifetimeSeconds", "MaxFailuresPerSource", "MaxFailuresPerUser", "FailureWindowSeconds",
                                "BanSeconds", "MaxBanSeconds"]);
        var d = new AuthOptions();
        var enabled = r.Bool($"{s}:Enabled", d.Enabled);
        var demo = r.Bool($"{s}:DemoUsers", d.DemoUsers);
        var realm = r.String($"{s}:Realm", d.Realm);
        if (realm.Contains('"') || realm.Contains('\\'))
            r.Error($"{s}:Realm (\"{realm}\") must not contain quotes or backslashes");

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (demo)
            foreach (var name in AuthOptions.DemoUserNames) users[name] = AuthOptions.DemoPassword;
        foreach (var user in configuration.GetSection($"{s}:Users").GetChildren())
        {
            if (!IsSipUser(user.Key))
                r.Error($"{s}:Users:{user.Key} is not a valid SIP user name (letters, digits and -_.!~*'()&=+$,;?/ only)");
            else if (string.IsNullOrEmpty(user.Value))
                r.Error($"{s}:Users:{user.Key} has an empty password");
            else
                users[user.Key] = user.Value;
        }
        if (enabled && users.Count == 0)
            r.Error($"{s}:Users is empty while {s}:Enabled is true and {s}:DemoUsers is false; add a user (e.g. --{s}:Users:alice=PASSWORD)");
        var banSeconds = r.Int($"{s}:BanSeconds", d.BanSeconds, 1, 86400);
        var maxBanSeconds = r.Int($"{s}:MaxBanSeconds", d.MaxBanSeconds, 1, 7 * 86400);
        if (maxBanSeconds < banSeconds)
            r.Error($"{s}:MaxBanSeconds ({maxBanSeconds}) must be >= {s}:BanSeconds ({banSeconds})");
        return new AuthOptions
        {
            Enabled = enabled,
            Realm = realm.Length > 0 ? realm : sip.EffectiveDomain,
            DemoUsers = demo,
            Users = users,
            AuthInvites = r.Bool($"{s}:AuthInvites", d.AuthInvites),
            TrustedNetworks = ReadNetworks(r, configuration, $"{s}:TrustedNetworks"),
            RequireQop = r.Bool($"{s}:RequireQop", d.RequireQop),
            NonceLifetimeSeconds = r.Int($"{s}:NonceLifetimeSeconds", d.NonceLifetimeSeconds, 10, 86400),
            MaxFailuresPerSource = r.Int($"{s}:MaxFailuresPerSource", d.MaxFailuresPerSource, 0, 100_000),
            MaxFailuresPerUser = r.Int($"{s}:MaxFailuresPerUser", d.MaxFailuresPerUser, 0, 100_000),
            FailureWindowSeconds = r.Int($"{s}:FailureWindowSeconds", d.FailureWindowSeconds, 1, 86400),
            BanSeconds = banSeconds,
            MaxBanSeconds = maxBanSeconds,
        };
    }

    private static SipFloodOptions ReadSipFlood(SettingsReader r, IConfiguration configuration)
    {
        const string s = SipFloodOptions.Section;
        r.RejectUnknownKeys(s, ["Enabled", "RequestsPerSecond", "VerifiedRequestsPerSecond", "ResponseAllowanceBytes",
                                "MaxTcpConnectionsPerSource", "MaxTcpConnectionsPerVerifiedSource", "TcpFirstMessageTimeoutMs", "ExemptNetworks"]);
        var d = new SipFloodOptions();
        var perSource = r.Int($"{s}:MaxTcpConnectionsPerSource", d.MaxTcpConnectionsPerSource, 1, 1_000_000);
        var perVerified = r.Int($"{s}:MaxTcpConnectionsPerVerifiedSource", d.MaxTcpConnectionsPerVerifiedSource, 1, 1_000_000);
        if (perVerified < perSource)
            r.Error($"{s}:MaxTcpConnectionsPerVerifiedSource ({perVerified}) must be >= {s}:MaxTcpConnectionsPerSource ({perSource})");
        var rate = r.Int($"{s}:RequestsPerSecond", d.RequestsPerSecond, 1, 1_000_000);
        var verifiedRate = r.Int($"{s}:VerifiedRequestsPerSecond", d.VerifiedRequestsPerSecond, 1, 1_000_000);
        if (verifiedRate < rate)
            r.Error($"{s}:VerifiedRequestsPerSecond ({verifiedRate}) must be >= {s}:RequestsPerSecond ({rate})");
        return new SipFloodOptions
        {
            Enabled = r.Bool($"{s}:Enabled", d.Enabled),
            RequestsPerSecond = rate,
            VerifiedRequestsPerSecond = verifiedRate,
            // 64 KiB: one maximal datagram; more would be an amplification allowance, not room for one answer.
            ResponseAllowanceBytes = r.Int($"{s}:ResponseAllowanceBytes", d.ResponseAllowanceBytes, 0, 65535),
            MaxTcpConnectionsPerSource = perSource,
            MaxTcpConnectionsPerVerifiedSource = perVerified,
            TcpFirstMessageTimeoutMs = r.Int($"{s}:TcpFirstMessageTimeoutMs", d.TcpFirstMessageTimeoutMs, 100, 300_000),
            ExemptNetworks = ReadNetworks(r, configuration, $"{s}:ExemptNetworks"),
        };
    }

    /// <summary>A list of networks, <c>key:0=10.0.0.0/8</c>, <c>key:1=192.0.2.7</c> (a bare address is one host).
    /// Host bits set beyond the prefix ("10.0.0.1/8") are refused: the operator probably meant another network.</summary>
    private static IReadOnlyList<IPNetwork> ReadNetworks(SettingsReader r, IConfiguration configuration, string key)
    {
        var networks = new List<IPNetwork>();
        var section = configuration.GetSection(key);
        if (section.Value is { Length: > 0 } scalar)
        {
            r.Error($"{key} (\"{scalar}\") is a list; give each network its own index, e.g. {key}:0={scalar}");
            return networks;
        }
        foreach (var entry in section.GetChildren())
        {
            var text = entry.Value?.Trim() ?? "";
            if (TryParseNetwork(text, out var network)) networks.Add(network);
            else r.Error($"{key}:{entry.Key} (\"{text}\") is not a network in CIDR form such as 10.0.0.0/8 (host bits must be zero) or a single address");
        }
        return networks;
    }

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        if (text.Length == 0) return false;
        if (!text.Contains('/'))
        {
            if (!IPAddress.TryParse(text, out var address) || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
                return false;
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        var baseText = text[..text.IndexOf('/')];
        return IPNetwork.TryParse(text, out network) && IPAddress.TryParse(baseText, out var written)
            && (written.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || baseText.Count(c => c == '.') == 3)
            && network.BaseAddress.Equals(written);
    }
}
