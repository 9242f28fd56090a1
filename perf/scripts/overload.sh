#!/usr/bin/env bash
# Overload: offered SPIKE_FACTOR x the loss-free maximum for SPIKE_S seconds, then NORMAL_FACTOR x for
# NORMAL_S seconds, over STREAMS ng calls, against our appliance and rtpengine back to back (same
# ng-driven setup as compare.sh). The sink counts every stream in BUCKET_MS buckets by send time;
# overload_report.py prints loss during the spike, how evenly it fell on the streams (per-stream
# delivered fraction, streams muted for a whole second) and the time until loss is back to zero.
#
#   perf/scripts/overload.sh                   # each relay's maximum from its own sweep (SWEEP)
#   MAX_PPS=60000 perf/scripts/overload.sh     # the same given maximum for both relays
#   MAX_PPS_OURS=80000 MAX_PPS_RTPENGINE=60000 perf/scripts/overload.sh   # each relay's maximum, e.g. from compare.sh (a)
#   RELAYS="ours ours-raw rtpengine" MAX_PPS_OURS_RAW=80000 ...           # ours-raw = Media:Engine=Raw
#   RELAYS="ours-raw ours-ring" MAX_PPS_OURS_RING=80000 ...               # ours-ring = Media:Engine=PacketRing
#   RELAYS="ours ours-uring" MAX_PPS_OURS_URING=80000 ...                 # ours-uring = Media:Engine=Uring
#
# On a loaded 2-core box a sweep is noisy (a failed step is retried once, so one lucky pass can set a
# high maximum); giving the maxima from a compare.sh run of the same session is steadier.
# The sender drops its backlog after a stall longer than MAX_LAG_MS instead of catching up in one burst
# (skipped_late in the JSON), so the offered load is the spike, not scheduler-made bursts.
#
# The issue's claim: our loss is spread over all streams and we recover within a second; rtpengine's
# userspace path stops reading a socket after repeated receive-queue overflows, so whole streams go mute.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STREAMS="${STREAMS:-100}"
MAX_PPS="${MAX_PPS:-}"                 # empty: sweep each relay and use its own maximum
SWEEP="${SWEEP:-10000,20000,30000,40000,50000,60000,70000,80000,100000,120000}"
SWEEP_DURATION="${SWEEP_DURATION:-2}"
MAX_LOSS="${MAX_LOSS:-0.1}"
SPIKE_FACTOR="${SPIKE_FACTOR:-1.5}"
NORMAL_FACTOR="${NORMAL_FACTOR:-0.5}"
LEAD_S="${LEAD_S:-2}"                  # normal rate before the spike, to show the baseline
SPIKE_S="${SPIKE_S:-10}"
NORMAL_S="${NORMAL_S:-10}"
BUCKET_MS="${BUCKET_MS:-100}"
MAX_LAG_MS="${MAX_LAG_MS:-20}"
RELAYS="${RELAYS:-ours rtpengine}"
OUT="${OUT:-$(mktemp -d /tmp/mcptt-overload.XXXXXX)}"
mkdir -p "$OUT"
source "$HERE/lib.sh"

build_all
machine_info >"$OUT/machine.txt"
log "results in $OUT"

reports=()
for relay in $RELAYS; do
  port="$(free_port)"
  log "$relay: start (ng 127.0.0.1:$port)"
  start_relay "$relay" "$port"
  override="MAX_PPS_$(tr 'a-z-' 'A-Z_' <<<"$relay")"   # ours-raw -> MAX_PPS_OURS_RAW, ours-ring -> MAX_PPS_OURS_RING
  max="${!override:-$MAX_PPS}"
  if [[ -z "$max" ]]; then
    log "$relay: sweep $SWEEP over $STREAMS streams for the loss-free maximum"
    blast run --ng "127.0.0.1:$port" --streams "$STREAMS" --sweep "$SWEEP" --duration "$SWEEP_DURATION" \
      --max-loss "$MAX_LOSS" --call-prefix "ovsweep" >"$OUT/$relay-sweep.jsonl"
    max="$(python3 -c 'import json,sys; print(int(next(json.loads(l)["max_pps_under_loss"] for l in open(sys.argv[1]) if "-sweep" in l)))' "$OUT/$relay-sweep.jsonl")"
    [[ "$max" -gt 0 ]] || { log "$relay: no loss-free rate in the sweep"; max="${SWEEP%%,*}"; }
  fi
  spike="$(python3 -c "print(round($max * $SPIKE_FACTOR))")"
  normal="$(python3 -c "print(round($max * $NORMAL_FACTOR))")"
  echo "$relay max_pps=$max spike_pps=$spike normal_pps=$normal" >>"$OUT/machine.txt"
  log "$relay: ${normal} pps ${LEAD_S}s, spike ${spike} pps ${SPIKE_S}s, then ${normal} pps ${NORMAL_S}s"
  drops_before="$(udp_rcvbuf_errors)"
  blast overload --ng "127.0.0.1:$port" --streams "$STREAMS" --bucket-ms "$BUCKET_MS" \
    --phases "$normal:$LEAD_S,$spike:$SPIKE_S,$normal:$NORMAL_S" --csv "$OUT/$relay-buckets.csv" \
    --max-lag-ms "$MAX_LAG_MS" --call-prefix "overload" >"$OUT/$relay-overload.jsonl"
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["mode"] == "overload-phase":
        print(sys.argv[2], "phase", r["phase"], "offered", r["offered_pps"], "achieved", r["achieved_pps"], "skipped_late", r["skipped_late"])' \
    "$OUT/$relay-overload.jsonl" "$relay" >>"$OUT/machine.txt"
  echo "$relay udp_rcvbuf_errors_delta=$(( $(udp_rcvbuf_errors) - drops_before )) (system-wide, kernel socket-queue drops)" >>"$OUT/machine.txt"
  [[ "$relay" == rtpengine ]] && grep -c 'receive queue' "$OUT/rtpengine.log" | sed 's/^/rtpengine_receive_queue_log_lines=/' >>"$OUT/machine.txt" || true
  stop_pid "$RELAY_PID"
  reports+=("$relay=$OUT/$relay-buckets.csv")
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

python3 "$HERE/overload_report.py" "$LEAD_S" "$SPIKE_S" "$NORMAL_S" "$BUCKET_MS" "${reports[@]}"
echo
cat "$OUT/machine.txt"
echo "raw CSV and JSON lines: $OUT"
