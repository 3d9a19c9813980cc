#!/usr/bin/env bash
# Package initialisation cost of specstress binaries, by family: runs
# `BINARY version` under GODEBUG=inittrace=1, binaries interleaved, and
# prints the mean init clock time (ms) and allocations per run of each
# family, then the largest packages of each binary.
#
# Usage: bench/startup/inits.sh [-n ROUNDS] BINARY [BINARY...]
set -euo pipefail
rounds=20
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
[[ $# -gt 0 ]] || { echo "usage: $0 [-n ROUNDS] BINARY..." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 0; r < rounds; r++)); do
	n=0
	for b in "$@"; do
		GODEBUG=inittrace=1 "$b" version 2>&1 >/dev/null | grep '^init ' >>"$work/$n" || true
		n=$((n + 1))
	done
done
echo "rounds: $rounds, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
n=0
for b in "$@"; do
	echo
	echo "== $b"
	awk -v r="$rounds" '{
		p = $2; ms = $5; bytes = $8
		g = "other modules"
		if (p ~ /^github.com\/specstress\/specstress\/stdlib$/) g = "stdlib (symbol tables)"
		else if (p ~ /openai|anthropic/) g = "LLM SDKs"
		else if (p ~ /^github.com\/specstress\//) g = "other specstress packages"
		else if (p !~ /^[a-z0-9-]+\.[a-z]/) g = "Go standard library"
		else if (p ~ /gonum.org\/v1\/plot|go-latex|go-fonts|golang.org\/x\/image/) g = "gonum/plot and fonts"
		else if (p ~ /goldmark/) g = "goldmark (notebook Markdown)"
		c[g] += ms; a[g] += bytes; t += ms; ta += bytes
		pc[p] += ms
	} END {
		printf "| %-32s | %9s | %9s |\n", "family", "ms/run", "KB/run"
		for (g in c) printf "| %-32s | %9.2f | %9.0f |\n", g, c[g]/r, a[g]/r/1024
		printf "| %-32s | %9.2f | %9.0f |\n", "total", t/r, ta/r/1024
		print ""
		for (p in pc) printf "%.3f %s\n", pc[p]/r, p | "sort -rn | head -8"
	}' "$work/$n"
	n=$((n + 1))
done
