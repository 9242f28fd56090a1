using System.Net;
using Mcptt.Client.Core;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Group;

/// <summary>
/// One appliance with three pre-arranged groups and short floor timers (T1 1.5 s, T2 2 s, T3 0.5 s) given as
/// command-line overrides: group1 = alice, bob, carol; group2 = dave, erin, frank (MaxPriority 5, erin 9);
/// group3 = grace, heidi. Each test class case uses its own group and users, so cases do not see each other.
/// </summary>
public sealed class GroupApplianceFixture : IAsyncLifetime
{
    public static readonly TimeSpan T2 = TimeSpan.FromSeconds(2);
    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("appliance not started");

    public static IReadOnlyList<string> GroupArguments =>
    [
        "--Groups:0:Uri=sip:group1@127.0.0.1", "--Groups:0:Members:0=alice", "--Groups:0:Members:1=bob", "--Groups:0:Members:2=carol",
        "--Groups:0:MaxPriority=5",
        "--Groups:1:Uri=sip:group2@127.0.0.1", "--Groups:1:Members:0=dave", "--Groups:1:Members:1=erin", "--Groups:1:Members:2=frank",
        "--Groups:1:MaxPriority=5", "--Groups:1:Priorities:erin=9", "--Groups:1:Queueing=false",
        "--Groups:2:Uri=sip:group3@127.0.0.1", "--Groups:2:Members:0=grace", "--Groups:2:Members:1=heidi",
        "--Floor:T1EndOfRtpMediaMs=1500", $"--Floor:T2StopTalkingMs={(int)T2.TotalMilliseconds}", "--Floor:T3StopTalkingGraceMs=500",
    ];

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(GroupArguments);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A registered MCPTT test client of the appliance (demo password).</summary>
    public async Task<McpttClient> ClientAsync(string user, bool queueing = false, byte? priority = null, bool implicitRequest = false,
        bool autoAnswer = true, double toneHz = 1000)
    {
        var client = new McpttClient(new McpttClientOptions
        {
            Server = new IPEndPoint(IPAddress.Loopback, App.Ports.Sip),
            User = user,
            Password = "secret",
            Queueing = queueing,
            Priority = priority,
            ImplicitRequest = implicitRequest,
            AutoAnswer = autoAnswer,
            ToneHz = toneHz,
        });
        var response = await client.RegisterAsync();
        Assert.Equal(200, response.StatusCode);
        return client;
    }
}

internal static class ClientWaits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(6);

    /// <summary>The first journal event since <paramref name="from"/> matching <paramref name="match"/>; fails with the journal otherwise.</summary>
    public static async Task<ClientEvent> WaitForAsync(this McpttClient client, long from, Func<ClientEvent, bool> match, string what)
    {
        var found = await client.Journal.WaitAsync(from, match, Timeout, CancellationToken.None);
        Assert.True(found is not null, $"{client.Options.User}: no {what} within {Timeout.TotalSeconds} s. Journal:\n"
                                       + string.Join("\n", client.Journal.Snapshot().TakeLast(20)));
        return found!;
    }

    public static Task<ClientEvent> WaitForAsync(this McpttClient client, long from, ClientEventKind kind)
        => client.WaitForAsync(from, e => e.Kind == kind, kind.ToString());

    /// <summary>Polls <paramref name="condition"/> every 50 ms for up to <see cref="Timeout"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
