using System.Text;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// Issue 10, finding 7: responses to spoofable UDP sources amplified 1.7x-2.4x in bytes, with no per-source limit. The
/// attacker sends unauthenticated requests "from" the victim's address; the victim receives the appliance's answers.
/// Here the victim is a socket on its own loopback address that counts what it is sent.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class UdpReflectionTests
{
    private const int Rounds = 50;
    private readonly ITestOutputHelper _output;

    public UdpReflectionTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Unauthenticated_requests_from_a_spoofable_source_are_answered_with_at_most_as_many_bytes()
    {
        await using var app = await AppProcess.StartAsync();
        using var victim = new UdpProbe(AttackSources.Reflected);
        var local = victim.LocalEndPoint;
        long sent = 0, received = 0;
        int replies = 0;
        var collecting = CollectAsync();

        for (int round = 0; round < Rounds; round++)
        {
            foreach (var request in Requests(local, round))
            {
                var bytes = Encoding.ASCII.GetBytes(request);
                await victim.SendAsync(bytes, app.Ports.Sip);
                Interlocked.Add(ref sent, bytes.Length);
                await Task.Delay(2);
            }
        }
        await collecting;
        double ratio = (double)received / sent;
        _output.WriteLine($"sent {sent} B in {Rounds * 5} requests, received {received} B in {replies} responses: {ratio:F2}x");
        Assert.True(replies > 0, "the appliance answered nothing at all");
        Assert.True(ratio <= 1.0, $"responses amplify {ratio:F2}x ({received} B answered to {sent} B of unauthenticated requests)");

        // Everything that arrives until the appliance has been quiet for 3 s (retransmissions of unacknowledged INVITE answers included).
        async Task CollectAsync()
        {
            while (await victim.ReceiveAsync(TimeSpan.FromSeconds(3)) is { } datagram)
            {
                Interlocked.Add(ref received, datagram.Length);
                replies++;
            }
        }
    }

    /// <summary>One round of the small requests an attacker would pick: each asks for an answer larger than itself.</summary>
    private static IEnumerable<string> Requests(System.Net.IPEndPoint local, int round)
    {
        string via = $"Via: SIP/2.0/UDP {local};branch=z9hG4bK{round:x}{Guid.NewGuid():N}";
        string Common(string method, string to, int cseq) =>
            $"{via}\r\nFrom: <sip:{to}@x>;tag=t{round}\r\nTo: <sip:{to}@x>\r\nCall-ID: {method[0]}{round}{Guid.NewGuid():N}\r\nCSeq: {cseq} {method}\r\n";
        yield return $"REGISTER sip:x SIP/2.0\r\n{Common("REGISTER", "alice", 1)}Contact: <sip:a@{local}>\r\nContent-Length: 0\r\n\r\n";
        const string sdp = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        yield return $"INVITE sip:bob@x SIP/2.0\r\n{Common("INVITE", "bob", 1)}Contact: <sip:a@{local}>\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        yield return $"OPTIONS sip:x SIP/2.0\r\n{Common("OPTIONS", "x", 1)}Content-Length: 0\r\n\r\n";
        yield return $"SUBSCRIBE sip:bob@x SIP/2.0\r\n{Common("SUBSCRIBE", "bob", 1)}Event: presence\r\nContent-Length: 0\r\n\r\n";
        yield return $"REGISTER sip:x SIP/2.0\r\n{via}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:a@x>\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
    }
}
