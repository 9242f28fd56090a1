using System.Net;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Control.Ng.Tests;

internal static class NgTestSupport
{
    public const string CallerSdp =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 10.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 10.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=candidate:1 1 UDP 2130706431 10.0.0.1 49170 typ host\r\n" +
        "a=ice-ufrag:abcd\r\n" +
        "a=sendrecv\r\n";

    public const string CalleeSdp =
        "v=0\r\n" +
        "o=bob 2808844564 2808844564 IN IP4 10.0.0.2\r\n" +
        "s=-\r\n" +
        "c=IN IP4 10.0.0.2\r\n" +
        "t=0 0\r\n" +
        "m=audio 60000 RTP/AVP 0\r\n" +
        "a=rtcp:60011\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n";

    public static (NgCommandProcessor Processor, FakeRelayControl Relay, MetricsRegistry Metrics) Create(NgEngineOptions? options = null, FakeRelayControl? relay = null)
    {
        relay ??= new FakeRelayControl();
        var metrics = new MetricsRegistry();
        var processor = new NgCommandProcessor(new NgCallEngine(relay, options), metrics);
        return (processor, relay, metrics);
    }

    public static BDictionary Offer(string callId = "call-1", string fromTag = "tagA", string sdp = CallerSdp, params string[] flags)
    {
        var request = new BDictionary().Set("command", "offer").Set("call-id", callId).Set("from-tag", fromTag).Set("sdp", sdp);
        if (flags.Length > 0)
        {
            var list = new BList();
            foreach (string flag in flags) list.Add(flag);
            request.Set("flags", list);
        }
        return request;
    }

    public static BDictionary Answer(string callId = "call-1", string fromTag = "tagA", string toTag = "tagB", string sdp = CalleeSdp)
        => new BDictionary().Set("command", "answer").Set("call-id", callId).Set("from-tag", fromTag).Set("to-tag", toTag).Set("sdp", sdp);

    public static BDictionary Command(string command, string? callId = null)
    {
        var request = new BDictionary().Set("command", command);
        if (callId is not null) request.Set("call-id", callId);
        return request;
    }

    public static SessionDescription ReplySdp(BDictionary reply)
    {
        Assert.Equal("ok", reply.GetString("result"));
        var parsed = SdpParser.Parse(reply.GetString("sdp")!);
        Assert.True(parsed.Ok, parsed.Error);
        return parsed.Sdp!;
    }

    public static IPEndPoint Ep(string address, int port) => new(IPAddress.Parse(address), port);
}
