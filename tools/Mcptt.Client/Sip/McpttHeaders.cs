using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Sip;

/// <summary>The TS 24.379 §10.1.1.2.1.1 headers that mark a request as MCPTT.</summary>
public static class McpttHeaders
{
    public const string Icsi = "urn:urn-7:3gpp-service.ims.icsi.mcptt";
    public const string ContactFeatureTags = ";+g.3gpp.mcptt;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mcptt\"";
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    public const string UserAgent = "mcptt-client";

    public static void AddCommon(SipMessage message)
    {
        message.Headers.Add(SipHeaderNames.UserAgent, UserAgent);
        message.Headers.Add(SipHeaderNames.Allow, Allow);
    }

    public static void AddCallerPreferences(SipRequest invite)
    {
        invite.Headers.Add(SipHeaderNames.AcceptContact, "*;+g.3gpp.mcptt;require;explicit");
        invite.Headers.Add(SipHeaderNames.AcceptContact, "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mcptt\";require;explicit");
        invite.Headers.Add("P-Preferred-Service", Icsi);
    }

    /// <summary>The SDP of a body that is either application/sdp or multipart/mixed holding one.</summary>
    public static string? SdpOf(SipMessage message)
    {
        if (message.Body.Length == 0)
        {
            return null;
        }

        MediaType? type = message.ContentType;
        if (type is null || type.Is("application", "sdp"))
        {
            return message.BodyText;
        }

        if (!type.Is("multipart", "mixed"))
        {
            return null;
        }

        string? boundary = type.Parameters.Get("boundary");
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        foreach (string part in message.BodyText.Split("--" + boundary, StringSplitOptions.None))
        {
            int split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split > 0 && part[..split].Contains("application/sdp", StringComparison.OrdinalIgnoreCase))
            {
                return part[(split + 4)..];
            }
        }

        return null;
    }
}
