using System.Globalization;
using System.Net;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Signaling.Sdp;

namespace Mcptt.RtpBlaster.Ng;

/// <summary>
/// Builds N 1:1 calls through any ng server (ours or rtpengine) so the blaster can send through them:
/// the caller advertises the blaster's send socket, the callee the sink socket. The answer's rewritten
/// SDP names the caller-facing relay port (where the caller sends); the relay forwards to the sink.
/// </summary>
internal sealed class CallSetup(NgClient client, string callPrefix)
{
    public List<string> CallIds { get; } = new();

    /// <summary>Returns, per call, the relay endpoint the sender must send to.</summary>
    public List<IPEndPoint> Create(int calls, IPEndPoint caller, IPEndPoint callee)
    {
        var targets = new List<IPEndPoint>(calls);
        for (int i = 0; i < calls; i++)
        {
            string callId = callPrefix + "-" + i.ToString(CultureInfo.InvariantCulture);
            var offer = Request("offer", callId, "from-" + i, Sdp(caller, "caller"));
            Expect(client.Send(offer), "offer");
            var answer = Request("answer", callId, "from-" + i, Sdp(callee, "callee")).Set("to-tag", "to-" + i);
            var reply = Expect(client.Send(answer), "answer");
            targets.Add(MediaEndpoint(reply.GetString("sdp")!));
            CallIds.Add(callId);
        }
        return targets;
    }

    public void DeleteAll()
    {
        for (int i = 0; i < CallIds.Count; i++)
            client.Send(new BDictionary().Set("command", "delete").Set("call-id", CallIds[i]).Set("from-tag", "from-" + i.ToString(CultureInfo.InvariantCulture)));
        CallIds.Clear();
    }

    private static BDictionary Request(string command, string callId, string fromTag, string sdp)
        => new BDictionary()
            .Set("command", command)
            .Set("call-id", callId)
            .Set("from-tag", fromTag)
            .Set("sdp", sdp)
            .Set("flags", new BList().Add("trust-address"))
            .Set("replace", new BList().Add("origin").Add("session-connection"))
            .Set("ICE", "remove");

    private static string Sdp(IPEndPoint endpoint, string user)
        => "v=0\r\n" +
           $"o={user} 1 1 IN IP4 {endpoint.Address}\r\n" +
           "s=rtp-blaster\r\n" +
           $"c=IN IP4 {endpoint.Address}\r\n" +
           "t=0 0\r\n" +
           $"m=audio {endpoint.Port} RTP/AVP 0\r\n" +
           "a=rtpmap:0 PCMU/8000\r\n" +
           "a=sendrecv\r\n";

    private static BDictionary Expect(BDictionary reply, string what)
    {
        if (reply.GetString("result") != "ok")
            throw new InvalidOperationException($"ng {what} failed: {reply.GetString("error-reason") ?? reply.GetString("result")}");
        return reply;
    }

    private static IPEndPoint MediaEndpoint(string sdpText)
    {
        var parsed = SdpParser.Parse(sdpText);
        if (!parsed.Ok) throw new InvalidDataException("unparsable SDP from ng server: " + parsed.Error);
        var sdp = parsed.Sdp!;
        var media = sdp.Media[0];
        var address = IPAddress.Parse(media.EffectiveConnection(sdp)!.Address);
        return new IPEndPoint(address, media.Port);
    }
}
