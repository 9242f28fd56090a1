#!/usr/bin/env bash
# GC soak: the real appliance (mcptt-relay, Release) carries STREAMS ng calls at RATE pps for DURATION
# seconds; /metrics is scraped right before and right after the blast (by the blaster, after call setup
# and warm-up, before teardown, so the ng control plane's own work is outside the window). Prints the
# deltas of dotnet_gc_collections_total per generation, mcptt_relay_worker_allocated_bytes_total per
# worker, dotnet_gc_allocated_bytes_total (whole process) and the forwarded packet counts.
# Each /metrics scrape itself allocates ~90 KB in the appliance (measured 2026-11-21: rendering a 14 KB
# page plus Kestrel's request), so the process-wide delta includes about one scrape; it is reported, not judged.
# Exit 1 when any GC generation count moved or any worker allocated a byte during the blast.
#
#   perf/scripts/gc-soak.sh                   # 100 streams, 50 kpps, 60 s
#   DURATION=10 OURS_ENGINE=Portable perf/scripts/gc-soak.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STREAMS="${STREAMS:-100}"
RATE="${RATE:-50000}"
DURATION="${DURATION:-60}"
OUT="${OUT:-$(mktemp -d /tmp/mcptt-gcsoak.XXXXXX)}"
mkdir -p "$OUT"
source "$HERE/lib.sh"
STEP_TIMEOUT=$((DURATION + 120))

build_all
machine_info >"$OUT/machine.txt"
log "results in $OUT"
port="$(free_port)"
start_appliance "$port"
log "appliance pid $RELAY_PID, ng $port, http $HTTP_PORT; ${STREAMS} streams at ${RATE} pps for ${DURATION} s"
drops_before="$(udp_rcvbuf_errors)"
blast run --ng "127.0.0.1:$port" --relay-pid "$RELAY_PID" --streams "$STREAMS" --pps "$RATE" --duration "$DURATION" \
  --call-prefix soak --metrics-url "http://127.0.0.1:$HTTP_PORT/metrics" --metrics-out "$OUT/metrics" >"$OUT/soak.jsonl"
drops_after="$(udp_rcvbuf_errors)"
stop_pid "$RELAY_PID"
# Kernel-side loss (a relay or sink socket's queue full while its thread waited for a CPU); system-wide,
# so other programs' UDP drops during the run count too.
echo "udp_rcvbuf_errors_delta=$((drops_after - drops_before))" >>"$OUT/machine.txt"
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

rc=0
python3 "$HERE/metrics_delta.py" "$OUT/metrics-before.txt" "$OUT/metrics-after.txt" "$OUT/soak.jsonl" || rc=$?
echo
cat "$OUT/machine.txt"
echo "raw files: $OUT"
exit $rc
