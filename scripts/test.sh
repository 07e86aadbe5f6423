#!/usr/bin/env bash
# Runs every test (unit, bunit, server, browser) and ends with one line "N passed, N failed".
# Installs what the browser tests need (Debian's Chromium) when it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-liberation fonts-roboto >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

dotnet test --solution Dashboard.sln --results-directory "$results" --report-xunit-trx "$@"
code=$?

# Count from the result files, not from the console.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "The test run failed before any result was written (exit $code)."; fi
echo "$passed passed, $failed failed"
exit "$code"
