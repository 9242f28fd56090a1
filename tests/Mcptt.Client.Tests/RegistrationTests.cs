using System.Net;
using System.Net.Sockets;
using Mcptt.Client.Core;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Tests;

/// <summary>A registrar stand-in on loopback challenges the client and checks its digest answer.</summary>
public sealed class RegistrationTests : IDisposable
{
    private readonly UdpClient _registrar = new(new IPEndPoint(IPAddress.Loopback, 0));

    private IPEndPoint RegistrarEndPoint => (IPEndPoint)_registrar.Client.LocalEndPoint!;

    public void Dispose() => _registrar.Dispose();

    [Fact]
    public async Task Answers_the_401_with_a_valid_qop_auth_digest_and_unregisters_on_dispose()
    {
        var client = new McpttClient(new McpttClientOptions { Server = RegistrarEndPoint, User = "alice", Password = "s3cret", RegisterExpires = TimeSpan.FromSeconds(120) });
        Task<SipResponse> register = client.RegisterAsync();

        (SipRequest first, IPEndPoint from) = await ReceiveRequestAsync();
        Assert.Equal(SipMethods.Register, first.Method);
        Assert.Null(first.Headers.Get(SipHeaderNames.Authorization));
        Assert.Equal("120", first.Headers.Get(SipHeaderNames.Expires));
        Assert.Contains("+g.3gpp.mcptt", first.Headers.Get(SipHeaderNames.Contact), StringComparison.Ordinal);
        // Answer only after T1 (500 ms), so a retransmission of the first REGISTER is already queued, as
        // on a loaded box where CI once read it as the authenticated request.
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        SipResponse challenge = SipResponse.CreateFor(first, 401);
        challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"mcptt\", nonce=\"n0nce\", qop=\"auth\", algorithm=MD5, opaque=\"op\"");
        await SendAsync(challenge, from);

        (SipRequest second, from) = await ReceiveRequestAsync(answered: first);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.CSeq!.Value.Number + 1, second.CSeq!.Value.Number);
        AuthHeader auth = second.GetAuth(SipHeaderNames.Authorization)!;
        Assert.Equal("alice", auth.Username);
        Assert.Equal("op", auth.Opaque);
        string expected = DigestCredentials.ComputeResponse("alice", "mcptt", "s3cret", "REGISTER", auth.Uri!, "n0nce", auth.NonceCount, auth.CNonce, "auth");
        Assert.Equal(expected, auth.Response);
        Assert.Equal(second.RequestUri.ToString(), auth.Uri);

        SipResponse ok = SipResponse.CreateFor(second, 200);
        ok.Headers.Add(SipHeaderNames.Contact, second.Headers.Get(SipHeaderNames.Contact) + ";expires=60");
        await SendAsync(ok, from);
        Assert.Equal(200, (await register.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.True(client.IsRegistered);
        Assert.Contains("expires 60 s", client.Journal.Snapshot().Single(e => e.Kind == ClientEventKind.Registered).Detail, StringComparison.Ordinal);

        ValueTask dispose = client.DisposeAsync();
        (SipRequest unregister, from) = await ReceiveRequestAsync(answered: second);
        Assert.Equal("0", unregister.Headers.Get(SipHeaderNames.Expires));
        await SendAsync(SipResponse.CreateFor(unregister, 200), from);
        await dispose;
    }

    [Fact]
    public async Task A_403_is_reported_as_registration_failure_with_the_status()
    {
        await using var client = new McpttClient(new McpttClientOptions { Server = RegistrarEndPoint, User = "mallory" });
        Task<SipResponse> register = client.RegisterAsync();
        (SipRequest request, IPEndPoint from) = await ReceiveRequestAsync();
        await SendAsync(SipResponse.CreateFor(request, 403), from);

        Assert.Equal(403, (await register.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.False(client.IsRegistered);
        ClientEvent failed = client.Journal.Snapshot().Single(e => e.Kind == ClientEventKind.RegistrationFailed);
        Assert.Equal(403, failed.StatusCode);
    }

    [Fact]
    public async Task Silence_from_the_registrar_times_out_after_retransmitting()
    {
        var timing = new SipTiming { T1 = TimeSpan.FromMilliseconds(50), NoResponseTimeout = TimeSpan.FromSeconds(1) };
        await using var client = new McpttClient(new McpttClientOptions { Server = RegistrarEndPoint, Timing = timing });
        var error = await Assert.ThrowsAsync<SipTransactionException>(() => client.RegisterAsync());
        Assert.Contains("no response", error.Message, StringComparison.Ordinal);

        var branches = new HashSet<string>();
        int copies = 0;
        while (_registrar.Available > 0)
        {
            (SipRequest copy, _) = await ReceiveRequestAsync();
            branches.Add(copy.TopVia!.Branch!);
            copies++;
        }

        // Retransmissions (not new requests): the same branch more than once, and bounded.
        Assert.InRange(copies, 2, 20);
        Assert.Single(branches);
    }

    /// <summary>The next request; with <paramref name="answered"/>, retransmissions of that request (same CSeq),
    /// which the client's UDP transaction sends every T1 until our answer reaches it, are skipped.</summary>
    private async Task<(SipRequest Request, IPEndPoint From)> ReceiveRequestAsync(SipRequest? answered = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            UdpReceiveResult datagram = await _registrar.ReceiveAsync(cts.Token);
            SipParseResult parsed = SipParser.Parse(datagram.Buffer, SipFraming.Datagram);
            Assert.True(parsed.Success, parsed.Error);
            var request = Assert.IsType<SipRequest>(parsed.Message);
            if (answered is not null && request.CSeq == answered.CSeq && request.Method == answered.Method) continue;
            return (request, datagram.RemoteEndPoint);
        }
    }

    private Task SendAsync(SipResponse response, IPEndPoint to) =>
        _registrar.SendAsync(SipSerializer.Serialize(response), to).AsTask();
}
