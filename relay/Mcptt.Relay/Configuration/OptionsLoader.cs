using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Configuration;

/// <summary>
/// Turns the layered configuration (appsettings.json, MCPTT_ environment variables, command line) into
/// <see cref="ApplianceOptions"/>, or into a list of messages, one per invalid setting, each naming the setting.
/// Nothing is bound or started before this succeeds.
/// </summary>
public static partial class OptionsLoader
{
    private const int MaxPort = 65535;

    /// <summary>Sections this appliance reads; anything else at the top level is a typo.</summary>
    public static readonly IReadOnlyList<string> KnownSections =
        [SipOptions.Section, MediaOptions.Section, HttpOptions.Section, NgOptions.Section, AuthOptions.Section,
         GroupOptions.Section, GroupCallLimits.Section, FloorOptions.Section, SipFloodOptions.Section, "Logging",
         ConfigurationSources.ConfigFileKey];

    public static (ApplianceOptions? Options, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        reader.RejectUnknownSections(KnownSections);
        var sip = ReadSip(reader);
        var options = new ApplianceOptions
        {
            Sip = sip,
            Media = ReadMedia(reader),
            Http = ReadHttp(reader),
            Ng = ReadNg(reader),
            Auth = ReadAuth(reader, configuration, sip),
            Groups = ReadGroups(reader, configuration),
            GroupCalls = ReadGroupCallLimits(reader),
            Floor = ReadFloor(reader),
            SipFlood = ReadSipFlood(reader, configuration),
        };
        if (reader.Errors.Count == 0) CheckListenersDoNotCollide(reader, options);
        return reader.Errors.Count == 0 ? (options, reader.Errors) : (null, reader.Errors);
    }

    private static SipOptions ReadSip(SettingsReader r)
    {
        const string s = SipOptions.Section;
        r.RejectUnknownKeys(s, ["Address", "UdpPort", "TcpPort", "Domain", "MaxMessageSize", "TcpIdleTimeoutSeconds", "MaxTcpConnections"]);
        var d = new SipOptions();
        var address = r.Address($"{s}:Address", d.Address);
        var domain = r.String($"{s}:Domain", d.Domain);
        if (domain.Length > 0 && !IsHostName(domain))
            r.Error($"{s}:Domain (\"{domain}\") is not a host name or IP address");
        else if (domain.Length == 0 && IsUnspecified(address))
            r.Error($"{s}:Domain must be set when {s}:Address is {address} (the domain defaults to the address)");
        return new SipOptions
        {
            Address = address,
            UdpPort = r.Int($"{s}:UdpPort", d.UdpPort, 1, MaxPort),
            TcpPort = r.Int($"{s}:TcpPort", d.TcpPort, 1, MaxPort),
            Domain = domain,
            // 1024: below that not even a minimal INVITE with SDP fits; 1 MiB bounds memory per TCP message.
            MaxMessageSize = r.Int($"{s}:MaxMessageSize", d.MaxMessageSize, 1024, 1 << 20),
            TcpIdleTimeoutSeconds = r.Int($"{s}:TcpIdleTimeoutSeconds", d.TcpIdleTimeoutSeconds, 1, 86400),
            MaxTcpConnections = r.Int($"{s}:MaxTcpConnections", d.MaxTcpConnections, 1, 1_000_000),
        };
    }

