using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Groups;

/// <summary>
/// Puts pre-arranged group calls in front of <see cref="SipServices"/>: owns the process's
/// <see cref="FloorServer"/> and <see cref="RelayFloorBinding"/>, installs itself as the stack's request
/// handler, gives group INVITEs and group dialogs to <see cref="GroupCallController"/> and everything else
/// (REGISTER, 1:1 calls) to the wrapped services. Shares their registrar and digest authenticator.
/// </summary>
public sealed class GroupSipServices : ISipRequestHandler, IDisposable
{
    private readonly SipServices _inner;

    public GroupSipServices(SipStack stack, SipServices services, SipServicesOptions servicesOptions, GroupCallOptions groups,
        IRelayControl relay, FloorTimers timers, MetricsRegistry metrics, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        time ??= stack.Time;
        _inner = services;
        FloorServer = new FloorServer(metrics, time, timers, loggerFactory);
        FloorBinding = new RelayFloorBinding(relay, FloorServer);
        // Private calls with an MCPTT floor channel use the same floor server and binding.
        services.Calls.UseFloorControl(FloorBinding);
        Groups = new GroupCallController(groups, servicesOptions.Calls, services.Gate, services.Registrar, relay,
            FloorBinding, new StackOutbound(stack), metrics, time, loggerFactory.CreateLogger<GroupCallController>());
        stack.RequestHandler = this;
    }

    public FloorServer FloorServer { get; }
    public RelayFloorBinding FloorBinding { get; }
    public GroupCallController Groups { get; }

    public void OnRequest(IncomingRequest request)
    {
        string method = request.Request.Method;
        if (method != SipMethods.Register && method != SipMethods.Options && Groups.TryHandle(new ServerRequestAdapter(request))) return;
        _inner.OnRequest(request);
    }

    public void OnAckTimeout(IncomingRequest invite)
    {
        if (!Groups.OnAckTimeout(new ServerRequestAdapter(invite))) _inner.OnAckTimeout(invite);
    }

    /// <summary>Ends every group call (BYE to all members) and detaches floor control from the data plane.</summary>
    public void Dispose()
    {
        Groups.Dispose();
        FloorBinding.Dispose();
    }
}
