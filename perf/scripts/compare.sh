#!/usr/bin/env bash
# Side-by-side: our relay vs Debian's rtpengine, same workload driven through the ng port.
#
#   perf/scripts/compare.sh            # build Release, run everything (~3-5 min), print the table
#   SKIP_BUILD=1 RELAYS="rtpengine" perf/scripts/compare.sh
#   OURS_ENGINE=Portable perf/scripts/compare.sh      # Auto|Batched|Portable|Raw|PacketRing|Uring (our data-plane engine)
#   RELAYS="ours ours-raw rtpengine" perf/scripts/compare.sh   # ours-raw = the appliance with Media:Engine=Raw
#   RELAYS="ours ours-raw ours-ring rtpengine" perf/scripts/compare.sh   # ours-ring = Media:Engine=PacketRing
#   RELAYS="ours ours-uring" perf/scripts/compare.sh                      # ours-uring = Media:Engine=Uring
#   RELAYS="ours-batched rtpengine" perf/scripts/compare.sh               # ours-batched = the per-port fallback (ours = Auto = Uring where io_uring works)
#   REALTIME=10 perf/scripts/compare.sh   # both relays' media threads under SCHED_FIFO 10 (root)
#
# Measures (each relay in its own process, CPU = utime+stime from /proc/<pid>/stat):
#   (a) highest offered rate with < MAX_LOSS % loss over STREAMS streams (ascending SWEEP, stops at first failure)
#   (b) relay CPU ns per forwarded packet at RATE pps      (median of REPEAT trials)
#   (c) one-way latency p50/p99/p99.9 at RATE pps           (median of REPEAT trials)
#   (c') the same latency ending at the sink socket's kernel receive timestamp
#   (d) 1-to-FANOUT fan-out: rtpengine through ng publish/subscribe; ours through a host-mode bridge
#   plus the harness ceiling: the blaster straight into its sink, no relay.
#
# "ours" for (a)-(c) is the appliance executable itself (relay/Mcptt.Relay, `mcptt-relay`, Release),
# started with its SIP/HTTP on free ports and driven only through its ng port, --Media:Engine=$OURS_ENGINE.
# Its CPU figure therefore includes everything the appliance runs (SIP stack, Kestrel, timers), idle.
# (d) for ours still runs `rtp-blaster relay --fanout N --engine $OURS_ENGINE` (the same RelayEngine):
# the ng port's calls are 1:1 and it has no publish/subscribe, so the appliance offers no way to set up a
# 1-to-100 bridge without 100 SIP group members; the data-plane work (one packet in, N out) is the same.
# Everything binds 127.0.0.1, every process is started here and stopped by PID, every step has a timeout.
#
# Latency, two figures per trial, both starting at the send stamp the blaster writes into each probe
# (Stopwatch, read once per sendmmsg batch, so a packet late in a 64-packet batch also carries the
# send syscall time of the ones before it):
#   (c)  "app" (p50_us, p99_us, p999_us): ends when the sink thread has the datagram in hand after
#        recvmmsg. It includes the sink thread's own wake-up and scheduling delay, which on a 2-core box
#        shared by sender, relay and sink is a large part of every figure, the harness ceiling included.
#   (c') "kernel" (kernel_p50_us, kernel_p99_us, kernel_p999_us): ends at the kernel's software receive
#        timestamp for the datagram (SO_TIMESTAMPNS), taken as it enters the receive path toward the
#        sink socket (on loopback: inside the relay's send syscall). The sink thread's delay is left out,
#        so (c') minus the ceiling's (c') is closer to what the relay itself adds. Probes without a kernel
#        stamp are counted (kernel_stamp_missing) and left out of (c').
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STREAMS="${STREAMS:-100}"
RATE="${RATE:-50000}"
DURATION="${DURATION:-2}"
REPEAT="${REPEAT:-3}"
MAX_LOSS="${MAX_LOSS:-0.1}"
SWEEP="${SWEEP:-10000,20000,30000,40000,50000,60000,80000,100000,120000,150000,200000}"
FANOUT="${FANOUT:-100}"
FANOUT_PPS="${FANOUT_PPS:-500}"      # talker rate; the sink expects FANOUT x this
RELAYS="${RELAYS:-ours rtpengine}"
# OURS_ENGINE, OURS_PORTS, RTPENGINE_PORTS, NICE: see lib.sh.
OUT="${OUT:-$(mktemp -d /tmp/mcptt-compare.XXXXXX)}"
mkdir -p "$OUT"
source "$HERE/lib.sh"