    private static MediaOptions ReadMedia(SettingsReader r)
    {
        const string s = MediaOptions.Section;
        r.RejectUnknownKeys(s, ["Address", "PortMin", "PortMax", "Workers", "Cores", "BatchSize", "Engine", "BusyPoll", "RealtimePriority", "SocketBufferBytes", "MediaTimeoutSeconds"]);
        var d = new MediaOptions();
        var min = r.Int($"{s}:PortMin", d.PortMin, 1024, MaxPort);
        var max = r.Int($"{s}:PortMax", d.PortMax, 1024, MaxPort);
        if (min > max)
            r.Error($"{s}:PortMin ({min}) must be <= {s}:PortMax ({max})");
        else if (FirstEven(min) + 1 > max)
            r.Error($"{s}:PortMin ({min}) to {s}:PortMax ({max}) holds no even/odd RTP/RTCP port pair");
        var cores = r.String($"{s}:Cores", d.Cores);
        var coreIds = ParseCpuList(r, $"{s}:Cores", cores);
        var engine = r.Enum($"{s}:Engine", d.Engine);
        if (engine is MediaEngineKind.Batched or MediaEngineKind.Raw or MediaEngineKind.PacketRing or MediaEngineKind.Uring && !OperatingSystem.IsLinux())
            r.Error($"{s}:Engine ({engine}) needs Linux; use Auto or Portable");
        var busyPoll = r.Bool($"{s}:BusyPoll", d.BusyPoll);
        var realtime = r.Int($"{s}:RealtimePriority", d.RealtimePriority, 0, 99);
        if (busyPoll && realtime > 0)
            r.Error($"{s}:BusyPoll and {s}:RealtimePriority exclude each other: a busy-polling SCHED_FIFO worker starves its CPU");
        var address = r.Address($"{s}:Address", d.Address);
        if (IsUnspecified(address))
            r.Error($"{s}:Address ({address}) must be a concrete address: it is written into SDP for peers to send media to");
        return new MediaOptions
        {
            Address = address,
            PortMin = min,
            PortMax = max,
            Workers = r.Int($"{s}:Workers", d.Workers, 0, 256),
            Cores = cores,
            CoreIds = coreIds,
            BatchSize = r.Int($"{s}:BatchSize", d.BatchSize, 1, 1024),
            Engine = engine,
            BusyPoll = busyPoll,
            RealtimePriority = realtime,
            // 256 MiB: far above any sane per-socket queue, low enough that a typo cannot pin gigabytes.
            SocketBufferBytes = r.Int($"{s}:SocketBufferBytes", d.SocketBufferBytes, 0, 256 << 20),
            MediaTimeoutSeconds = r.Int($"{s}:MediaTimeoutSeconds", d.MediaTimeoutSeconds, 0, 86400),
        };
    }

    private static HttpOptions ReadHttp(SettingsReader r)
    {
        const string s = HttpOptions.Section;
        r.RejectUnknownKeys(s, ["Address", "Port"]);
        var d = new HttpOptions();
        return new HttpOptions
        {
            Address = r.Address($"{s}:Address", d.Address),
            Port = r.Int($"{s}:Port", d.Port, 1, MaxPort),
        };
    }

    private static NgOptions ReadNg(SettingsReader r)
    {
        const string s = NgOptions.Section;
        r.RejectUnknownKeys(s, ["Enabled", "Address", "Port"]);
        var d = new NgOptions();
        return new NgOptions
        {
            Enabled = r.Bool($"{s}:Enabled", d.Enabled),
            Address = r.Address($"{s}:Address", d.Address),
            Port = r.Int($"{s}:Port", d.Port, 1, MaxPort),
        };
    }

