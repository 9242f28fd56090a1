#!/usr/bin/env bash
# Floor control at scale (issue 9): GROUP_COUNT pre-arranged groups of MEMBERS digest-registered users, all in their
# group call through the appliance; then for each entry of STEPS that many groups cycle the floor once per PERIOD_MS
# (request -> granted + taken at the others -> HOLD_MS -> release -> idle at everyone). floor-load measures at the
# clients: grant latency at the requester, and the time until the last member has Floor Taken / Floor Idle.
#
#   perf/scripts/floor-load.sh                                  # 600 groups of 10, steps 100,300,600, engine Auto
#   GROUP_COUNT=1200 MEMBERS=5 STEPS=100,500,1000 perf/scripts/floor-load.sh   # 1,000 active groups (of 5)
#   GROUP_COUNT=50 MEMBERS=10 STEPS=20 STEP_S=5 perf/scripts/floor-load.sh    # a quick look
#   ENGINES="Batched Uring" perf/scripts/floor-load.sh          # one appliance per engine, back to back
#   PROFILE=1 perf/scripts/floor-load.sh                        # perf record of the appliance during the steps
#
# Why not 2,000 groups of 10: every member costs the appliance three sockets (audio RTP and RTCP, floor) and two
# even/odd port pairs (the floor port takes a whole pair), so 20,000 members need 60,000 descriptors and 80,000 ports:
# more than one IPv4 address has, and three times the open-file limit of a process that may not raise it (20,000 on
# the perf machine). The script refuses a plan that does not fit MEDIA_PORTS (default 2000-65535) or `ulimit -Hn`.
# Everything runs on 127.0.0.1; the appliance is stopped by PID. Results in OUT (a temp dir unless given).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GROUP_COUNT="${GROUP_COUNT:-600}"
MEMBERS="${MEMBERS:-10}"
STEPS="${STEPS:-100,300,600}"
STEP_S="${STEP_S:-10}"
WARMUP_S="${WARMUP_S:-2}"
PERIOD_MS="${PERIOD_MS:-1000}"
HOLD_MS="${HOLD_MS:-200}"
ENGINES="${ENGINES:-${OURS_ENGINE:-Auto}}"
MEDIA_PORTS="${MEDIA_PORTS:-2000-65535}"
PROFILE="${PROFILE:-0}"
OUT="${OUT:-$(mktemp -d /tmp/mcptt-floor-load.XXXXXX)}"
mkdir -p "$OUT"
source "$HERE/lib.sh"
FLOORLOAD="$ROOT/perf/Mcptt.FloorLoad/bin/Release/net10.0/floor-load"

low_port() {   # a port below the media range, free for UDP and TCP on 127.0.0.1 (SIP, ng and HTTP must lie outside it)
  python3 - "$1" <<'PY'
import random, socket, sys
limit = int(sys.argv[1])
for _ in range(500):
    port = random.randint(1100, limit - 1)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        u.bind(("127.0.0.1", port)); t.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        u.close(); t.close()
PY
}

check_plan() {
  local min="${MEDIA_PORTS%-*}" max="${MEDIA_PORTS#*-}"
  local pairs=$(( (max - min + 1) / 2 )) needed=$(( 2 * GROUP_COUNT * MEMBERS ))
  if (( needed > pairs )); then
    log "GROUP_COUNT=$GROUP_COUNT x MEMBERS=$MEMBERS needs $needed media port pairs (audio + floor per member); MEDIA_PORTS=$MEDIA_PORTS has $pairs"
    exit 2
  fi
  (( min > 1200 )) || { log "MEDIA_PORTS must start above 1200 (SIP, ng and HTTP go below it)"; exit 2; }
  # Three descriptors per member (RTP, RTCP, floor) plus the appliance's own.
  local fds=$(( 3 * GROUP_COUNT * MEMBERS + 1024 ))
  if (( $(ulimit -n) < fds )); then
    ulimit -n "$fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    if (( $(ulimit -n) < fds )); then
      log "GROUP_COUNT=$GROUP_COUNT x MEMBERS=$MEMBERS needs $fds open files in the appliance; the hard limit here is $(ulimit -Hn)"
      exit 2
    fi
  fi
}

build() {
  [[ "${SKIP_BUILD:-0}" == 1 ]] && return 0
  log "building floor-load and mcptt-relay (Release)"
  local p
  for p in perf/Mcptt.FloorLoad/Mcptt.FloorLoad.csproj relay/Mcptt.Relay/Mcptt.Relay.csproj; do
    dotnet build "$ROOT/$p" -c Release -v quiet -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
  done
}

