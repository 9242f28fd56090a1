#!/usr/bin/env bash
# Coverage-guided fuzzing of the network parsers (tests/Mcptt.Fuzzing) with SharpFuzz + AFL++.
#
#   tools/fuzz.sh [-t SECONDS] [-o DIR] [--ci] [--no-build] [target ...]
#
# Builds the fuzzing project, copies its output to DIR/bin, instruments the project's assemblies there
# (the normal build output is never touched), replays each target's seed corpus, then runs afl-fuzz on
# each target for SECONDS (one after the other). Crashes and hangs are collected under DIR/findings/<target>
# with the exception each one raises; a hang is confirmed by replaying it in a fresh process with a
# generous limit, so a slow execution on a loaded machine is reported but does not fail the run.
# Exit 1 when a seed or a fuzzed input crashes or hangs. --ci: 10 s per target, no per-target chatter.
# Defaults: every target, 60 s each, DIR = TestResults/fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
out=TestResults/fuzz
build=1
ci=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t) seconds="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --ci) ci=1; seconds=10; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

project=tests/Mcptt.Fuzzing
command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz not found (Debian package afl++; tools/install-test-deps.sh installs it)" >&2; exit 2; }

if [ "$build" -eq 1 ]; then
  dotnet build "$project" -c Release -nologo -clp:ErrorsOnly >/dev/null
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/bin"
cp -r "$project/bin/Release/net10.0" "$out/bin"
dotnet "$out/bin/Mcptt.Fuzzing.dll" instrument "$out/bin" | sed 's/^/fuzz.sh: /'
fuzz() { dotnet "$out/bin/Mcptt.Fuzzing.dll" "$@"; }
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(fuzz list | awk '{print $1}')

# dotnet is not an AFL-instrumented binary (SharpFuzz reports coverage from the managed side); no TTY in CI;
# 2 shared cores: no CPU binding; the machine's core_pattern is not ours to change.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_HANG_TMOUT="${FUZZ_TIMEOUT_MS:-2000}"

afl_stat() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$2/fuzzer_stats" 2>/dev/null || true; }

failed=0
printf '%-13s %10s %8s %8s %7s %6s %9s %7s %6s\n' target execs exec/s seconds corpus edges coverage crashes hangs > "$out/summary.txt"
for target in "${targets[@]}"; do
  seeds="$project/corpus/$target"
  [ -d "$seeds" ] || { echo "fuzz.sh: no seed corpus $seeds" >&2; exit 2; }
  if ! fuzz run "$target" "$seeds" > "$out/$target.seeds.log"; then
    echo "fuzz.sh: $target: a seed crashes:"; cat "$out/$target.seeds.log"; failed=1; continue
  fi
  dict=()
  [ -f "$project/dict/$target.dict" ] && dict=(-x "$project/dict/$target.dict")
  rm -rf "$out/afl/$target"
  mkdir -p "$out/afl"
  # -t: ms per input before it counts as a hang (generous: first runs JIT-compile); -m none: the CLR
  # reserves far more address space than it uses, allocation is bounded by the harness instead.
  timeout -k 10 $((seconds + 120)) nice -n "${FUZZ_NICE:-10}" afl-fuzz -i "$seeds" -o "$out/afl/$target" "${dict[@]}" \
    -t "${FUZZ_TIMEOUT_MS:-2000}" -m none -V "$seconds" -- dotnet "$out/bin/Mcptt.Fuzzing.dll" afl "$target" \
    > "$out/$target.afl.log" 2>&1 || true
  dir="$out/afl/$target/default"
  if [ ! -f "$dir/fuzzer_stats" ]; then
    echo "fuzz.sh: $target: afl-fuzz did not start:"; tail -20 "$out/$target.afl.log"; failed=1; continue
  fi

  findings="$out/findings/$target"
  rm -rf "$findings"; mkdir -p "$findings"
  crashes=0 hangs=0
  for input in "$dir"/crashes/id:*; do
    [ -e "$input" ] || continue
    crashes=$((crashes + 1)); cp "$input" "$findings/"
    fuzz run "$target" "$input" > "$findings/$(basename "$input").log" 2>&1 || true
  done
  for input in "$dir"/hangs/id:*; do
    [ -e "$input" ] || continue
    cp "$input" "$findings/"
    log="$findings/$(basename "$input").log"
    if timeout 20 dotnet "$out/bin/Mcptt.Fuzzing.dll" run "$target" "$input" > "$log" 2>&1; then
      echo "slow under load: finished when replayed alone" >> "$log"
    else
      echo "HANG $target $input: still running after 20 s when replayed alone" >> "$log"
      hangs=$((hangs + 1))
    fi
  done
  printf '%-13s %10s %8s %8s %7s %6s %9s %7s %6s\n' "$target" "$(afl_stat execs_done "$dir")" "$(afl_stat execs_per_sec "$dir")" \
    "$(afl_stat run_time "$dir")" "$(afl_stat corpus_count "$dir")" "$(afl_stat edges_found "$dir")" "$(afl_stat bitmap_cvg "$dir")" \
    "$crashes" "$hangs" >> "$out/summary.txt"
  if [ $((crashes + hangs)) -gt 0 ]; then
    failed=1
    echo "fuzz.sh: $target: $crashes crash(es), $hangs hang(s) in $findings; first one:"
    head -20 "$(ls "$findings"/*.log | head -1)"
  fi
  [ "$ci" -eq 1 ] || tail -1 "$out/summary.txt"
done

cat "$out/summary.txt"
if [ "$failed" -ne 0 ]; then echo "fuzz.sh: FAILED (findings in $out/findings)"; exit 1; fi
echo "fuzz.sh: no crash, no hang"
