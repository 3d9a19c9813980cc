#!/bin/sh
# Hot-spot analysis, Go vs pandas, same synthetic inputs, same run.
# Usage (repository root): bench/hotspots/run.sh [SCENARIOS=411000] [CLAUSES=200]
set -eu
n=${1:-411000}
c=${2:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/hotspots" ./bench/hotspots
"$dir/hotspots" -n "$n" -clauses "$c" -out "$dir/in" | tee "$dir/go.txt"
/usr/bin/python3 bench/hotspots/pandas_hotspots.py "$dir/in" | tee "$dir/py.txt"
g=$(sed -n 's/.*sum of clause high_n \([0-9]*\), pairs \([0-9]*\), gaps \([0-9]*\).*/\1 \2 \3/p' "$dir/go.txt")
p=$(sed -n 's/.*sum of clause high_n \([0-9]*\), pairs \([0-9]*\), gaps \([0-9]*\).*/\1 \2 \3/p' "$dir/py.txt")
if [ "$g" != "$p" ]; then
	echo "MISMATCH: Go (high_n pairs gaps) $g, pandas $p" >&2
	exit 1
fi
echo "agree: sum of clause high_n, pairs, gaps = $g"
