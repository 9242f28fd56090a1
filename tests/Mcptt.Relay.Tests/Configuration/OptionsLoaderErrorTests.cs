namespace Mcptt.Relay.Tests.Configuration;

/// <summary>Each invalid setting yields exactly one message that names the setting and the value.</summary>
public sealed class OptionsLoaderErrorTests
{
    [Theory]
    [InlineData("Sip:UdpPort", "70000", "Sip:UdpPort (70000) must be between 1 and 65535")]
    [InlineData("Sip:UdpPort", "0", "Sip:UdpPort (0) must be between 1 and 65535")]
    [InlineData("Sip:TcpPort", "abc", "Sip:TcpPort (\"abc\") is not an integer")]
    [InlineData("Sip:Address", "localhost", "Sip:Address (\"localhost\") is not an IPv4 or IPv6 address")]
    [InlineData("Sip:Address", "1", "Sip:Address (\"1\") is not an IPv4 or IPv6 address")]
    [InlineData("Sip:Domain", "bad domain", "Sip:Domain (\"bad domain\") is not a host name or IP address")]
    [InlineData("Sip:MaxMessageSize", "100", "Sip:MaxMessageSize (100) must be between 1024 and 1048576")]
    [InlineData("Sip:TcpIdleTimeoutSeconds", "0", "Sip:TcpIdleTimeoutSeconds (0) must be between 1 and 86400")]
    [InlineData("Media:Address", "300.1.1.1", "Media:Address (\"300.1.1.1\") is not an IPv4 or IPv6 address")]
    [InlineData("Media:PortMin", "80", "Media:PortMin (80) must be between 1024 and 65535")]
    [InlineData("Media:PortMax", "65536", "Media:PortMax (65536) must be between 1024 and 65535")]
    [InlineData("Media:PortMin", "40000", "Media:PortMin (40000) must be <= Media:PortMax (39999)")]
    [InlineData("Media:PortMax", "30000", "Media:PortMin (30000) to Media:PortMax (30000) holds no even/odd RTP/RTCP port pair")]
    [InlineData("Media:Workers", "-1", "Media:Workers (-1) must be between 0 and 256")]
    [InlineData("Media:BatchSize", "0", "Media:BatchSize (0) must be between 1 and 1024")]
    [InlineData("Media:Engine", "Turbo", "Media:Engine (\"Turbo\") must be one of Auto, Batched, Portable, Raw, PacketRing, Uring")]
    [InlineData("Media:Engine", "7", "Media:Engine (\"7\") must be one of Auto, Batched, Portable, Raw, PacketRing, Uring")]
    [InlineData("Media:Cores", "a-b", "Media:Cores (\"a-b\") is not a CPU list such as \"0-3\" or \"1,3\"")]
    [InlineData("Media:Cores", "3-1", "Media:Cores (\"3-1\") is not a CPU list such as \"0-3\" or \"1,3\"")]
    [InlineData("Media:SocketBufferBytes", "-1", "Media:SocketBufferBytes (-1) must be between 0 and 268435456")]
    [InlineData("Media:RealtimePriority", "100", "Media:RealtimePriority (100) must be between 0 and 99")]
    [InlineData("Media:BusyPoll", "sometimes", "Media:BusyPoll (\"sometimes\") must be true or false")]
    [InlineData("Media:MediaTimeoutSeconds", "-5", "Media:MediaTimeoutSeconds (-5) must be between 0 and 86400")]
    [InlineData("Http:Port", "99999", "Http:Port (99999) must be between 1 and 65535")]
    [InlineData("Http:Address", "", "Http:Address (\"\") is not an IPv4 or IPv6 address")]
    [InlineData("Ng:Enabled", "yes", "Ng:Enabled (\"yes\") must be true or false")]
    [InlineData("Ng:Port", "-1", "Ng:Port (-1) must be between 1 and 65535")]
    [InlineData("Auth:Enabled", "1", "Auth:Enabled (\"1\") must be true or false")]
    [InlineData("Auth:Realm", "a\"b", "Auth:Realm (\"a\"b\") must not contain quotes or backslashes")]
    [InlineData("Auth:Users:alice", "", "Auth:Users:alice has an empty password")]
    [InlineData("Auth:Users:al ice", "pw", "Auth:Users:al ice is not a valid SIP user name (letters, digits and -_.!~*'()&=+$,;?/ only)")]
    [InlineData("Floor:T1EndOfRtpMediaMs", "0", "Floor:T1EndOfRtpMediaMs (0) must be between 100 and 3600000")]
    [InlineData("Floor:C7FloorIdle", "0", "Floor:C7FloorIdle (0) must be between 1 and 100")]
    [InlineData("GroupCalls:MaxSessions", "0", "GroupCalls:MaxSessions (0) must be between 1 and 100000")]
    [InlineData("GroupCalls:MemberRingTimeoutSeconds", "601", "GroupCalls:MemberRingTimeoutSeconds (601) must be between 1 and 600")]
    [InlineData("GroupCalls:MaxSesions", "5", "GroupCalls:MaxSesions is not a known setting (did you mean GroupCalls:MaxSessions?)")]
    [InlineData("Media:Address", "0.0.0.0", "Media:Address (0.0.0.0) must be a concrete address: it is written into SDP for peers to send media to")]
    [InlineData("Sip:Address", "0.0.0.0", "Sip:Domain must be set when Sip:Address is 0.0.0.0 (the domain defaults to the address)")]
    [InlineData("Sip", "5060", "Sip (\"5060\") is a section, not a value; set its keys, e.g. Sip:Address")]
    public void Invalid_value_is_reported_once_naming_the_setting(string key, string value, string expected)
    {
        Assert.Equal(expected, ConfigFactory.SingleError((key, value)));
    }