build_all
[[ -x "$BLASTER" ]] || { log "missing $BLASTER"; exit 1; }
machine_info >"$OUT/machine.txt"
log "results in $OUT"

log "harness ceiling: selftest sweep + ${REPEAT}x ${RATE} pps"
blast selftest --streams "$STREAMS" --sweep "$SWEEP" --duration "$DURATION" --max-loss "$MAX_LOSS" >"$OUT/ceiling-sweep.jsonl"
blast selftest --streams "$STREAMS" --pps "$RATE" --repeat "$REPEAT" --duration "$DURATION" >"$OUT/ceiling-fixed.jsonl"

for relay in $RELAYS; do
  port="$(free_port)"
  log "$relay: start (ng 127.0.0.1:$port)"
  start_relay "$relay" "$port"
  log "$relay: sweep $SWEEP over $STREAMS streams"
  blast run --ng "127.0.0.1:$port" --relay-pid "$RELAY_PID" --streams "$STREAMS" --sweep "$SWEEP" \
    --duration "$DURATION" --max-loss "$MAX_LOSS" --call-prefix "sweep" >"$OUT/$relay-sweep.jsonl"
  log "$relay: ${REPEAT}x ${RATE} pps"
  # Fresh calls per trial: an overloaded rtpengine gives up on streams whose receive queue overflowed
  # ("UDP receive queue exceeded"), which would otherwise carry one bad trial into the next.
  for i in $(seq "$REPEAT"); do
    blast run --ng "127.0.0.1:$port" --relay-pid "$RELAY_PID" --streams "$STREAMS" --pps "$RATE" \
      --duration "$DURATION" --call-prefix "fixed$i"
  done >"$OUT/$relay-fixed.jsonl"
  if [[ "$relay" == rtpengine ]]; then
    log "rtpengine: 1-to-$FANOUT fan-out via publish/subscribe, talker ${FANOUT_PPS} pps"
    # A fresh publication per trial, for the same reason as the fresh calls above.
    for i in $(seq "$REPEAT"); do
      blast run --ng "127.0.0.1:$port" --publish --fanout "$FANOUT" --streams 1 --pps "$FANOUT_PPS" \
        --duration "$DURATION" --relay-pid "$RELAY_PID" --call-prefix "fanout$i" \
        || log "rtpengine fan-out trial $i failed (see $OUT/rtpengine.log)"
    done >"$OUT/rtpengine-fanout.jsonl"
  fi
  stop_pid "$RELAY_PID"
done

for relay in $RELAYS; do
  case "$relay" in ours) engine="$OURS_ENGINE" ;; ours-raw) engine=Raw ;; ours-ring) engine=PacketRing ;; ours-uring) engine=Uring ;; ours-batched) engine=Batched ;; *) continue ;; esac
  port="$(free_port)"; sink_port="$(free_port)"
  log "$relay: 1-to-$FANOUT fan-out (rtp-blaster relay, engine $engine), talker ${FANOUT_PPS} pps"
  OURS_ENGINE="$engine" start_blaster_relay "$port" --fanout "$FANOUT" --fanout-to "127.0.0.1:$sink_port"
  fanout_port="$(grep -o 'fanout_port=[0-9]*' "$OUT/ours-host.log" | cut -d= -f2)"
  # One blaster process for all repeats: the talker leg latches the first source it sees.
  blast run --target "127.0.0.1:$fanout_port" --fanout "$FANOUT" --sink-bind "127.0.0.1:$sink_port" \
    --streams 1 --pps "$FANOUT_PPS" --repeat "$REPEAT" --duration "$DURATION" --relay-pid "$RELAY_PID" >"$OUT/$relay-fanout.jsonl"
  stop_pid "$RELAY_PID"
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

python3 "$HERE/compare_table.py" "$OUT" "$RATE" "$STREAMS" "$MAX_LOSS" "$FANOUT"
