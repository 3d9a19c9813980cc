#!/usr/bin/env bash
# Engine ready time (repl.New with all preloads) and first cell, one fresh
# process per sample, builds of bench/startup/engine interleaved.
#
# Usage: bench/startup/engine.sh [-n ROUNDS] ENGINE_BINARY [ENGINE_BINARY...]
# (go build -o /tmp/engine-new ./bench/startup/engine; the same file builds
# against an older checkout for the old side.)
set -euo pipefail
rounds=21
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
[[ $# -gt 0 ]] || { echo "usage: $0 [-n ROUNDS] ENGINE_BINARY..." >&2; exit 2; }
declare -A ready first
for ((r = 0; r < rounds; r++)); do
	for b in "$@"; do
		read -r a c < <("$b")
		ready[$b]+="$a "
		first[$b]+="$c "
	done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{printf "%.2f", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "rounds: $rounds, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-40s | %22s | %18s |\n' binary "ready, all preloads ms" "first cell ms"
printf '|%s|%s|%s|\n' ------------------------------------------ ------------------------ --------------------
for b in "$@"; do
	printf '| %-40s | %22s | %18s |\n' "$b" "$(median <<<"${ready[$b]}")" "$(median <<<"${first[$b]}")"
done