    [Fact]
    public void Cpu_that_does_not_exist_is_named()
    {
        var cpu = Environment.ProcessorCount;
        var error = ConfigFactory.SingleError(("Media:Cores", $"0,{cpu}"));

        Assert.Equal($"Media:Cores (\"0,{cpu}\") names CPU {cpu} but this machine has CPUs 0-{cpu - 1}", error);
    }

    [Fact]
    public void Wildcard_sip_address_with_a_domain_is_accepted()
    {
        var (options, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Sip:Address", "0.0.0.0"), ("Sip:Domain", "ptt.example")));

        Assert.Empty(errors);
        Assert.Equal("ptt.example", options!.Sip.EffectiveDomain);
    }

    [Fact]
    public void Busy_poll_under_realtime_scheduling_is_refused()
    {
        var (_, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Media:BusyPoll", "true"), ("Media:RealtimePriority", "10")));

        Assert.Equal(["Media:BusyPoll and Media:RealtimePriority exclude each other: a busy-polling SCHED_FIFO worker starves its CPU"], errors);
    }

    [Fact]
    public void Misspelt_key_is_reported_with_a_suggestion()
    {
        Assert.Equal("Sip:UdpProt is not a known setting (did you mean Sip:UdpPort?)", ConfigFactory.SingleError(("Sip:UdpProt", "5070")));
    }

    [Fact]
    public void Unknown_key_far_from_any_setting_is_reported_without_a_suggestion()
    {
        Assert.Equal("Media:Turbo is not a known setting", ConfigFactory.SingleError(("Media:Turbo", "1")));
    }

    [Fact]
    public void Misspelt_section_is_reported()
    {
        Assert.Equal("Sipp is not a known configuration section (did you mean Sip?)", ConfigFactory.SingleError(("Sipp:UdpPort", "5070")));
    }

    [Fact]
    public void Keys_are_case_insensitive()
    {
        var (options, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("sip:udpport", "5070")));

        Assert.Empty(errors);
        Assert.Equal(5070, options!.Sip.UdpPort);
    }

    [Fact]
    public void Auth_without_any_user_is_rejected()
    {
        Assert.Equal(
            "Auth:Users is empty while Auth:Enabled is true and Auth:DemoUsers is false; add a user (e.g. --Auth:Users:alice=PASSWORD)",
            ConfigFactory.SingleError(("Auth:DemoUsers", "false")));
    }

    [Fact]
    public void Auth_disabled_needs_no_user()
    {
        var (options, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Auth:DemoUsers", "false"), ("Auth:Enabled", "false")));

        Assert.Empty(errors);
        Assert.Empty(options!.Auth.Users);
    }

    [Theory]
    [InlineData("Sip:UdpPort", "2223", "Sip:UdpPort and Ng:Port both use UDP port 2223")]
    [InlineData("Http:Port", "5060", "Sip:TcpPort and Http:Port both use TCP port 5060")]
    [InlineData("Ng:Port", "30010", "Ng:Port (30010) lies inside the media range Media:PortMin..Media:PortMax (30000..39999)")]
    public void Own_listeners_that_collide_are_named(string key, string value, string expected)
    {
        Assert.Equal(expected, ConfigFactory.SingleError((key, value)));
    }

    [Fact]
    public void Same_port_on_different_addresses_is_allowed()
    {
        var (_, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Ng:Port", "5060"), ("Ng:Address", "127.0.0.2")));

        Assert.Empty(errors);
    }

    [Fact]
    public void Disabled_ng_port_does_not_collide()
    {
        var (_, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Ng:Port", "5060"), ("Ng:Enabled", "false")));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("Groups:0:Uri", "ops@x", "Groups:0:Uri (\"ops@x\") must be a sip: or sips: URI such as sip:ops@127.0.0.1")]
    [InlineData("Groups:0:Members:0", "not a user", "Groups:0:Members:0 (\"not a user\") must be a user name or a sip: URI")]
    public void Bad_group_is_named(string key, string value, string expected)
    {
        var settings = new List<(string, string?)> { ("Groups:0:Uri", "sip:ops@127.0.0.1"), ("Groups:0:Members:0", "alice") };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));
        Assert.Equal(expected, ConfigFactory.SingleError(settings.ToArray()));
    }

    [Fact]
    public void Group_without_members_is_rejected()
    {
        Assert.Equal("Groups:0:Members is empty; a group needs at least one member", ConfigFactory.SingleError(("Groups:0:Uri", "sip:ops@127.0.0.1")));
    }

    [Fact]
    public void Duplicate_group_is_rejected()
    {
        Assert.Equal("Groups:1:Uri (\"sip:ops@127.0.0.1\") is configured twice", ConfigFactory.SingleError(
            ("Groups:0:Uri", "sip:ops@127.0.0.1"), ("Groups:0:Members:0", "alice"),
            ("Groups:1:Uri", "sip:ops@127.0.0.1"), ("Groups:1:Members:0", "bob")));
    }

    [Fact]
    public void Several_invalid_settings_give_one_message_each()
    {
        var (options, errors) = Mcptt.Relay.Configuration.OptionsLoader.Load(ConfigFactory.From(("Sip:UdpPort", "x"), ("Http:Port", "0")));

        Assert.Null(options);
        Assert.Equal(["Sip:UdpPort (\"x\") is not an integer", "Http:Port (0) must be between 1 and 65535"], errors);
    }
}
