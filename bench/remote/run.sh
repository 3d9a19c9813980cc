#!/usr/bin/env bash
# hf:// reads versus whole downloads over a 12.5 MB/s (100 Mbit/s) link.
#
#   bench/remote/run.sh [DATA_DIR] [SCENARIOS] [LATENCY]
#
# DATA_DIR (default /tmp/specstress-remote-bench; keep it outside the repo)
# is generated on first use by `specstress data sample --scenarios SCENARIOS`
# (default 50000). The release is served by a local fake Hub whose storage
# server shares one 12.5 MB/s link; LATENCY (default 0s, e.g. 30ms) delays
# every response; each analysis runs in a fresh process.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-/tmp/specstress-remote-bench}
N=${2:-50000}
LAT=${3:-0s}
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT
go build -o "$BIN/specstress" ./cmd/specstress
go build -o "$BIN/bench" ./bench/remote
[ -d "$DATA/data" ] || "$BIN/specstress" data sample --out "$DATA" --scenarios "$N"
"$BIN/bench" -data "$DATA" -bin "$BIN/specstress" -latency "$LAT"
