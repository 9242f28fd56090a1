using System.Text;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>What a registered <see cref="RawSipUser"/> sees and answers as the callee: INVITEs from the appliance.</summary>
internal static class SipPhone
{
    public const string Offer = "v=0\r\no=u 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public static RawRequest Invite(RawSipUser caller, string callee) => new(
        SipMethods.Invite, $"sip:{callee}@127.0.0.1", callee, [$"Contact: <{caller.ContactUri}>"], "application/sdp", Encoding.ASCII.GetBytes(Offer));

    /// <summary>The first INVITE the phone receives within <paramref name="timeout"/>, or null: "the phone rang".</summary>
    public static async Task<SipRequest?> WaitForInviteAsync(RawSipUser phone, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var datagram = await phone.Probe.ReceiveAsync(deadline - DateTime.UtcNow);
            if (datagram is null) return null;
            if (SipParser.Parse(datagram, SipFraming.Datagram).Message is SipRequest { IsInvite: true } invite) return invite;
        }
        return null;
    }

    /// <summary>Waits for an INVITE and answers it with <paramref name="status"/>; false when none came.</summary>
    public static async Task<bool> DeclineNextInviteAsync(RawSipUser phone, int port, int status, TimeSpan timeout)
    {
        var invite = await WaitForInviteAsync(phone, timeout);
        if (invite is null) return false;
        var response = SipResponse.CreateFor(invite, status, null, Guid.NewGuid().ToString("N")[..10]);
        await phone.Probe.SendAsync(SipSerializer.Serialize(response), port);
        return true;
    }
}
