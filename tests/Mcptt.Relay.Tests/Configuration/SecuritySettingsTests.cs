using System.Net;
using Mcptt.Relay.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Tests.Configuration;

/// <summary>The "Auth" throttling and INVITE settings and the "SipFlood" section (issue 10): defaults, values, one error per bad value.</summary>
public sealed class SecuritySettingsTests
{
    [Fact]
    public void Defaults_challenge_invites_require_qop_and_guard_every_source()
    {
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From());
        Assert.Empty(errors);
        Assert.True(options!.Auth.AuthInvites);
        Assert.True(options.Auth.RequireQop);
        Assert.Empty(options.Auth.TrustedNetworks);
        Assert.Equal(10, options.Auth.MaxFailuresPerSource);
        Assert.True(options.SipFlood.Enabled);
        Assert.Equal(50, options.SipFlood.RequestsPerSecond);
    }

    [Fact]
    public void Shipped_appsettings_json_matches_the_code_defaults_of_the_security_sections()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var fromFile = OptionsLoader.Load(new ConfigurationBuilder().AddJsonFile(path).Build());
        var fromCode = OptionsLoader.Load(ConfigFactory.From());
        Assert.Empty(fromFile.Errors);
        Assert.Equal(fromCode.Options!.SipFlood with { ExemptNetworks = [] }, fromFile.Options!.SipFlood with { ExemptNetworks = [] });
        Assert.Equal(fromCode.Options.Auth with { Users = fromFile.Options.Auth.Users, TrustedNetworks = [] },
            fromFile.Options.Auth with { TrustedNetworks = [] });
    }

    [Fact]
    public void Networks_are_read_as_cidr_lists_and_a_bare_address_is_one_host()
    {
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From(
            ("Auth:TrustedNetworks:0", "10.0.0.0/8"), ("Auth:TrustedNetworks:1", "192.0.2.7"), ("Auth:AuthInvites", "false"),
            ("SipFlood:ExemptNetworks:0", "2001:db8::/32"), ("SipFlood:RequestsPerSecond", "20")));
        Assert.Empty(errors);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.0.2.7/32")], options!.Auth.TrustedNetworks);
        Assert.False(options.Auth.AuthInvites);
        Assert.Equal([IPNetwork.Parse("2001:db8::/32")], options.SipFlood.ExemptNetworks);
        Assert.Equal(20, options.SipFlood.RequestsPerSecond);
    }

    [Theory]
    [InlineData("Auth:TrustedNetworks:0", "10.0.0.1/8", "Auth:TrustedNetworks:0 (\"10.0.0.1/8\") is not a network in CIDR form such as 10.0.0.0/8 (host bits must be zero) or a single address")]
    [InlineData("Auth:TrustedNetworks:0", "10.0/8", "Auth:TrustedNetworks:0 (\"10.0/8\") is not a network in CIDR form such as 10.0.0.0/8 (host bits must be zero) or a single address")]
    [InlineData("Auth:TrustedNetworks:0", "lan", "Auth:TrustedNetworks:0 (\"lan\") is not a network in CIDR form such as 10.0.0.0/8 (host bits must be zero) or a single address")]
    [InlineData("Auth:TrustedNetworks", "10.0.0.0/8", "Auth:TrustedNetworks (\"10.0.0.0/8\") is a list; give each network its own index, e.g. Auth:TrustedNetworks:0=10.0.0.0/8")]
    [InlineData("Auth:AuthInvites", "maybe", "Auth:AuthInvites (\"maybe\") must be true or false")]
    [InlineData("Auth:RequireQop", "no", "Auth:RequireQop (\"no\") must be true or false")]
    [InlineData("Auth:NonceLifetimeSeconds", "5", "Auth:NonceLifetimeSeconds (5) must be between 10 and 86400")]
    [InlineData("Auth:MaxFailuresPerSource", "-1", "Auth:MaxFailuresPerSource (-1) must be between 0 and 100000")]
    [InlineData("Auth:BanSeconds", "0", "Auth:BanSeconds (0) must be between 1 and 86400")]
    [InlineData("Auth:MaxBanSeconds", "30", "Auth:MaxBanSeconds (30) must be >= Auth:BanSeconds (60)")]
    [InlineData("Auth:AuthInvite", "true", "Auth:AuthInvite is not a known setting (did you mean Auth:AuthInvites?)")]
    [InlineData("SipFlood:RequestsPerSecond", "0", "SipFlood:RequestsPerSecond (0) must be between 1 and 1000000")]
    [InlineData("SipFlood:VerifiedRequestsPerSecond", "10", "SipFlood:VerifiedRequestsPerSecond (10) must be >= SipFlood:RequestsPerSecond (50)")]
    [InlineData("SipFlood:MaxTcpConnectionsPerVerifiedSource", "8", "SipFlood:MaxTcpConnectionsPerVerifiedSource (8) must be >= SipFlood:MaxTcpConnectionsPerSource (32)")]
    [InlineData("SipFlood:TcpFirstMessageTimeoutMs", "50", "SipFlood:TcpFirstMessageTimeoutMs (50) must be between 100 and 300000")]
    [InlineData("SipFlood:ResponseAllowanceBytes", "70000", "SipFlood:ResponseAllowanceBytes (70000) must be between 0 and 65535")]
    [InlineData("SipFlood:Enabled", "off", "SipFlood:Enabled (\"off\") must be true or false")]
    [InlineData("SipFlood:ExemptNetworks:0", "::1/200", "SipFlood:ExemptNetworks:0 (\"::1/200\") is not a network in CIDR form such as 10.0.0.0/8 (host bits must be zero) or a single address")]
    public void Invalid_value_is_reported_once_naming_the_setting(string key, string value, string expected)
    {
        Assert.Equal(expected, ConfigFactory.SingleError((key, value)));
    }
}
