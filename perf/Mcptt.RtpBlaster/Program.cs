using Mcptt.RtpBlaster.Modes;
using Mcptt.RtpBlaster.Native;

const string Usage = """
rtp-blaster: RTP load generator, sink and ng client for the relay perf harness.

  rtp-blaster selftest [--streams 100] [--pps 50000 | --sweep 20000,50000,...] [--duration 2] [--json]
      blaster straight into the in-process sink: the harness ceiling.
  rtp-blaster run --ng 127.0.0.1:2223 [--relay-pid PID] [--streams 100] [--pps N | --sweep ...] [--duration 2] [--json]
      sets up one ng call per stream (offer/answer), blasts through the relay into the sink,
      reports loss, one-way latency p50/p99/p99.9 and the relay's CPU ns per forwarded packet; deletes the calls.
  rtp-blaster run --ng HOST:PORT --publish --fanout N --streams 1 ...
      1-to-N through ng publish / subscribe request / subscribe answer (rtpengine).
  rtp-blaster run --target HOST:PORT [--fanout N --sink-bind IP:PORT] ...
      no call setup: send to a fixed relay port; with --fanout each packet is expected N times at the sink.
  rtp-blaster overload --ng HOST:PORT --phases 90000:10,30000:10 --csv FILE [--streams 100] [--bucket-ms 100] [--max-lag-ms 20] [--json]
      N ng calls, then the phases back to back (rate:seconds); per-stream sent/received per time bucket to FILE.
  rtp-blaster blast --to HOST:PORT[,HOST:PORT...] [--streams N] [--pps N] [--duration S] [--bind IP:PORT]
  rtp-blaster sink [--bind IP:PORT] [--streams N] [--duration S] [--json]
  rtp-blaster ng --server HOST:PORT COMMAND [key=value ...]     e.g. ping | list | query call-id=X
  rtp-blaster relay [--ng 127.0.0.1:2223] [--port-min 30000] [--port-max 39999] [--workers 2] [--engine Auto|Batched|Raw|PacketRing|Uring|Portable]
      our RelayEngine + ng port alone in a process (compare.sh uses it for the fan-out (d) only).
      --fanout N --fanout-to IP:PORT adds one talker leg bridged to N listener legs sending to IP:PORT.
run: --metrics-url http://127.0.0.1:9180/metrics --metrics-out PREFIX saves /metrics before and after the measured trials.
Common: --repeat N (same --pps N times), --payload 160 (bytes after the 12-byte RTP header), --max-loss 0.1 (percent, ends a sweep), --warmup 0.3 (s).
""";

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (!LinuxUdp.IsSupported && args[0] is "selftest" or "run" or "blast" or "sink" or "overload")
{
    Console.Error.WriteLine("rtp-blaster needs Linux x64/arm64 (sendmmsg/recvmmsg).");
    return 2;
}
try
{
    var options = new Options(args.Skip(1));
    return args[0] switch
    {
        "selftest" => LoadModes.Selftest(options),
        "run" => LoadModes.Run(options),
        "blast" => LoadModes.Blast(options),
        "sink" => LoadModes.SinkOnly(options),
        "overload" => OverloadMode.Run(options),
        "ng" => NgCommandMode.Run(options),
        "relay" => RelayHostMode.Run(options),
        _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
    };
}
catch (Exception e) when (e is ArgumentException or FormatException or TimeoutException or InvalidOperationException or InvalidDataException)
{
    Console.Error.WriteLine("rtp-blaster: " + e.Message);
    return 1;
}
