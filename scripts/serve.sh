#!/usr/bin/env bash
# Builds Marginalia (release) and serves it on http://127.0.0.1:8080/ with the embedded sample
# articles. Ctrl+C stops it. PORT=9000 picks another port. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_build
PORT=${PORT:-8080}
say "Marginalia on http://127.0.0.1:$PORT/ (building first; Ctrl+C to stop)"
exec env "${RELEASE_ENV[@]}" trunk serve --release --port "$PORT"
