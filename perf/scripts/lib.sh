# Shared by compare.sh, overload.sh and gc-soak.sh (source it; needs ROOT and OUT set).
# Every process is started here, remembered in PIDS and stopped by PID; everything binds 127.0.0.1.

BLASTER="$ROOT/perf/Mcptt.RtpBlaster/bin/Release/net10.0/rtp-blaster"
APPLIANCE="$ROOT/relay/Mcptt.Relay/bin/Release/net10.0/mcptt-relay"
STEP_TIMEOUT="${STEP_TIMEOUT:-120}"
# Relays and blaster run at this niceness (negative needs root): on a shared box it keeps other
# tenants' builds from dominating the figures. Applied identically to both relays and the harness.
NICE="${NICE:-$([[ $(id -u) == 0 ]] && echo -10 || echo 0)}"
# Media port ranges above Linux's default ephemeral range (32768-60999), so outgoing sockets of other
# programs can't take them mid-run; ng, SIP, HTTP and sink ports are probed free.
OURS_PORTS="${OURS_PORTS:-61000-62999}"
RTPENGINE_PORTS="${RTPENGINE_PORTS:-63000-64999}"
# Our engine: Auto|Batched|Portable|Raw|PacketRing|Uring, passed to the appliance (--Media:Engine=) and to rtp-blaster relay (--engine).
OURS_ENGINE="${OURS_ENGINE:-Auto}"
# REALTIME=N (1..99, needs root): both relays' media threads under SCHED_FIFO priority N, ours through
# Media:RealtimePriority, rtpengine through its own --scheduling=fifo --priority=N. Unset = both normal.
REALTIME="${REALTIME:-}"
PIDS=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

free_port() {   # a port free for both UDP and TCP on 127.0.0.1 (the appliance's SIP uses both)
  python3 - <<'PY'
import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); port = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        t.close(); u.close()
PY
}

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

build_all() {   # Release builds of rtp-blaster and the appliance unless SKIP_BUILD=1
  [[ "${SKIP_BUILD:-0}" == 1 ]] && return 0
  log "building rtp-blaster and mcptt-relay (Release)"
  local p
  for p in perf/Mcptt.RtpBlaster/Mcptt.RtpBlaster.csproj relay/Mcptt.Relay/Mcptt.Relay.csproj; do
    dotnet build "$ROOT/$p" -c Release -v quiet -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
  done
}

# The appliance exe, driven only through its ng port; SIP/HTTP on free ports so a second appliance
# (another test) on the defaults does not collide. Sets RELAY_PID and HTTP_PORT; $1 = ng port.
start_appliance() {
  local port="$1"; shift
  local sip; sip="$(free_port)"; HTTP_PORT="$(free_port)"
  nice -n "$NICE" "$APPLIANCE" --Sip:UdpPort="$sip" --Sip:TcpPort="$sip" --Http:Port="$HTTP_PORT" \
    --Ng:Port="$port" --Media:PortMin="${OURS_PORTS%-*}" --Media:PortMax="${OURS_PORTS#*-}" \
    --Media:Engine="$OURS_ENGINE" ${REALTIME:+--Media:RealtimePriority=$REALTIME} --Logging:LogLevel:Default=Warning "$@" >"$OUT/appliance.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$RELAY_PID" 2>/dev/null || break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 || { log "appliance did not become healthy"; cat "$OUT/appliance.log" >&2; return 1; }
  wait_ng "$port"
}

# rtp-blaster relay (RelayEngine + NgServer alone in a process); only for the fan-out, see compare.sh.
start_blaster_relay() {   # $1 ng port, extra args follow; sets RELAY_PID
  local port="$1"; shift
  nice -n "$NICE" "$BLASTER" relay --ng "127.0.0.1:$port" --port-min "${OURS_PORTS%-*}" --port-max "${OURS_PORTS#*-}" \
    --engine "$OURS_ENGINE" "$@" >"$OUT/ours-host.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  # READY comes after any fan-out legs are set up, which the ng port answering does not imply.
  for _ in $(seq 100); do grep -q '^READY' "$OUT/ours-host.log" && break; sleep 0.1; done
  grep -q '^READY' "$OUT/ours-host.log" || { log "rtp-blaster relay did not start"; cat "$OUT/ours-host.log" >&2; return 1; }
  wait_ng "$port"
}

start_rtpengine() {   # $1 ng port; sets RELAY_PID
  local port="$1"
  # --table=-1: no kernel forwarding (userspace only, like ours); one ng listener; quiet log;
  # --delete-delay=0: free ports at delete (default 30 s would exhaust the range across trials).
  nice -n "$NICE" rtpengine --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$port" \
    --port-min="${RTPENGINE_PORTS%-*}" --port-max="${RTPENGINE_PORTS#*-}" --foreground --log-stderr --log-level=3 \
    --num-threads="$(nproc)" --delete-delay=0 ${REALTIME:+--scheduling=fifo --priority=$REALTIME} >"$OUT/rtpengine.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  wait_ng "$port"
}

start_relay() {   # $1 ours|ours-batched|ours-raw|ours-ring|ours-uring|rtpengine, $2 ng port
  case "$1" in
    ours)      start_appliance "$2" ;;
    ours-raw)  OURS_ENGINE=Raw start_appliance "$2" ;;
    ours-ring) OURS_ENGINE=PacketRing start_appliance "$2" ;;
    ours-uring) OURS_ENGINE=Uring start_appliance "$2" ;;
    ours-batched) OURS_ENGINE=Batched start_appliance "$2" ;;
    rtpengine) start_rtpengine "$2" ;;
    *) log "unknown relay $1"; return 1 ;;
  esac
}

blast() {   # blaster args...; JSON lines to stdout
  nice -n "$NICE" timeout "$STEP_TIMEOUT" "$BLASTER" "$@" --json
}

machine_info() {   # to stdout, key=value lines
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel=$(uname -r)"
  echo "rtpengine=$(rtpengine --version 2>&1 | head -1)"
  echo "dotnet=$(dotnet --version)"
  echo "nice=$NICE"
  echo "ours_engine=$OURS_ENGINE"
  echo "realtime=${REALTIME:-off}"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
}

udp_rcvbuf_errors() {   # system-wide UDP datagrams dropped because a socket's receive queue was full
  awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp
}