    private static IReadOnlyList<GroupOptions> ReadGroups(SettingsReader r, IConfiguration configuration)
    {
        const string s = GroupOptions.Section;
        var groups = new List<GroupOptions>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in configuration.GetSection(s).GetChildren())
        {
            var key = $"{s}:{group.Key}";
            r.RejectUnknownKeys(key, ["Uri", "Members", "MaxPriority", "Priorities", "Queueing"]);
            var uri = r.String($"{key}:Uri", "");
            if (!IsSipUri(uri))
                r.Error($"{key}:Uri (\"{uri}\") must be a sip: or sips: URI such as sip:ops@127.0.0.1");
            else if (!seen.Add(uri))
                r.Error($"{key}:Uri (\"{uri}\") is configured twice");
            var members = new List<string>();
            foreach (var member in group.GetSection("Members").GetChildren())
            {
                var value = member.Value?.Trim() ?? "";
                if (IsSipUser(value) || IsSipUri(value)) members.Add(value);
                else r.Error($"{key}:Members:{member.Key} (\"{value}\") must be a user name or a sip: URI");
            }
            if (!group.GetSection("Members").GetChildren().Any())
                r.Error($"{key}:Members is empty; a group needs at least one member");
            var priorities = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in group.GetSection("Priorities").GetChildren())
            {
                int priority = r.Int($"{key}:Priorities:{entry.Key}", 1, 1, 255);
                if (!members.Exists(m => MemberUser(m) == entry.Key))
                    r.Error($"{key}:Priorities:{entry.Key} names a user who is not in {key}:Members");
                else priorities[entry.Key] = priority;
            }
            groups.Add(new GroupOptions
            {
                Uri = uri,
                Members = members,
                MaxPriority = r.Int($"{key}:MaxPriority", 1, 1, 255),
                Priorities = priorities,
                Queueing = r.Bool($"{key}:Queueing", true),
            });
        }
        return groups;
    }

    private static GroupCallLimits ReadGroupCallLimits(SettingsReader r)
    {
        const string s = GroupCallLimits.Section;
        r.RejectUnknownKeys(s, ["MaxSessions", "MemberRingTimeoutSeconds"]);
        var d = new GroupCallLimits();
        return new GroupCallLimits
        {
            MaxSessions = r.Int($"{s}:MaxSessions", d.MaxSessions, 1, 100_000),
            MemberRingTimeoutSeconds = r.Int($"{s}:MemberRingTimeoutSeconds", d.MemberRingTimeoutSeconds, 1, 600),
        };
    }

    /// <summary>The user name a member entry stands for: "alice" or the user part of "sip:alice@host".</summary>
    public static string MemberUser(string member)
    {
        if (!member.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !member.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
            return member;
        var rest = member[(member.IndexOf(':') + 1)..];
        int at = rest.IndexOf('@');
        return at >= 0 ? rest[..at] : rest;
    }

    private static FloorOptions ReadFloor(SettingsReader r)
    {
        const string s = FloorOptions.Section;
        r.RejectUnknownKeys(s, ["T1EndOfRtpMediaMs", "T2StopTalkingMs", "T3StopTalkingGraceMs", "T4InactivityMs",
                                "T7FloorIdleMs", "T8FloorRevokeMs", "T20FloorGrantedMs", "C7FloorIdle", "C20FloorGranted",
                                "PrivateCallQueueing", "PrivateCallMaxPriority"]);
        var d = new FloorOptions();
        const int hour = 3_600_000;
        var floor = new FloorOptions
        {
            T1EndOfRtpMediaMs = r.Int($"{s}:T1EndOfRtpMediaMs", d.T1EndOfRtpMediaMs, 100, hour),
            T2StopTalkingMs = r.Int($"{s}:T2StopTalkingMs", d.T2StopTalkingMs, 100, hour),
            T3StopTalkingGraceMs = r.Int($"{s}:T3StopTalkingGraceMs", d.T3StopTalkingGraceMs, 0, hour),
            T4InactivityMs = r.Int($"{s}:T4InactivityMs", d.T4InactivityMs, 100, 24 * hour),
            T7FloorIdleMs = r.Int($"{s}:T7FloorIdleMs", d.T7FloorIdleMs, 10, hour),
            T8FloorRevokeMs = r.Int($"{s}:T8FloorRevokeMs", d.T8FloorRevokeMs, 10, hour),
            T20FloorGrantedMs = r.Int($"{s}:T20FloorGrantedMs", d.T20FloorGrantedMs, 10, hour),
            C7FloorIdle = r.Int($"{s}:C7FloorIdle", d.C7FloorIdle, 1, 100),
            C20FloorGranted = r.Int($"{s}:C20FloorGranted", d.C20FloorGranted, 1, 100),
            PrivateCallQueueing = r.Bool($"{s}:PrivateCallQueueing", d.PrivateCallQueueing),
            PrivateCallMaxPriority = r.Int($"{s}:PrivateCallMaxPriority", d.PrivateCallMaxPriority, 1, 255),
        };
        return floor;
    }

    /// <summary>Two of our own listeners on one address, port and protocol would fail at bind time with a
    /// confusing "in use"; say which two settings clash instead.</summary>
    private static void CheckListenersDoNotCollide(SettingsReader r, ApplianceOptions o)
    {
        var udp = new List<(string Setting, IPEndPoint EndPoint)> { ("Sip:UdpPort", o.Sip.UdpEndPoint) };
        if (o.Ng.Enabled) udp.Add(("Ng:Port", o.Ng.EndPoint));
        var tcp = new List<(string Setting, IPEndPoint EndPoint)> { ("Sip:TcpPort", o.Sip.TcpEndPoint), ("Http:Port", o.Http.EndPoint) };
        ReportClashes(r, udp, "UDP");
        ReportClashes(r, tcp, "TCP");
        foreach (var (setting, endPoint) in udp)
            if (endPoint.Port >= o.Media.PortMin && endPoint.Port <= o.Media.PortMax && Overlaps(endPoint.Address, o.Media.Address))
                r.Error($"{setting} ({endPoint.Port}) lies inside the media range Media:PortMin..Media:PortMax ({o.Media.PortMin}..{o.Media.PortMax})");
    }

    private static void ReportClashes(SettingsReader r, List<(string Setting, IPEndPoint EndPoint)> listeners, string protocol)
    {
        for (int i = 0; i < listeners.Count; i++)
            for (int j = i + 1; j < listeners.Count; j++)
                if (listeners[i].EndPoint.Port == listeners[j].EndPoint.Port && Overlaps(listeners[i].EndPoint.Address, listeners[j].EndPoint.Address))
                    r.Error($"{listeners[i].Setting} and {listeners[j].Setting} both use {protocol} port {listeners[i].EndPoint.Port}");
    }

    private static bool IsUnspecified(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool Overlaps(IPAddress a, IPAddress b)
        => a.Equals(b) || a.Equals(IPAddress.Any) || b.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any);

    private static int FirstEven(int port) => (port & 1) == 0 ? port : port + 1;

    /// <summary>Linux cpulist syntax: "0-3,6". Every id must name a CPU this machine has.</summary>
    private static IReadOnlyList<int> ParseCpuList(SettingsReader r, string key, string text)
    {
        var ids = new SortedSet<int>();
        if (text.Length == 0) return [];
        int cpus = Environment.ProcessorCount;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2
                || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || first > last)
            {
                r.Error($"{key} (\"{text}\") is not a CPU list such as \"0-3\" or \"1,3\"");
                return [];
            }
            if (last >= cpus)
            {
                r.Error($"{key} (\"{text}\") names CPU {last} but this machine has CPUs 0-{cpus - 1}");
                return [];
            }
            for (int id = first; id <= last; id++) ids.Add(id);
        }
        return ids.ToArray();
    }

    private static bool IsHostName(string text)
    {
        if (IPAddress.TryParse(text, out _)) return true;
        return Uri.CheckHostName(text) == UriHostNameType.Dns;
    }

    // RFC 3261 user = 1*( unreserved / escaped / user-unreserved ); escapes are not needed for configured names.
    private static bool IsSipUser(string text)
    {
        if (text.Length == 0 || text.Length > 64) return false;
        foreach (char c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c))) return false;
        return true;
    }

    private static bool IsSipUri(string text)
    {
        var rest = text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? text[4..]
                 : text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? text[5..]
                 : null;
        if (rest is null) return false;
        int at = rest.IndexOf('@');
        var host = at >= 0 ? rest[(at + 1)..] : rest;
        int colon = host.LastIndexOf(':');
        if (colon > 0 && !host.Contains(']') && int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            host = host[..colon];
        return (at < 0 || IsSipUser(rest[..at])) && host.Length > 0 && IsHostName(host.Trim('[', ']'));
    }
}
