#!/usr/bin/env bash
# Screenshots a static Cairn report in headless Chromium, to check by eye that charts and tables render.
# Usage: scripts/render_report.sh REPORT.html OUT.png [WIDTHxHEIGHT]   (default 1200x2000)
# Needs Debian's chromium package (apt-get install -y chromium). Not part of the test suite.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
report=$1
out=$2
size=${3:-1200x2000}
if [[ ! -f $report ]]; then
  echo "$report: no such file" >&2
  exit 2
fi
if [[ ! $size =~ ^[0-9]+x[0-9]+$ ]]; then
  echo "window size must be WIDTHxHEIGHT, got $size" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
  echo "chromium not found; install it with: apt-get install -y chromium" >&2
  exit 1
fi

report_path=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
out_dir=$(mkdir -p "$(dirname "$out")" && cd "$(dirname "$out")" && pwd)
out_path=$out_dir/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$out_path" --window-size="${size/x/,}" "file://$report_path" 2>/dev/null
if [[ ! -s $out_path ]]; then
  echo "chromium wrote no screenshot to $out_path" >&2
  exit 1
fi
echo "$out_path"
