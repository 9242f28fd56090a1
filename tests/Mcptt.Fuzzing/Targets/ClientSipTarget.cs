using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// What mcptt-client reads from a SIP datagram (SipUdpEndpoint): the message, a 401/407's digest challenges
/// answered as the client answers them, and the remote SDP of an answer or offer (plain or multipart) with
/// its MCPTT floor parameters. Crash: any exception other than the NotSupportedException the client
/// documents and catches for a challenge it cannot answer.
/// </summary>
internal sealed class ClientSipTarget : FuzzTarget
{
    private static readonly DigestCredentials Credentials = new("alice", "secret");

    public override string Name => "client-sip";

    public override string Description => "mcptt-client: SipParser, DigestChallenge + Authorize, McpttHeaders.SdpOf, McpttAnswer; crash = exception";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var parsed = SipParser.Parse(input, SipFraming.Datagram);
        GuardedRun.ThrowIfSwallowed(parsed.Error == "unparseable message", "SipParser");
        if (!parsed.Success) return;
        var message = parsed.Message!;
        foreach (string header in (ReadOnlySpan<string>)[SipHeaderNames.WwwAuthenticate, SipHeaderNames.ProxyAuthenticate])
            foreach (string raw in message.Headers.GetAll(header))
                Answer(DigestChallenge.TryParse(raw));
        if (McpttAnswer.TryParse(McpttHeaders.SdpOf(message)) is { } answer)
            _ = (answer.Audio, answer.Floor, answer.FloorOffered, answer.AudioPayloadTypes.Count, answer.Queueing, answer.Granted,
                answer.ImplicitRequest, answer.Priority, answer.McSsrc);
    }

    private static void Answer(DigestChallenge? challenge)
    {
        if (challenge is null) return;
        try
        {
            _ = Credentials.Authorize(challenge, "REGISTER", "sip:example.com", cnonce: "0a4f113b");
        }
        catch (NotSupportedException)
        {
            // The client reports "challenge not usable" (McpttClient.AnswerChallenge).
        }
    }
}
