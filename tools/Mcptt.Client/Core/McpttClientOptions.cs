using System.Net;
using Mcptt.Client.Sip;

namespace Mcptt.Client.Core;

/// <summary>Everything a <see cref="McpttClient"/> needs; the command line maps onto this one to one.</summary>
public sealed record McpttClientOptions
{
    /// <summary>Registrar and outbound proxy: every request goes here. Null = send to the Request-URI host (peer to peer).</summary>
    public IPEndPoint? Server { get; init; }

    public string User { get; init; } = "alice";

    public string Password { get; init; } = "secret";

    /// <summary>Domain of our AOR (sip:user@domain); defaults to the server address.</summary>
    public string? Domain { get; init; }

    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 = ephemeral.</summary>
    public int SipPort { get; init; }

    /// <summary>Audio RTP port; 0 = ephemeral.</summary>
    public int RtpPort { get; init; }

    /// <summary>Floor control port (m=application); 0 = RtpPort + 2 when RtpPort is set, else ephemeral.</summary>
    public int FloorPort { get; init; }

    /// <summary>mc_priority offered and the Floor Priority put in requests; null omits both.</summary>
    public byte? Priority { get; init; }

    public bool Queueing { get; init; }

    /// <summary>Offer mc_implicit_request: the INVITE itself asks for the floor.</summary>
    public bool ImplicitRequest { get; init; }

    /// <summary>Offer the MCPTT floor control channel (m=application ... MCPTT); false = a full-duplex call.</summary>
    public bool FloorControl { get; init; } = true;

    /// <summary>Answer incoming INVITEs automatically.</summary>
    public bool AutoAnswer { get; init; }

    /// <summary>16-bit PCM (or mu-law) 8 kHz WAV used as the microphone; null = a sine tone.</summary>
    public string? MicrophoneWav { get; init; }

    public double ToneHz { get; init; } = 1000;

    /// <summary>Received audio is written here as 16-bit PCM WAV.</summary>
    public string? RecordWav { get; init; }

    public TimeSpan RegisterExpires { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>T101/T100: how long to wait for an answer to a Floor Request/Release before sending it again.</summary>
    public TimeSpan FloorRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>C101/C100: how many times a Floor Request/Release is sent in all before giving up.</summary>
    public int FloorAttempts { get; init; } = 3;

    public SipTiming Timing { get; init; } = new();

    /// <summary>Print every SIP message sent and received.</summary>
    public bool TraceSip { get; init; }

    public string EffectiveDomain => Domain ?? Server?.Address.ToString() ?? LocalAddress.ToString();
}
