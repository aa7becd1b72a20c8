#!/usr/bin/env bash
# The browser and live-server tests, RUNS times in a row (default 20) while stress-ng keeps every
# core busy: a test that waits for a state instead of asserting it at once passes every time.
# Prints one line per run and a summary, and appends the summary to bench/RESULTS.md.
# Usage: make repeat-under-load [RUNS=20] [STRESS_CPUS=2]   (needs stress-ng: apt-get install stress-ng)
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
STRESS_CPUS=${STRESS_CPUS:-$(nproc)}
TESTS=(
  tests/test_accessibility.py tests/test_browser_admin.py tests/test_browser_csp.py
  tests/test_browser_editing.py tests/test_browser_reading.py tests/test_concurrency.py
  tests/test_database_faults.py tests/test_http_caching.py tests/test_page_cache_processes.py
  tests/test_request_logging.py tests/test_security_headers.py
)
# Browser tests of later features, when present.
for extra in tests/test_browser_*.py; do
  [[ " ${TESTS[*]} " == *" $extra "* ]] || TESTS+=("$extra")
done

command -v stress-ng >/dev/null || { echo "stress-ng is not installed (apt-get install stress-ng)" >&2; exit 2; }
stress-ng --cpu "$STRESS_CPUS" --timeout 3h --quiet &
stress=$!
trap 'kill $stress 2>/dev/null; wait $stress 2>/dev/null' EXIT

failed_runs=0
total_tests=0
started=$(date +%s)
for run in $(seq "$RUNS"); do
  log=$(mktemp)
  .venv/bin/python -m pytest -q -p no:cacheprovider "${TESTS[@]}" >"$log" 2>&1
  status=$?
  summary=$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$log" | tail -1 | tr -d '=')
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "run $run/$RUNS: exit $status, ${summary:-no summary} (load $load)"
  if [ "$status" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    grep -E '^(FAILED|ERROR)' "$log"
    mkdir -p reports && cp "$log" "reports/repeat-under-load-run-$run.log"
    echo "  (the whole output: reports/repeat-under-load-run-$run.log)"
  fi
  passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+')
  total_tests=$((total_tests + ${passed:-0}))
  rm -f "$log"
done
minutes=$(( ($(date +%s) - started) / 60 ))
result="$RUNS runs of ${#TESTS[@]} test modules under stress-ng --cpu $STRESS_CPUS on $(nproc) cores: $failed_runs failed runs, $total_tests tests passed in all, $minutes min"
echo "$result"
printf '\n## Browser and live-server tests under load, %s UTC\n\n`make repeat-under-load RUNS=%s`: %s.\n' \
  "$(date -u '+%Y-%m-%d %H:%M')" "$RUNS" "$result" >>bench/RESULTS.md
[ "$failed_runs" -eq 0 ]
