using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// The transaction user behind <see cref="SipStack"/>: REGISTER goes to the registrar, INVITE/ACK/BYE/UPDATE
/// and other in-dialog requests to call control. OPTIONS and CANCEL are answered by the stack itself.
/// The constructor installs itself as the stack's <see cref="SipStack.RequestHandler"/>.
/// </summary>
public sealed class SipServices : ISipRequestHandler, IDisposable
{
    /// <summary>Methods these services handle; give them to SipServerCapabilities.AllowedMethods so the stack's Allow matches.</summary>
    public static readonly IReadOnlyList<string> HandledMethods =
    [
        SipMethods.Register, SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Update,
    ];

    public SipServices(SipStack stack, SipServicesOptions options, IRelayControl relay, MetricsRegistry metrics,
        ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid SIP services configuration: " + string.Join(" ", errors), nameof(options));
        loggerFactory ??= NullLoggerFactory.Instance;
        time ??= stack.Time;
        Auth = new DigestAuthenticator(options.Auth, time);
        // One gate for REGISTER and INVITE: a host's wrong guesses count the same whichever request carries them, and
        // the hosts it verifies get the flood guard's verified limits.
        Gate = new DigestGate(Auth, metrics, stack.FloodGuard);
        Registrar = new Registrar.Registrar(options.Registrar, Gate, metrics, time, loggerFactory.CreateLogger<Registrar.Registrar>());
        Calls = new CallController(options.Calls, Gate, Registrar, relay, new StackOutbound(stack), metrics, time,
            loggerFactory.CreateLogger<CallController>());
        stack.RequestHandler = this;
    }

    public DigestAuthenticator Auth { get; }
    public DigestGate Gate { get; }
    public Registrar.Registrar Registrar { get; }
    public CallController Calls { get; }

    public void OnRequest(IncomingRequest request)
    {
        if (request.Request.Method == SipMethods.Register)
        {
            request.Respond(Registrar.HandleRegister(request.Request, FlowMapping.ToFlow(request)));
            return;
        }
        if (request.Request.Method == SipMethods.Options)
        {
            // Only reached when the stack is configured not to answer OPTIONS itself.
            var ok = request.CreateResponse(200);
            ok.Headers.Add(SipHeaderNames.Allow, string.Join(", ", HandledMethods));
            request.Respond(ok);
            return;
        }
        Calls.OnRequest(new ServerRequestAdapter(request));
    }

    public void OnAckTimeout(IncomingRequest invite) => Calls.OnAckTimeout(new ServerRequestAdapter(invite));

    /// <summary>Hangs up every call (BYE) and stops the registrar's timer.</summary>
    public void Dispose()
    {
        Calls.Dispose();
        Registrar.Dispose();
    }
}
