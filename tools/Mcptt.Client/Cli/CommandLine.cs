using System.Globalization;
using System.Net;
using Mcptt.Client.Core;
using Mcptt.Client.Scripting;

namespace Mcptt.Client.Cli;

/// <summary>The parsed command line: client options plus what the program should do with them.</summary>
public sealed record CommandLine(McpttClientOptions Client)
{
    public string? CallTarget { get; init; }

    public string? Script { get; init; }

    public bool Register { get; init; } = true;

    /// <summary>Without a script or terminal: how long to stay up (null = until Ctrl+C).</summary>
    public TimeSpan? Duration { get; init; }

    public bool Help { get; init; }

    public const string Usage = """
        mcptt-client: MCPTT test client (SIP/UDP, RTP PCMU, TS 24.380 floor control)

        mcptt-client --server 127.0.0.1:5060 --user alice --password secret [options]

          --server host:port      registrar / outbound proxy (default 127.0.0.1:5060; "none" = peer to peer)
          --user NAME             user part of our AOR (default alice)
          --password PW           digest password (default secret)
          --domain D              domain of our AOR (default: the server address)
          --local-ip IP           address to bind and advertise (default 127.0.0.1)
          --sip-port N            local SIP port (default 0 = ephemeral)
          --rtp-port N            local audio RTP port (default 0 = ephemeral)
          --floor-port N          local floor control port (default rtp-port+2, or ephemeral)
          --no-register           do not REGISTER at start
          --expires S             registration expiry asked for (default 600)
          --call URI              call this group or user after registering
          --answer                answer incoming calls automatically
          --priority N            mc_priority offered and Floor Priority requested (1..255)
          --queueing              offer mc_queueing
          --implicit-request      offer mc_implicit_request (the INVITE asks for the floor)
          --no-floor              offer no floor control channel (full-duplex call; talk needs no floor)
          --mic FILE.wav          microphone: 16-bit PCM (or mu-law) 8 kHz WAV, looped (default: sine tone)
          --tone-hz F             sine tone frequency when no --mic (default 1000)
          --record FILE.wav       write received audio to a 16-bit PCM 8 kHz WAV
          --script "STEPS"        run steps and exit 0 if all held, 1 naming the failed step
          --script-file PATH      the same, steps read from a file
          --duration D            without script/terminal: stay up this long (e.g. 30s), then exit
          --verbose               print every SIP message
          --help

        Script steps (';' or newline separated, '#' comments; durations 5s, 500ms, 1.5):
          register | unregister | call URI | answer | hangup | sleep D | echo TEXT
          request [PRIORITY] | release | queue | talk D [force] | expect-rtp N
          wait EVENT [ARG] [TIMEOUT]  (also wait-EVENT; default timeout 10s)
            EVENT: registered incoming connected terminated granted idle rtp
                   taken [USER-SUBSTRING] | deny [CAUSE] | revoke [CAUSE] | queue-info [POSITION] | rtp [N]
          e.g. --script "wait-registered; call sip:group1@127.0.0.1; wait-connected; request;
                         wait granted 5s; talk 2s; release; wait idle 5s; hangup"

        Interactive keys (terminal, no --script): SPACE or t = push-to-talk toggle (request floor, stream
          the WAV while granted, release when toggled off), q = queue position, a = answer, c = call
          the --call target, h = hang up, s = status, x = exit.

        Exit codes: 0 ok, 1 a script step failed, 2 bad command line, 3 could not start (socket, WAV).
        """;

    /// <exception cref="CommandLineException">Unknown option or bad value; the message says which.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var client = new McpttClientOptions { Server = new IPEndPoint(IPAddress.Loopback, 5060) };
        var line = new CommandLine(client);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new CommandLineException($"{name} needs a value");
                }

                return args[++i];
            }

            client = line.Client;
            line = name switch
            {
                "--help" or "-h" => line with { Help = true },
                "--server" => line with { Client = client with { Server = ParseServer(Value()) } },
                "--user" => line with { Client = client with { User = NonEmpty(name, Value()) } },
                "--password" => line with { Client = client with { Password = Value() } },
                "--domain" => line with { Client = client with { Domain = NonEmpty(name, Value()) } },
                "--local-ip" => line with { Client = client with { LocalAddress = IPAddress.TryParse(Value(), out IPAddress? ip) ? ip : throw new CommandLineException($"--local-ip: '{args[i]}' is not an IP address") } },
                "--sip-port" => line with { Client = client with { SipPort = Port(name, Value()) } },
                "--rtp-port" => line with { Client = client with { RtpPort = Port(name, Value()) } },
                "--floor-port" => line with { Client = client with { FloorPort = Port(name, Value()) } },
                "--no-register" => line with { Register = false },
                "--expires" => line with { Client = client with { RegisterExpires = TimeSpan.FromSeconds(Number(name, Value(), 0, 86400)) } },
                "--call" => line with { CallTarget = Value() },
                "--answer" => line with { Client = client with { AutoAnswer = true } },
                "--priority" => line with { Client = client with { Priority = (byte)Number(name, Value(), 1, 255) } },
                "--queueing" => line with { Client = client with { Queueing = true } },
                "--implicit-request" => line with { Client = client with { ImplicitRequest = true } },
                "--no-floor" => line with { Client = client with { FloorControl = false } },
                "--mic" => line with { Client = client with { MicrophoneWav = Value() } },
                "--tone-hz" => line with { Client = client with { ToneHz = Number(name, Value(), 50, 3900) } },
                "--record" => line with { Client = client with { RecordWav = Value() } },
                "--script" => line with { Script = Value() },
                "--script-file" => line with { Script = ReadScript(Value()) },
                "--duration" => line with { Duration = ScriptParser.TryParseDuration(Value(), out TimeSpan d) ? d : throw new CommandLineException($"--duration: '{args[i]}' is not a duration") },
                "--verbose" or "-v" => line with { Client = client with { TraceSip = true } },
                _ => throw new CommandLineException($"unknown option '{name}' (see --help)"),
            };
        }

        if (line.Client.Server is null && line.Register && !line.Help)
        {
            line = line with { Register = false };
        }

        return line;
    }

    private static IPEndPoint? ParseServer(string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (IPEndPoint.TryParse(text, out IPEndPoint? endPoint))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 5060) : endPoint;
        }

        // host[:port] with a name: resolve once at start.
        int colon = text.LastIndexOf(':');
        string host = colon > 0 ? text[..colon] : text;
        int port = colon > 0 ? Port("--server", text[(colon + 1)..]) : 5060;
        try
        {
            IPAddress address = Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new CommandLineException($"--server: cannot resolve '{host}'");
            return new IPEndPoint(address, port);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new CommandLineException($"--server: cannot resolve '{host}': {ex.Message}");
        }
    }

    private static string ReadScript(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > ScriptParser.MaxScriptLength)
            {
                throw new CommandLineException($"--script-file: {path} is larger than {ScriptParser.MaxScriptLength} bytes");
            }

            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new CommandLineException($"--script-file: {ex.Message}");
        }
    }

    private static string NonEmpty(string name, string value) =>
        value.Length > 0 ? value : throw new CommandLineException($"{name} must not be empty");

    private static int Port(string name, string value) => (int)Number(name, value, 0, 65535);

    private static double Number(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) && n >= min && n <= max
            ? n
            : throw new CommandLineException($"{name}: '{value}' is not a number in {min}..{max}");
}

/// <summary>The command line is wrong; the message names the option.</summary>
public sealed class CommandLineException(string message) : Exception(message);
