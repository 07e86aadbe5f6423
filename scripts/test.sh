#!/usr/bin/env bash
# Runs every test (unit, bunit, server, browser) twice, on SQLite and on PostgreSQL, and ends with one line
# "N passed, N failed" for both runs together.
#   --repeat N   runs both N times in a row (to find flaky tests) and lists every test that failed in any run;
#                the last line counts all runs together. Other arguments go to `dotnet test` (e.g. -- --filter-class X).
# Installs what the tests need when it is missing: Debian's Chromium for the browser tests, its PostgreSQL for the second
# run, and from npm the chat platform's clients that some tests drive.
set -uo pipefail
cd "$(dirname "$0")/.."

repeat=1
if [ "${1:-}" = "--repeat" ]; then
  repeat=${2:-}; shift 2 || true
  case "$repeat" in ''|*[!0-9]*|0) echo "--repeat takes a number of runs (1 or more)."; echo "0 passed, 1 failed"; exit 2 ;; esac
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-liberation fonts-roboto >/dev/null
fi

# The platform's real clients that tests run against the app (App.Tests/Api/RealClientTests.cs), from the lock file.
clients="App.Tests/Api/Clients"
if [ ! -d "$clients/node_modules" ] && ! npm ci --prefix "$clients" --no-audit --no-fund; then
  echo "The clients in $clients could not be installed from npm (see above)."; echo "0 passed, 1 failed"; exit 1
fi

# A missing PostgreSQL fails the run, never skips its half: a green line must mean both providers were tested.
source scripts/postgres.sh
trap pg_stop EXIT
trap 'exit 130' INT TERM  # so the EXIT trap also stops the cluster on Ctrl-C or a kill
if ! pg_start; then
  echo "PostgreSQL could not be started, so the PostgreSQL run cannot happen (see above)."
  echo "0 passed, 1 failed"; exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

# Built once; every run uses the same binaries.
if ! dotnet build Dashboard.sln; then echo "The build failed."; echo "0 passed, 1 failed"; exit 1; fi

# One run of the whole suite into $results/$1; counts its result files into run_passed/run_failed/run_skipped.
run() {
  local name=$1; shift
  mkdir -p "$results/$name"
  "$@" dotnet test --solution Dashboard.sln --no-build --results-directory "$results/$name" --report-xunit-trx "${args[@]}"
  local code=$?
  # Count from the result files, not from the console.
  run_passed=0; run_failed=0; run_skipped=0
  local trx
  for trx in "$results/$name"/*.trx; do
    [ -f "$trx" ] || continue
    local p f s
    p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    s=$(grep -o 'notExecuted="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    run_passed=$((run_passed + ${p:-0})); run_failed=$((run_failed + ${f:-0})); run_skipped=$((run_skipped + ${s:-0}))
  done
  if [ "$code" -ne 0 ] && [ "$run_failed" -eq 0 ]; then run_failed=1; echo "The $name run failed before any result was written (exit $code)."; fi
  return "$code"
}
args=("$@")

# The names of failed tests of run $1 and the start of their messages.
list_failures() {
  local trx
  for trx in "$results/$1"/*.trx; do
    [ -f "$trx" ] || continue
    perl -0777 -ne 'while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed".*?<Message>((?:(?!<\/Message>).){0,400})/sg) { my ($n, $m) = ($1, $2); $m =~ s/\s+/ /g; print "FAILED ('"$1"'): $n\n    $m\n" }' "$trx"
  done
}

passed=0; failed=0; code=0; summary=()
for i in $(seq 1 "$repeat"); do
  suffix=""; [ "$repeat" -gt 1 ] && suffix="-$i"
  # The SQLite run sees no server, so nothing there can depend on PostgreSQL by accident.
  run "sqlite$suffix" env -u DASHBOARD_TEST_PROVIDER -u DASHBOARD_TEST_POSTGRES || code=$?
  # Skipped: only the multi-instance tests, which need the server and run in the PostgreSQL run.
  summary+=("SQLite run$suffix: $run_passed passed, $run_failed failed, $run_skipped skipped"); passed=$((passed + run_passed)); failed=$((failed + run_failed))
  run "postgresql$suffix" env DASHBOARD_TEST_PROVIDER=PostgreSQL || code=$?
  summary+=("PostgreSQL run$suffix: $run_passed passed, $run_failed failed, $run_skipped skipped"); passed=$((passed + run_passed)); failed=$((failed + run_failed))
done

# Near the end, where a cut log still shows them: every failure of every run, then which tests failed in how many runs.
failures=$(for dir in "$results"/*/; do list_failures "$(basename "$dir")"; done)
[ -n "$failures" ] && echo "$failures"
if [ "$repeat" -gt 1 ]; then
  flaky=$(echo "$failures" | sed -n 's/^FAILED ([^)]*): //p' | sort | uniq -c | sort -rn)
  if [ -n "$flaky" ]; then echo "Tests that failed in any of $repeat repeats (runs failed, name):"; echo "$flaky"; else echo "No test failed in $repeat repeats."; fi
fi
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
exit "$code"
