#!/bin/sh
# Cited-evidence hot spots and the cluster bootstrap of the clause lifts:
# Go (bench/hotspots -only-cited) and the vectorised Python reference
# (pandas_cited.py) on the same data, rounds interleaved, medians of each.
# Every Python round checks its numbers against Go's (exit 1 on mismatch).
# Usage (repository root): bench/hotspots/cited_run.sh [ROUNDS=5] [REPS=1000]
set -eu
rounds=${1:-5}
reps=${2:-1000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/hotspots" ./bench/hotspots
mkdir "$dir/in"
# the inputs, the citations and Go's results, once (not a timed round)
"$dir/hotspots" -only-cited -boot "$reps" -out "$dir/in" -dump "$dir/in" >/dev/null
i=1
while [ "$i" -le "$rounds" ]; do
	"$dir/hotspots" -only-cited -boot "$reps" | tee -a "$dir/go.txt"
	/usr/bin/python3 bench/hotspots/pandas_cited.py "$dir/in" "$reps" "$i" | tee -a "$dir/py.txt"
	i=$((i + 1))
done
/usr/bin/python3 - "$dir/go.txt" "$dir/py.txt" <<'PY'
import re, statistics, sys
go, py = open(sys.argv[1]).read(), open(sys.argv[2]).read()
def med(pat, text):
    v = [float(x) for x in re.findall(pat, text)]
    return statistics.median(v), min(v), max(v)
rows = [
    ("cited statistics (resolve + sides + per-clause + judges + pairs), wall",
     med(r"statistics only, no classification: ([0-9.]+) s wall", go), med(r"pairs ([0-9.]+) s wall", py)),
    ("cited statistics, CPU",
     med(r"statistics only, no classification: [0-9.]+ s wall, ([0-9.]+) s CPU", go), med(r"pairs [0-9.]+ s wall, ([0-9.]+) s CPU", py)),
    ("cited, Go with classification, wall / CPU",
     med(r"resolve included: ([0-9.]+) s wall", go), med(r"resolve included: [0-9.]+ s wall, ([0-9.]+) s CPU", go)),
    ("cluster bootstrap, wall", med(r"reps ([0-9.]+) s wall", go), med(r"\(seed \d+\) ([0-9.]+) s wall", py)),
    ("cluster bootstrap, CPU", med(r"s wall, ([0-9.]+) s CPU\n", go), med(r"\(seed \d+\) [0-9.]+ s wall, ([0-9.]+) s CPU", py)),
]
print("\nmedian (min-max) over rounds")
for name, g, p in rows:
    if name.startswith("cited, Go"):
        print(f"{name}: {g[0]:.3f} ({g[1]:.3f}-{g[2]:.3f}) s / {p[0]:.3f} ({p[1]:.3f}-{p[2]:.3f}) s")
        continue
    print(f"{name}: Go {g[0]:.3f} ({g[1]:.3f}-{g[2]:.3f}) s, Python {p[0]:.3f} ({p[1]:.3f}-{p[2]:.3f}) s, Go/Python {g[0] / p[0]:.2f}")
PY
