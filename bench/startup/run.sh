#!/usr/bin/env bash
# Start-up time of specstress commands against python3, interleaved.
#
# Usage: bench/startup/run.sh [-n ROUNDS] BINARY [BINARY...]
#
# Each round runs every command once, in turn (all binaries' commands and the
# Python references), so a change in machine load hits all of them alike. It
# prints the median and the 10th/90th percentiles of the wall time of each
# command over the rounds, and each median as a ratio of the median of the
# real python3 (not the pyenv shim, which adds a bash script and `pyenv exec`).
# Wall time is taken with bash's $EPOCHREALTIME around a fork+exec, with
# output to /dev/null; the cost of the fork itself is in every row alike (the
# `true` row shows it).
set -euo pipefail

rounds=30
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
if [[ $# -eq 0 ]]; then
	echo "usage: $0 [-n ROUNDS] BINARY [BINARY...]" >&2
	exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/hello.go" <<'GO'
package main

import "fmt"

func main() {
	fmt.Println("hello")
}
GO
echo 'print("hello")' >"$work/hello.py"
cd "$work"

pyreal=$(pyenv which python3 2>/dev/null || command -v python3)
names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "true (fork+exec floor)" "/bin/true"
add "python3 -c 'print(1)' (pyenv shim)" "python3 -c 'print(1)'"
add "python3 -c 'print(1)'" "$pyreal -c 'print(1)'"
add "python3 hello.py" "$pyreal hello.py"
add "/usr/bin/python3 hello.py" "/usr/bin/python3 hello.py"
for b in "$@"; do
	add "$b run hello.go" "$b run hello.go"
	add "$b --help" "$b --help"
	add "$b version" "$b version"
done

# Warm the page cache and check that every command succeeds and says hello
# where it should.
for i in "${!cmds[@]}"; do
	out=$(eval "${cmds[$i]}" 2>&1) || {
		rc=$?
		[[ ${cmds[$i]} == *--help ]] || { echo "failed: ${cmds[$i]}: $out" >&2; exit 1; }
	}
	if [[ ${cmds[$i]} == *hello* && $out != hello ]]; then
		echo "unexpected output of ${cmds[$i]}: $out" >&2
		exit 1
	fi
done

declare -A samples
for ((r = 0; r < rounds; r++)); do
	for i in "${!cmds[@]}"; do
		t0=$EPOCHREALTIME
		eval "${cmds[$i]}" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		samples[$i]+="$(( (${t1/./} - ${t0/./}) )) "
	done
done

stats() { # microsecond samples -> "median p10 p90" in ms
	tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{
		m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2
		p10 = a[int(NR*0.1)+1]; p90 = a[int(NR*0.9)>0 ? int(NR*0.9) : 1]
		printf "%.1f %.1f %.1f\n", m/1000, p10/1000, p90/1000}'
}

ref=$(stats <<<"${samples[2]}" | cut -d' ' -f1)
echo "rounds: $rounds, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "python3: $pyreal ($($pyreal --version 2>&1)); /usr/bin/python3: $(/usr/bin/python3 --version 2>&1)"
printf '| %-60s | %9s | %9s | %9s | %10s |\n' command "median ms" "p10 ms" "p90 ms" "/ python3"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..62})" ----------- ----------- ----------- ------------
for i in "${!cmds[@]}"; do
	read -r med p10 p90 < <(stats <<<"${samples[$i]}")
	ratio=$(awk -v a="$med" -v b="$ref" 'BEGIN{printf "%.2fx", a/b}')
	printf '| %-60s | %9s | %9s | %9s | %10s |\n' "${names[$i]}" "$med" "$p10" "$p90" "$ratio"
done
