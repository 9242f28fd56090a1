namespace Mcptt.Signaling.Tests.Sdp;

/// <summary>Offers shaped like what the peers in /work/shared/peers send.</summary>
internal static class SdpSamples
{
    public static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    public static readonly string Sipp = Crlf("""
        v=0
        o=user1 53655765 2353687637 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 6000 RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        """);

    public static readonly string Mcptt = Crlf("""
        v=0
        o=alice 2890844526 2890844526 IN IP4 192.0.2.10
        s=MCPTT call
        i=speech
        c=IN IP4 192.0.2.10
        b=AS:64
        t=0 0
        a=sendrecv
        m=audio 49170 RTP/AVP 96 0
        b=AS:41
        a=rtpmap:96 AMR-WB/16000
        a=fmtp:96 mode-change-capability=2; max-red=0
        a=rtcp:49171
        a=ptime:20
        m=application 49172 udp MCPTT
        a=fmtp:MCPTT mc_priority=7;mc_granted;mc_implicit_request
        a=floorid:0 mstrm:audio

        """);
}
