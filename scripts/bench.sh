#!/usr/bin/env bash
# Benchmarks (issue 5): measures and prints, never asserts on time.
#
#   bash scripts/bench.sh            native benches + browser benchmark, diagonal sizes
#                                    (10 KB/100 spans, 100 KB/1,000, 1 MB/10,000) + the peer
#   bash scripts/bench.sh --quick    the two small sizes only, no CPU profile
#   bash scripts/bench.sh --grid     the full 3 × 3 grid (longer than 15 minutes)
#   bash scripts/bench.sh --no-native | --no-browser   skip one half
#   bash scripts/bench.sh --no-profile                 skip the CPU profile at the largest size
# Other arguments go to bench/run.mjs (e.g. --adds 100, --no-peer, --no-exports).
#
# Steps: the machine; setup (scripts/setup.sh); a smoke test of the corpus generator;
# `trunk build --release` (dist/, what ships); a copy of it whose wasm keeps its function names
# (target/bench-names/, only for the CPU profile); `cargo bench --bench native` (divan);
# `node bench/run.mjs` (headless Chromium on 127.0.0.1 servers it starts and stops).
# Results: bench/out/ (JSON); bench/corpora/ (the generated articles). See bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

T0=$(date +%s)
QUICK=0
NATIVE=1
BROWSER=1
PROFILE=1
RUN_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --quick)
      QUICK=1
      RUN_ARGS+=(--quick)
      ;;
    --no-native) NATIVE=0 ;;
    --no-browser) BROWSER=0 ;;
    --no-profile) PROFILE=0 ;;
    *) RUN_ARGS+=("$arg") ;;
  esac
done

setup_build
setup_browser

say "machine"
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
echo "cpu:      ${cpu:-unknown} ($(nproc) cores), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo) RAM"
echo "os:       $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
echo "node:     $(node --version); $(rustc --version); $(trunk --version); $(wasm-bindgen --version)"
echo "commit:   $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews the numbers)"

say "corpus generator smoke test"
node bench/corpus.test.mjs

if [ "$BROWSER" = 1 ]; then
  say "release build (trunk build --release)"
  env "${RELEASE_ENV[@]}" trunk build --release

  PROFILE_ARGS=()
  if [ "$QUICK" = 0 ] && [ "$PROFILE" = 1 ]; then
    # The same release build, but with wasm-opt -g so the wasm keeps its function names (for the
    # CPU profile only; the timed runs use dist/). wasm-bindgen keeps names by default.
    say "a copy of dist/ whose wasm keeps its names (target/bench-names/)"
    NAMES=target/bench-names
    rm -rf "$NAMES"
    mkdir -p "$NAMES/bindgen"
    cp -r dist/. "$NAMES/"
    wasm-bindgen --target web --no-typescript --out-dir "$NAMES/bindgen" --out-name marginalia \
      target/wasm32-unknown-unknown/release/marginalia.wasm
    wasm_file=$(cd dist && ls ./*_bg.wasm)
    js_file=$(cd dist && ls marginalia-*.js)
    wasm-opt -Oz -g "$NAMES/bindgen/marginalia_bg.wasm" -o "$NAMES/$wasm_file"
    cp "$NAMES/bindgen/marginalia.js" "$NAMES/$js_file"
    # The page's integrity hashes name the shipped files, not these: drop them in the copy.
    sed -i -E 's/ integrity=("[^"]*"|[^ >]+)//g' "$NAMES/index.html"
    rm -rf "$NAMES/bindgen"
    PROFILE_ARGS=(--profile-dist "$NAMES")
  fi
fi

if [ "$NATIVE" = 1 ]; then
  say "native benches (cargo bench --bench native; divan)"
  if [ "$QUICK" = 1 ]; then
    cargo bench --locked --bench native -- --max-time 0.5 10KB/ 100KB/
  else
    cargo bench --locked --bench native -- --max-time 1
  fi
fi

if [ "$BROWSER" = 1 ]; then
  say "browser benchmark (node bench/run.mjs ${RUN_ARGS[*]:-} ${PROFILE_ARGS[*]:-})"
  node bench/run.mjs "${RUN_ARGS[@]}" "${PROFILE_ARGS[@]}"
fi

echo
echo "bench.sh: done in $(($(date +%s) - T0)) s"
