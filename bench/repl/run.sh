#!/usr/bin/env bash
# Side-by-side timing of the script runtime: `specstress run` against the
# reference tools a researcher would otherwise use for the same script, in the
# same run: Debian's Python (/usr/bin/python3) and `go run` (compile + run).
# Prints the median wall time of N runs of each and the ratios.
#
#   bash bench/repl/run.sh [N]        (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/specstress" ./cmd/specstress

# hello: start-up cost (interpreter creation with every preload).
cat >"$tmp/hello.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello") }
GO
printf 'print("hello")\n' >"$tmp/hello.py"

# loop: an interpreted hot loop (1e6 additions), the case the house rules
# send to compiled packages.
cat >"$tmp/loop.go" <<'GO'
package main

import "fmt"

func main() {
	s := 0
	for i := 0; i < 1000000; i++ {
		s += i
	}
	fmt.Println(s)
}
GO
printf 's = 0\nfor i in range(1000000):\n    s += i\nprint(s)\n' >"$tmp/loop.py"

# mean: the same loop's job done by a compiled package (gonum stat.Mean on
# 1e6 values), against numpy.
cat >"$tmp/mean.go" <<'GO'
xs := make([]float64, 1000000)
for i := range xs {
	xs[i] = float64(i)
}
fmt.Println(stat.Mean(xs, nil))
GO
printf 'import numpy as np\nxs = np.arange(1000000, dtype=float)\nprint(xs.mean())\n' >"$tmp/mean.py"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # command... -> median seconds of N runs
	for _ in $(seq "$N"); do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		echo "$e - $s" | bc -l
	done | median
}

printf '%-6s %14s %14s %14s %10s %10s\n' case specstress python3 "go run" "ss/py" "ss/gorun"
for c in hello loop mean; do
	ss=$(timeit "$tmp/specstress" run "$tmp/$c.go")
	py=$(timeit /usr/bin/python3 "$tmp/$c.py")
	if [ "$c" = mean ]; then
		gr=NA
	else
		gr=$(printf '%.3fs' "$(timeit go run "$tmp/$c.go")")
	fi
	r1=$(echo "$ss / $py" | bc -l)
	r2=NA
	[ "$gr" != NA ] && r2=$(printf '%.2f' "$(echo "$ss / ${gr%s}" | bc -l)")
	printf '%-6s %13.3fs %13.3fs %14s %10.2f %10s\n' "$c" "$ss" "$py" "$gr" "$r1" "$r2"
done
