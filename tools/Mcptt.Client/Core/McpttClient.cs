using System.Globalization;
using System.Net;
using Mcptt.Client.Floor;
using Mcptt.Client.Media;
using Mcptt.Client.Sip;
using Mcptt.Floor.Wire;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Core;

/// <summary>
/// A scriptable MCPTT participant: registers with digest auth, makes or answers one call at a
/// time (audio + MCPTT floor control channel), requests/releases the floor, streams a WAV as
/// PCMU while it holds the floor and records what it hears. Everything that happens is appended
/// to <see cref="Journal"/>, which tests and scripts wait on.
/// </summary>
public sealed partial class McpttClient : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownStepTimeout = TimeSpan.FromSeconds(2);
    private readonly McpttClientOptions _options;
    private readonly SipUdpEndpoint _sip;
    private readonly AudioChannel _audio;
    private readonly FloorChannel _floor;
    private readonly DigestCredentials _credentials;
    private readonly short[] _microphone;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _life = new();
    private readonly ulong _sdpSessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private ulong _sdpVersion = 1;
    private SipDialog? _dialog;
    private CallState _callState;
    private FloorState _floorState;
    private string? _floorHolder;
    private byte? _queuePosition;
    private long _floorAttempt;
    private CancellationTokenSource? _talk;
    private uint? _lastRtpSsrc;
    private McpttAnswer? _remoteMedia;
    private bool _disposed;

    public McpttClient(McpttClientOptions options)
    {
        _options = options;
        _credentials = new DigestCredentials(options.User, options.Password);
        _microphone = options.MicrophoneWav is { } wav
            ? WavReader.ReadMono8k(wav)
            : ToneGenerator.Sine(options.ToneHz, TimeSpan.FromSeconds(1));
        if (_microphone.Length < AudioChannel.SamplesPerPacket)
        {
            throw new WavFormatException($"{options.MicrophoneWav}: shorter than one 20 ms packet");
        }

        _sip = new SipUdpEndpoint(new IPEndPoint(options.LocalAddress, options.SipPort), options.Timing);
        _audio = new AudioChannel(options.LocalAddress, options.RtpPort);
        int floorPort = options.FloorPort != 0 ? options.FloorPort : options.RtpPort != 0 ? options.RtpPort + 2 : 0;
        _floor = new FloorChannel(options.LocalAddress, floorPort, _audio.Ssrc) { UserId = Aor.ToString() };
        if (options.RecordWav is { } record)
        {
            _audio.Record(record);
        }

        _sip.RequestReceived += (request, from) => OnRequest(request, from);
        _sip.StrayResponseReceived += (response, _) => OnStrayResponse(response);
        _sip.HandlerFailed += ex => Say("internal error handling a SIP message: " + ex.Message);
        if (options.TraceSip)
        {
            _sip.Trace += (outgoing, peer, message) => Say($"{(outgoing ? "-->" : "<--")} {peer}\n{message}");
        }

        _floor.MessageReceived += OnFloorMessage;
        _audio.PacketReceived += OnRtp;
    }

    /// <summary>Human-readable lines (status changes, errors, SIP trace). Raised on network threads.</summary>
    public event Action<string>? Log;

    public EventJournal Journal { get; } = new();

    public McpttClientOptions Options => _options;

    /// <summary>Our address of record, sip:user@domain.</summary>
    public SipUri Aor => new(_options.EffectiveDomain, _options.User);

    public IPEndPoint SipEndPoint => _sip.LocalEndPoint;

    public IPEndPoint AudioEndPoint => _audio.LocalEndPoint;

    public IPEndPoint FloorEndPoint => _floor.LocalEndPoint;

    /// <summary>Our RTP SSRC, also used in floor messages.</summary>
    public uint Ssrc => _audio.Ssrc;

    public CallState CallState { get { lock (_gate) { return _callState; } } }

    public FloorState FloorState { get { lock (_gate) { return _floorState; } } }

    /// <summary>The granted party's identity from the last Floor Taken (or our AOR when granted).</summary>
    public string? FloorHolder { get { lock (_gate) { return _floorHolder; } } }

    public byte? QueuePosition { get { lock (_gate) { return _queuePosition; } } }

    public bool IsTalking { get { lock (_gate) { return _talk is not null; } } }

    /// <summary>Where our media goes (from the peer's SDP); null outside a call.</summary>
    public McpttAnswer? RemoteMedia { get { lock (_gate) { return _remoteMedia; } } }

    public RtpReceiveStats RtpStats => _audio.Stats;

    public long RtpPacketsSent => _audio.PacketsSent;

    public long FloorMessagesReceived => _floor.MessagesReceived;

    /// <summary>Garbage that arrived on the SIP and floor sockets and was dropped.</summary>
    public long InvalidReceived => _sip.Malformed + _floor.InvalidReceived + _audio.Stats.Invalid;

    /// <summary>One line describing call and floor state, for the interactive status display.</summary>
    public string StatusLine
    {
        get
        {
            RtpReceiveStats rtp = RtpStats;
            lock (_gate)
            {
                string floor = _floorState switch
                {
                    FloorState.Taken => $"Taken by {_floorHolder ?? "?"}",
                    FloorState.Queued => $"Queued (position {DescribeQueuePosition(_queuePosition)})",
                    _ => _floorState.ToString(),
                };
                return $"[{_options.User}] reg={(_registration.Registered ? "yes" : "no")} call={_callState} floor={floor}{(_talk is not null ? " TALKING" : string.Empty)} rtp rx={rtp.Packets} lost={rtp.LostPackets} tx={_audio.PacketsSent}";
            }
        }
    }

    private static string DescribeQueuePosition(byte? position) => position switch
    {
        null => "?",
        FloorQueuePosition.Unknown => "unknown",
        FloorQueuePosition.NotQueued => "not queued",
        _ => position.Value.ToString(CultureInfo.InvariantCulture),
    };

    private void Say(string line) => Log?.Invoke(line);

    private ClientEvent Record(ClientEventKind kind, string detail, FloorEvent? floor = null, int? status = null)
    {
        // Said first so that listeners reacting to the journal (status lines) print after the event itself.
        Say($"{kind}: {detail}");
        return Journal.Append(kind, detail, e => e with { Floor = floor, StatusCode = status });
    }

    /// <summary>Where a request to <paramref name="target"/> is sent: the server (outbound proxy) or the URI's host.</summary>
    private IPEndPoint DestinationFor(AddressUri target)
    {
        if (_options.Server is { } server)
        {
            return server;
        }

        if (target is SipUri sip)
        {
            IPAddress? address = IPAddress.TryParse(sip.Host.Trim('[', ']'), out IPAddress? literal)
                ? literal
                : Array.Find(Dns.GetHostAddresses(sip.Host), a => a.AddressFamily == _options.LocalAddress.AddressFamily);
            if (address is not null)
            {
                return new IPEndPoint(address, sip.Port ?? 5060);
            }
        }

        throw new InvalidOperationException($"cannot route to {target} without --server");
    }

    private Via NewVia() => new("UDP", _sip.LocalEndPoint.Address.ToString(), _sip.LocalEndPoint.Port) { Branch = SipIds.NewBranch() };

    private NameAddr ContactHeader() =>
        NameAddr.Parse($"<sip:{_options.User}@{FormatHost(_sip.LocalEndPoint)}>");

    private string ContactValue() => ContactHeader() + McpttHeaders.ContactFeatureTags;

    private static string FormatHost(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port}"
            : $"{endPoint.Address}:{endPoint.Port}";

    /// <summary>
    /// Our SDP: an offer, or (with <paramref name="remoteOffer"/>) an answer, which mirrors the offer's
    /// streams (RFC 3264 §6): a floor channel only if one was offered, port 0 when we do not want it.
    /// </summary>
    private string LocalSdp(bool offer, McpttAnswer? remoteOffer = null)
    {
        ulong version;
        lock (_gate)
        {
            version = _sdpVersion++;
        }

        bool floorLine = offer ? _options.FloorControl : remoteOffer?.FloorOffered ?? _options.FloorControl;
        bool floorAccepted = offer ? _options.FloorControl : _options.FloorControl && remoteOffer?.Floor is not null;
        return new McpttOffer(_options.LocalAddress, _audio.LocalEndPoint.Port, floorAccepted ? _floor.LocalEndPoint.Port : 0)
        {
            Priority = _options.Priority,
            Queueing = _options.Queueing,
            ImplicitRequest = offer && _options.ImplicitRequest,
            // Offering mc_granted lets the server grant an implicit request in the answer itself (§12.1.2.2).
            Granted = offer && _options.ImplicitRequest,
            FloorControl = floorLine,
        }.ToSdp(_sdpSessionId, version);
    }

    private void ApplyRemoteSdp(string? sdp)
    {
        McpttAnswer? media = McpttAnswer.TryParse(sdp);
        if (media is null)
        {
            Say("peer SDP has no usable audio/floor stream; media will not flow");
            return;
        }

        lock (_gate)
        {
            _remoteMedia = media;
        }

        _audio.Remote = media.Audio;
        _floor.Remote = media.Floor;
        Say($"media: audio -> {media.Audio?.ToString() ?? "none"}, floor -> {media.Floor?.ToString() ?? "none"}{(string.IsNullOrEmpty(media.FloorFmtp) ? string.Empty : " fmtp " + media.FloorFmtp)}");
    }

    private void OnRtp(RtpPacketInfo packet)
    {
        lock (_gate)
        {
            if (_lastRtpSsrc == packet.Header.Ssrc)
            {
                return;
            }

            _lastRtpSsrc = packet.Header.Ssrc;
        }

        Record(ClientEventKind.FirstRtp, $"RTP from {packet.Source} SSRC {packet.Header.Ssrc:x8} PT {packet.Header.PayloadType}");
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        StopTalking();
        using (var bounded = new CancellationTokenSource(ShutdownStepTimeout))
        {
            try
            {
                if (CallState != CallState.Idle)
                {
                    await HangupAsync(bounded.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SipTransactionException or InvalidOperationException)
            {
                Say("hangup on exit: " + ex.Message);
            }
        }

        using (var bounded = new CancellationTokenSource(ShutdownStepTimeout))
        {
            try
            {
                if (_registration.Registered)
                {
                    await UnregisterAsync(bounded.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SipTransactionException or InvalidOperationException)
            {
                Say("unregister on exit: " + ex.Message);
            }
        }

        await _life.CancelAsync().ConfigureAwait(false);
        _registration.Refresh?.Dispose();
        await _floor.DisposeAsync().ConfigureAwait(false);
        await _audio.DisposeAsync().ConfigureAwait(false);
        await _sip.DisposeAsync().ConfigureAwait(false);
        _life.Dispose();
    }
}
