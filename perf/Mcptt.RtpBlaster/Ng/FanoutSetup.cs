using System.Globalization;
using System.Net;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Signaling.Sdp;

namespace Mcptt.RtpBlaster.Ng;

/// <summary>
/// 1-to-N through rtpengine's ng publish/subscribe (rtpengine docs: "publish", "subscribe request",
/// "subscribe answer"): the talker publishes sendonly media, N subscribers each get a copy sent to
/// the sink. Our ng port has no publish/subscribe; our relay's fan-out is set up by its host mode.
/// </summary>
internal sealed class FanoutSetup(NgClient client, string callId)
{
    /// <summary>Returns the relay endpoint the talker sends to.</summary>
    public IPEndPoint Create(int subscribers, IPEndPoint talker, IPEndPoint sink)
    {
        var publish = new BDictionary()
            .Set("command", "publish").Set("call-id", callId).Set("from-tag", "talker")
            .Set("sdp", Sdp(talker, "sendonly")).Set("flags", new BList().Add("trust-address"));
        var published = Expect(client.Send(publish), "publish");
        var target = MediaEndpoint(published.GetString("sdp")!);
        for (int i = 0; i < subscribers; i++)
        {
            string toTag = "sub-" + i.ToString(CultureInfo.InvariantCulture);
            Expect(client.Send(new BDictionary()
                .Set("command", "subscribe request").Set("call-id", callId).Set("from-tag", "talker").Set("to-tag", toTag)
                .Set("flags", new BList().Add("trust-address"))), "subscribe request");
            Expect(client.Send(new BDictionary()
                .Set("command", "subscribe answer").Set("call-id", callId).Set("to-tag", toTag)
                .Set("sdp", Sdp(sink, "recvonly")).Set("flags", new BList().Add("trust-address"))), "subscribe answer");
        }
        return target;
    }

    public void Delete() => client.Send(new BDictionary().Set("command", "delete").Set("call-id", callId).Set("from-tag", "talker"));

    private static string Sdp(IPEndPoint endpoint, string direction)
        => "v=0\r\n" +
           $"o=fanout 1 1 IN IP4 {endpoint.Address}\r\n" +
           "s=rtp-blaster\r\n" +
           $"c=IN IP4 {endpoint.Address}\r\n" +
           "t=0 0\r\n" +
           $"m=audio {endpoint.Port} RTP/AVP 0\r\n" +
           "a=rtpmap:0 PCMU/8000\r\n" +
           $"a={direction}\r\n";

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
        var media = parsed.Sdp!.Media[0];
        return new IPEndPoint(IPAddress.Parse(media.EffectiveConnection(parsed.Sdp)!.Address), media.Port);
    }
}
