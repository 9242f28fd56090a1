using System.Net;
using Mcptt.Client.Floor;
using Mcptt.Client.Media;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// What mcptt-client reads from its media sockets: RTP (RtpHeader + RtpReceiveCounter, as AudioChannel
/// does) or floor control (FloorCodec.Decode, as FloorChannel does). Input: a control byte (bit 0: floor
/// socket), then the datagram. Crash: any exception.
/// </summary>
internal sealed class ClientMediaTarget : FuzzTarget
{
    private static readonly IPEndPoint From = new(IPAddress.Loopback, 40002);
    private readonly RtpReceiveCounter _counter = new();

    public override string Name => "client-media";

    public override string Description => "mcptt-client: RtpHeader.TryParse + RtpReceiveCounter, FloorCodec.Decode; crash = exception";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var datagram = input[1..];
        if ((input[0] & 1) != 0)
        {
            foreach (var floorEvent in FloorCodec.Decode(datagram, From, out _)) _ = floorEvent.ToString();
            return;
        }
        if (RtpHeader.TryParse(datagram, out var header, out var payload)) _counter.Count(header, payload.Length);
        else _counter.CountInvalid();
        _ = _counter.Snapshot();
    }
}
