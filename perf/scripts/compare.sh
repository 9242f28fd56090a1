#!/usr/bin/env bash
# Side-by-side: our relay vs Debian's rtpengine, same workload driven through the ng port.
#
#   perf/scripts/compare.sh            # build Release, run everything (~3-5 min), print the table
#   SKIP_BUILD=1 RELAYS="rtpengine" perf/scripts/compare.sh
#
# Measures (each relay in its own process, CPU = utime+stime from /proc/<pid>/stat):
#   (a) highest offered rate with < MAX_LOSS % loss over STREAMS streams (ascending SWEEP, stops at first failure)
#   (b) relay CPU ns per forwarded packet at RATE pps      (median of REPEAT trials)
#   (c) one-way latency p50/p99/p99.9 at RATE pps           (median of REPEAT trials)
#   (d) 1-to-FANOUT fan-out: rtpengine through ng publish/subscribe; ours through a host-mode bridge
#       (our ng port has no publish/subscribe, so the talker leg + N listener legs are set up in-process)
#   plus the harness ceiling: the blaster straight into its sink, no relay.
# Everything binds 127.0.0.1, every process is started here and stopped by PID, every step has a timeout.
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
# Media port ranges above Linux's default ephemeral range (32768-60999), so outgoing sockets of other
# programs can't take them mid-run; the ng and sink ports are probed free.
OURS_PORTS="${OURS_PORTS:-61000-62999}"
RTPENGINE_PORTS="${RTPENGINE_PORTS:-63000-64999}"
OUT="${OUT:-$(mktemp -d /tmp/mcptt-compare.XXXXXX)}"
mkdir -p "$OUT"
BLASTER="$ROOT/perf/Mcptt.RtpBlaster/bin/Release/net10.0/rtp-blaster"
STEP_TIMEOUT=120
# Run relays and blaster at this niceness (negative needs root): on a shared box it keeps other
# tenants' builds from dominating the figures. Applied identically to both relays and the harness.
NICE="${NICE:-$([[ $(id -u) == 0 ]] && echo -10 || echo 0)}"
PIDS=()

free_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

wait_ng() {   # wait until the ng port answers ping
  for _ in $(seq 50); do
    "$BLASTER" ng --server "127.0.0.1:$1" ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log "ng port $1 did not answer"; return 1
}

start_ours() {   # $1 ng port, extra args follow; sets RELAY_PID
  local port="$1"; shift
  nice -n "$NICE" "$BLASTER" relay --ng "127.0.0.1:$port" --port-min "${OURS_PORTS%-*}" --port-max "${OURS_PORTS#*-}" "$@" >"$OUT/ours.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  # READY comes after any fan-out legs are set up, which the ng port answering does not imply.
  for _ in $(seq 100); do grep -q '^READY' "$OUT/ours.log" && break; sleep 0.1; done
  grep -q '^READY' "$OUT/ours.log" || { log "our relay did not start"; cat "$OUT/ours.log" >&2; return 1; }
  wait_ng "$port"
}

start_rtpengine() {
  local port="$1"
  # --table=-1: no kernel forwarding (userspace only, like ours); one ng listener; quiet log;
  # --delete-delay=0: free ports at delete (default 30 s would exhaust the range across trials).
  nice -n "$NICE" rtpengine --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$port" \
    --port-min="${RTPENGINE_PORTS%-*}" --port-max="${RTPENGINE_PORTS#*-}" --foreground --log-stderr --log-level=3 \
    --num-threads="$(nproc)" --delete-delay=0 >"$OUT/rtpengine.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  wait_ng "$port"
}

blast() {   # blaster args...; JSON lines to stdout
  nice -n "$NICE" timeout "$STEP_TIMEOUT" "$BLASTER" "$@" --json
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building rtp-blaster (Release)"
  dotnet build "$ROOT/perf/Mcptt.RtpBlaster/Mcptt.RtpBlaster.csproj" -c Release -v quiet -nologo >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi
[[ -x "$BLASTER" ]] || { log "missing $BLASTER"; exit 1; }

{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel=$(uname -r)"
  echo "rtpengine=$(rtpengine --version 2>&1 | head -1)"
  echo "dotnet=$(dotnet --version)"
  echo "nice=$NICE"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"
log "results in $OUT"

log "harness ceiling: selftest sweep + ${REPEAT}x ${RATE} pps"
blast selftest --streams "$STREAMS" --sweep "$SWEEP" --duration "$DURATION" --max-loss "$MAX_LOSS" >"$OUT/ceiling-sweep.jsonl"
blast selftest --streams "$STREAMS" --pps "$RATE" --repeat "$REPEAT" --duration "$DURATION" >"$OUT/ceiling-fixed.jsonl"

for relay in $RELAYS; do
  port="$(free_udp_port)"
  log "$relay: start (ng 127.0.0.1:$port)"
  case "$relay" in
    ours)      start_ours "$port" ;;
    rtpengine) start_rtpengine "$port" ;;
    *) log "unknown relay $relay"; exit 1 ;;
  esac
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

if [[ " $RELAYS " == *" ours "* ]]; then
  port="$(free_udp_port)"; sink_port="$(free_udp_port)"
  log "ours: 1-to-$FANOUT fan-out, talker ${FANOUT_PPS} pps"
  start_ours "$port" --fanout "$FANOUT" --fanout-to "127.0.0.1:$sink_port"
  fanout_port="$(grep -o 'fanout_port=[0-9]*' "$OUT/ours.log" | cut -d= -f2)"
  # One blaster process for all repeats: the talker leg latches the first source it sees.
  blast run --target "127.0.0.1:$fanout_port" --fanout "$FANOUT" --sink-bind "127.0.0.1:$sink_port" \
    --streams 1 --pps "$FANOUT_PPS" --repeat "$REPEAT" --duration "$DURATION" --relay-pid "$RELAY_PID" >"$OUT/ours-fanout.jsonl"
  stop_pid "$RELAY_PID"
fi
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

python3 "$HERE/compare_table.py" "$OUT" "$RATE" "$STREAMS" "$MAX_LOSS" "$FANOUT"
