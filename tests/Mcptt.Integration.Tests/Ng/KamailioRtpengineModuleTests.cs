using System.Net;
using System.Net.Sockets;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Server;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Integration.Tests.Ng;

/// <summary>
/// Debian's kamailio with its rtpengine module, pointed at our ng port instead of rtpengine: a sipp
/// caller calls a sipp callee (which echoes RTP) through kamailio, and the media must flow both ways
/// through our relay legs. Our side (NgServer + RelayEngine) runs in the test process, so the test can
/// look at the legs the module made us allocate; the appliance host wiring is tested elsewhere.
/// </summary>
public sealed class KamailioRtpengineModuleTests
{
    private const string UacScenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="UAC via kamailio+rtpengine module, 2 s tone">
          <send retrans="500">
            <![CDATA[
              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:alice@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:alice@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [auto_media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
            ]]>
          </send>
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true" rrs="true"/>
          <send>
            <![CDATA[
              ACK [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              [routes]
              From: <sip:alice@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              [last_To:]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Contact: <sip:alice@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              Content-Length: 0
            ]]>
          </send>
          <nop>
            <action>
              <exec rtp_stream="@WAV@,1,0"/>
            </action>
          </nop>
          <pause milliseconds="3000"/>
          <send retrans="500">
            <![CDATA[
              BYE [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              [routes]
              From: <sip:alice@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              [last_To:]
              Call-ID: [call_id]
              CSeq: 2 BYE
              Contact: <sip:alice@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              Content-Length: 0
            ]]>
          </send>
          <recv response="200" crlf="true"/>
        </scenario>
        """;

    [Fact]
    public async Task Sipp_call_through_kamailio_rtpengine_module_is_relayed_by_our_ng_port()
    {
        using var dir = new TempDirectory("ng-kamailio");
        int sipPort = FreePorts.Next(), uasPort = FreePorts.Next(), uacPort = FreePorts.Next();
        int uasMedia = FreePorts.Block(4, 2), uacMedia = FreePorts.Block(4, 2), mediaMin = FreePorts.Block(20, 2);

        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(new RelayOptions { PortMin = mediaMin, PortMax = mediaMin + 19, Workers = 1 }, metrics);
        var relay = new RecordingRelay(engine);
        var calls = new NgCallEngine(relay);
        var processor = new NgCommandProcessor(calls, metrics);
        await using var ng = new NgServer(new NgServerOptions { Port = 0 }, processor, metrics, NullLogger<NgServer>.Instance);
        await ng.StartAsync(CancellationToken.None);

        var config = Path.Combine(dir.Path, "kamailio.cfg");
        await File.WriteAllTextAsync(config, KamailioNgConfig.Render(sipPort, ng.LocalEndPoint!.Port, uasPort));
        var syntax = await ProcessRunner.RunAsync(PeerTools.Kamailio, ["-c", "-f", config], TimeSpan.FromSeconds(20));
        Assert.True(syntax.ExitCode == 0, syntax.Describe());

        var wav = await Tones.ToMuLawAsync(await Tones.SineAsync(dir.Path, 1000, seconds: 2));
        var uacScenario = Path.Combine(dir.Path, "uac.xml");
        await File.WriteAllTextAsync(uacScenario, UacScenario.Replace("@WAV@", wav, StringComparison.Ordinal));

        await using var kamailio = ProcessRunner.Start(PeerTools.Kamailio,
            ["-f", config, "-DD", "-E", "-m", "32", "-M", "4", "-P", Path.Combine(dir.Path, "kamailio.pid")], dir.Path);
        Assert.True(await UdpBoundAsync(sipPort, TimeSpan.FromSeconds(10)), "kamailio did not bind\n" + kamailio.Describe());

        await using var uas = SippRunner.Start(SippRunner.Scenario("uas_rr.xml"),
            ["-p", $"{uasPort}", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-m", "1", "-rtp_echo", "-mp", $"{uasMedia}", "-timeout", "30s"]);
        Assert.True(await UdpBoundAsync(uasPort, TimeSpan.FromSeconds(10)), "sipp UAS did not bind");

        var uac = await SippRunner.RunAsync(uacScenario,
            [$"127.0.0.1:{sipPort}", "-s", "bob", "-p", $"{uacPort}", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", $"{uacMedia}",
             "-m", "1", "-timeout", "30s", "-timeout_error"],
            TimeSpan.FromSeconds(40));
        var uasResult = await uas.WaitAsync(TimeSpan.FromSeconds(20));
        await kamailio.StopAsync(TimeSpan.FromSeconds(5));

        string diagnostics = $"{uac.Describe()}\n--- uas ---\n{uasResult.Describe()}\n--- kamailio ---\n{kamailio.Describe(6000)}\n--- metrics ---\n{metrics.Render()}";
        Assert.True(uac.ExitCode == 0, diagnostics);
        Assert.Equal(1, uac.SuccessfulCalls);
        Assert.True(uasResult.ExitCode == 0, diagnostics);

        // The module drove offer (INVITE), answer (200 OK) and delete (BYE) through our port.
        string text = metrics.Render();
        Assert.Contains("mcptt_ng_commands_total{command=\"offer\",result=\"ok\"} 1", text);
        Assert.Contains("mcptt_ng_commands_total{command=\"answer\",result=\"ok\"} 1", text);
        Assert.Contains("mcptt_ng_commands_total{command=\"delete\",result=\"ok\"} 1", text);
        Assert.Equal(0, calls.CallCount);

        // Two legs, one per side, both freed by the BYE; the callee's leg points at sipp's echo port.
        Assert.Equal(2, relay.FinalStats.Count);
        Assert.Contains(relay.Remotes.Values, r => r.Rtp?.Port == uasMedia);
        foreach (var (leg, stats) in relay.FinalStats)
        {
            // 2 s of 20 ms frames = 100 packets each way (the echo makes the callee side send too).
            Assert.True(stats.RtpPacketsIn >= 50, $"leg {leg}: {stats}\n{diagnostics}");
            Assert.True(stats.PacketsOut >= 50, $"leg {leg}: {stats}\n{diagnostics}");
        }
    }

    private static async Task<bool> UdpBoundAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!FreePorts.IsFree(port, ProtocolType.Udp)) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
