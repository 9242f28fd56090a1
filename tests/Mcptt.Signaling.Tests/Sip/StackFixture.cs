using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>A started SipStack over fake UDP and TCP transports and a manual clock.</summary>
public sealed class StackFixture
{
    public StackFixture(SipStackOptions? options = null, Func<IncomingRequest, int?>? answer = null)
    {
        Registry = new MetricsRegistry();
        Clock = new ManualTimeProvider();
        Udp = new FakeTransport(SipTransportKind.Udp);
        Tcp = new FakeTransport(SipTransportKind.Tcp);
        Handler = new RecordingHandler(answer);
        Logger = new ListLogger<SipStack>();
        Stack = new SipStack(options ?? new SipStackOptions(), Registry, Logger, Clock, [Udp, Tcp])
        {
            RequestHandler = Handler,
        };
        Stack.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public MetricsRegistry Registry { get; }
    public ManualTimeProvider Clock { get; }
    public FakeTransport Udp { get; }
    public FakeTransport Tcp { get; }
    public RecordingHandler Handler { get; }
    public SipStack Stack { get; }
    public ListLogger<SipStack> Logger { get; }
}