start_floor_appliance() {   # $1 engine; sets RELAY_PID SIP_PORT HTTP_PORT
  local engine="$1" min="${MEDIA_PORTS%-*}"
  SIP_PORT="$(low_port "$min")"; HTTP_PORT="$(low_port "$min")"; local ng; ng="$(low_port "$min")"
  [[ -n "$SIP_PORT" && -n "$HTTP_PORT" && -n "$ng" ]] || { log "no free port below $min"; return 1; }
  ${PROFILE_ENV:+env $PROFILE_ENV} nice -n "$NICE" "$APPLIANCE" --ConfigFile="$OUT/site.json" \
    --Sip:UdpPort="$SIP_PORT" --Sip:TcpPort="$SIP_PORT" --Http:Port="$HTTP_PORT" --Ng:Port="$ng" \
    --Media:PortMin="${MEDIA_PORTS%-*}" --Media:PortMax="${MEDIA_PORTS#*-}" --Media:Engine="$engine" \
    ${REALTIME:+--Media:RealtimePriority=$REALTIME} --Logging:LogLevel:Default=Warning >"$OUT/appliance-$engine.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$RELAY_PID" 2>/dev/null || break
    sleep 0.2
  done
  log "appliance ($engine) did not become healthy"; cat "$OUT/appliance-$engine.log" >&2; return 1
}

profile_steps() {   # $1 engine, $2 floor-load log: perf record of the appliance from the first step to the end
  local engine="$1" toollog="$2"
  for _ in $(seq 1200); do grep -q 'group calls up' "$toollog" 2>/dev/null && break; sleep 0.5; done
  perf record -F 499 -g -p "$RELAY_PID" -o "$OUT/perf-$engine.data" >/dev/null 2>"$OUT/perf-$engine.err" &
  local perf_pid=$!
  while kill -0 "$FLOAD_PID" 2>/dev/null; do sleep 0.5; done
  kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true
  perf report -i "$OUT/perf-$engine.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' \
    | head -60 >"$OUT/profile-$engine.txt" || true
  log "$engine: profile in $OUT/profile-$engine.txt"
}

check_plan
build
machine_info >"$OUT/machine.txt"
echo "groups=$GROUP_COUNT members=$MEMBERS steps=$STEPS step_s=$STEP_S period_ms=$PERIOD_MS hold_ms=$HOLD_MS media_ports=$MEDIA_PORTS" >>"$OUT/machine.txt"
log "results in $OUT"
"$FLOORLOAD" config --out "$OUT/site.json" --groups "$GROUP_COUNT" --members "$MEMBERS" --domain 127.0.0.1
[[ "$PROFILE" == 1 ]] && PROFILE_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0" || PROFILE_ENV=""

rc=0
for engine in $ENGINES; do
  log "$engine: start appliance ($GROUP_COUNT groups x $MEMBERS members configured)"
  start_floor_appliance "$engine"
  curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/metrics-$engine-start.txt" || true
  nice -n "$NICE" "$FLOORLOAD" run --server "127.0.0.1:$SIP_PORT" --domain 127.0.0.1 --groups "$GROUP_COUNT" --members "$MEMBERS" \
    --active "$STEPS" --step-seconds "$STEP_S" --warmup "$WARMUP_S" --period-ms "$PERIOD_MS" --hold-ms "$HOLD_MS" \
    --relay-pid "$RELAY_PID" --json "$OUT/floor-$engine.json" >"$OUT/floor-$engine.txt" 2>"$OUT/floor-$engine.log" &
  FLOAD_PID=$!; PIDS+=("$FLOAD_PID")
  [[ "$PROFILE" == 1 ]] && profile_steps "$engine" "$OUT/floor-$engine.log"
  wait "$FLOAD_PID" || rc=$?
  curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/metrics-$engine-end.txt" || true
  stop_pid "$RELAY_PID"
  echo "### engine $engine"
  cat "$OUT/floor-$engine.txt"
  grep -E '^mcptt_(floor|relay_dropped|relay_divert)' "$OUT/metrics-$engine-end.txt" | grep -v ' 0$' | sed 's/^/    /' || true
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
log "done: $OUT (floor-load exit code $rc: 0 = every request answered and every Taken/Idle seen)"
exit "$rc"
