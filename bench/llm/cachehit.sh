#!/usr/bin/env bash
# Cache hits (replay) of pipeline/llm against the same lookups with Python's
# sqlite3, interleaved round by round on one SQLite file our cache wrote.
#
# Usage: bench/llm/cachehit.sh [-n ROUNDS] [-calls N] [-lookups L] CACHEHIT_BINARY
# (go build -o /tmp/cachehit ./bench/llm/cachehit)
#
# Each round runs, each in a fresh process: our Stack replaying (1 caller),
# Python replaying (request -> key -> SELECT -> JSON decode), our driver's
# bare prepared SELECT, Python's bare prepared SELECT, and our Stack with 64
# callers. It prints medians over the rounds of wall and CPU µs per lookup
# and the Go/Python ratios, after checking that every side read the same
# rows (hits and bytes of the untimed pass agree).
set -euo pipefail
rounds=9 calls=10000 lookups=20000
while [[ ${1:-} == -* ]]; do
	case $1 in
	-n) rounds=$2 ;;
	-calls) calls=$2 ;;
	-lookups) lookups=$2 ;;
	*) echo "unknown flag $1" >&2; exit 2 ;;
	esac
	shift 2
done
[[ $# -eq 1 ]] || { echo "usage: $0 [-n ROUNDS] [-calls N] [-lookups L] CACHEHIT_BINARY" >&2; exit 2; }
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/cache.db
"$bin" -db "$db" -write "$calls"

names=("Go Stack replay, 1 caller" "Python replay (sqlite3 + hashlib + json)"
	"Go database/sql SELECT (modernc)" "Python sqlite3 SELECT"
	"Go Stack replay, 64 callers")
cmds=("$bin -db $db -mode stack -n $calls -lookups $lookups"
	"$py $here/cachehit.py $db replay $calls $lookups"
	"$bin -db $db -mode sql -n $calls -lookups $lookups"
	"$py $here/cachehit.py $db sql $calls $lookups"
	"$bin -db $db -mode stack -callers 64 -n $calls -lookups $lookups")
declare -A wall cpu check
for ((r = 0; r < rounds; r++)); do
	for i in "${!cmds[@]}"; do
		read -r _ _ _ w c hits bytes < <(${cmds[$i]})
		wall[$i]+="$w " cpu[$i]+="$c "
		check[$i]="$hits $bytes"
	done
done
# Replay modes read answer texts, SELECT modes stored JSON: pairs must agree.
for pair in "0 1" "2 3" "0 4"; do
	set -- $pair
	[[ ${check[$1]} == "${check[$2]}" ]] || { echo "rows differ: ${names[$1]}: ${check[$1]}; ${names[$2]}: ${check[$2]}" >&2; exit 1; }
done
[[ ${check[0]%% *} == "$calls" ]] || { echo "expected $calls hits, got ${check[0]}" >&2; exit 1; }

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{printf "%.2f", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END{printf "%.1f–%.1f", lo, hi}'; }
echo "rounds: $rounds, interleaved; $calls recorded calls, $lookups timed lookups per run; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "$py: $($py -c 'import sqlite3, sys; print(sys.version.split()[0], "sqlite", sqlite3.sqlite_version)')"
printf '| %-42s | %14s | %13s | %14s | %13s | %6s |\n' "" "wall µs/lookup" "(range)" "CPU µs/lookup" "(range)" "hits/s"
printf '|%s|%s|%s|%s|%s|%s|\n' -------------------------------------------- ---------------- --------------- ---------------- --------------- --------
declare -A mw mc
for i in "${!cmds[@]}"; do
	mw[$i]=$(median <<<"${wall[$i]}") mc[$i]=$(median <<<"${cpu[$i]}")
	printf '| %-42s | %14s | %13s | %14s | %13s | %6.0f |\n' "${names[$i]}" "${mw[$i]}" "$(range <<<"${wall[$i]}")" \
		"${mc[$i]}" "$(range <<<"${cpu[$i]}")" "$(awk -v w="${mw[$i]}" 'BEGIN{print 1e6/w}')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
echo "Go/Python, replay: wall $(ratio "${mw[0]}" "${mw[1]}"), CPU $(ratio "${mc[0]}" "${mc[1]}");" \
	"SELECT floor: wall $(ratio "${mw[2]}" "${mw[3]}"), CPU $(ratio "${mc[2]}" "${mc[3]}");" \
	"our replay over Python's SELECT floor: CPU $(ratio "${mc[0]}" "${mc[3]}")"
