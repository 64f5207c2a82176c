#!/usr/bin/env bash
# Runs every test, in order, stopping at the first failing layer:
#   fmt      cargo fmt --check
#   clippy   cargo clippy, warnings denied, for the host and for wasm32
#   native   cargo test (model, formats, property tests)
#   browser  wasm-bindgen-test in headless Chromium
#   e2e      playwright-core driving headless Chromium against `trunk build --release` output
# Each layer prints "<layer>: N passed, N failed"; the last line is the total.
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

T0=$(date +%s)
setup_build
setup_browser
setup_python

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
TOTAL_PASSED=0

# layer NAME PASSED FAILED: print the layer's line, stop on failure.
layer() {
  echo "$1: $2 passed, $3 failed"
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  if [ "$3" != 0 ]; then
    echo "total: $TOTAL_PASSED passed, $3 failed"
    exit 1
  fi
}

# cargo_layer NAME CMD...: run a cargo test command and sum its "test result" lines.
cargo_layer() {
  local name=$1 status=0 passed failed
  shift
  say "$name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log" || status=$?
  passed=$(grep -E '^test result:' "$LOGS/$name.log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -E '^test result:' "$LOGS/$name.log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
  if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
    failed=1 # it did not build, or the runner itself failed
  fi
  if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then
    echo "$name: ran no test"
    failed=1
  fi
  layer "$name" "$passed" "$failed"
}

say "fmt: cargo fmt --check"
if cargo fmt --all --check; then layer fmt 1 0; else layer fmt 0 1; fi

say "clippy: host and wasm32, warnings denied"
clippy_failed=0
cargo clippy --all-targets --locked -- -D warnings || clippy_failed=$((clippy_failed + 1))
cargo clippy --target wasm32-unknown-unknown --lib --bins --test browser --locked -- -D warnings ||
  clippy_failed=$((clippy_failed + 1))
layer clippy $((2 - clippy_failed)) "$clippy_failed"

cargo_layer native cargo test --locked

# wasm-bindgen-test-runner drives Chromium through chromedriver; flags in webdriver.json.
cargo_layer browser cargo test --locked --target wasm32-unknown-unknown --test browser

say "e2e: trunk build --release (the pinned nightly, scripts/setup.sh), then playwright-core"
env "${RELEASE_ENV[@]}" trunk build --release
status=0
node tests/e2e/run.mjs 2>&1 | tee "$LOGS/e2e.log" || status=$?
line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$LOGS/e2e.log" | tail -n 1 || true)
passed=$(echo "$line" | sed -E 's/^e2e: ([0-9]+) passed.*/\1/')
failed=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
[ -n "$line" ] || { passed=0; failed=1; }
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
TOTAL_PASSED=$((TOTAL_PASSED + passed))
if [ "$failed" != 0 ]; then
  echo "total: $TOTAL_PASSED passed, $failed failed"
  exit 1
fi

echo
echo "all layers passed in $(($(date +%s) - T0)) s"
echo "total: $TOTAL_PASSED passed, 0 failed"
