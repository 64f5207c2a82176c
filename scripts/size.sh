#!/usr/bin/env bash
# Prints the size of each file of the release build in dist/ (raw and gzip -9), and the total
# of the wasm and every JavaScript file the app loads (the app's glue, boot.js, the service
# worker, wasm-bindgen snippets). Run after `trunk build --release`.
set -euo pipefail
cd "$(dirname "$0")/../dist"
total_raw=0
total_gz=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-52s raw %8d B   gzip %8d B\n' "$f" "$raw" "$gz"
  case "$f" in *.wasm | *.js)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    ;;
  esac
done < <(find . -type f ! -path './.stage/*' | sed 's|^\./||' | sort)
printf '%-52s raw %8d B   gzip %8d B\n' "wasm + js" "$total_raw" "$total_gz"
