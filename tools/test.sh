#!/usr/bin/env bash
# Runs every test of the solution: installs missing test peers, builds Release, runs all test projects,
# then a short fuzzing run of every network parser (tools/fuzz.sh --ci).
# Prints one summary line per test assembly ("Passed!/Failed! - Failed: N, Passed: N, ...") and a total.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-test-deps.sh
dotnet build Mcptt.Relay.sln -c Release -nologo -clp:ErrorsOnly

mkdir -p TestResults
set +e
dotnet test Mcptt.Relay.sln -c Release --no-build -nologo \
  --logger "console;verbosity=minimal" \
  --results-directory TestResults 2>&1 | tee TestResults/test.log
rc=${PIPESTATUS[0]}

# A short coverage-guided run of every network parser (10 s each); a crash or a confirmed hang fails CI.
tools/fuzz.sh --ci --no-build -o TestResults/fuzz 2>&1 | tee TestResults/fuzz.log
fuzz_rc=${PIPESTATUS[0]}
set -e

passed=$(grep -oE 'Passed: +[0-9]+' TestResults/test.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' TestResults/test.log | awk '{s+=$2} END {print s+0}')
echo "dotnet test exit code ${rc}, fuzz.sh exit code ${fuzz_rc}"
echo "TOTAL: ${passed} passed, ${failed} failed"
[ "$rc" -ne 0 ] && exit "$rc"
exit "$fuzz_rc"
