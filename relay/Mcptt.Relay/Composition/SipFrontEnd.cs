using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;

namespace Mcptt.Relay.Composition;

/// <summary>
/// The SIP stack together with the services that answer it, started and stopped as one component:
/// taking <see cref="SipServices"/> in the constructor guarantees the request handler is attached before
/// the first datagram can arrive, and stopping hangs up calls (BYE) before the listeners close.
/// </summary>
internal sealed class SipFrontEnd(SipStack stack, SipServices services)
{
    public Task StartAsync(CancellationToken cancellationToken) => stack.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        services.Dispose();
        // Give the BYEs just sent a moment on the wire before the sockets close.
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        await stack.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
