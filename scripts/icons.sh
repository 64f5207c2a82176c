#!/usr/bin/env bash
# Renders the app icons (static/icons/*.png, committed) from their SVG sources with
# rsvg-convert (Debian: apt-get install librsvg2-bin). Run it again after editing an SVG.
set -euo pipefail
cd "$(dirname "$0")/../static/icons"
command -v rsvg-convert >/dev/null || {
  echo "icons: rsvg-convert not found (apt-get install librsvg2-bin)" >&2
  exit 1
}
for size in 192 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "icon-$size.png"
done
rsvg-convert -w 512 -h 512 icon-maskable.svg -o icon-maskable-512.png
ls -l ./*.png
