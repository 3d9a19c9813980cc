#!/usr/bin/env bash
# What the provider registry saves: dependency counts, test-binary size and
# link time, binary size, for two checkouts side by side on one machine.
# Each measurement alternates the two trees (before, after, before, ...)
# ROUNDS times, so machine load hits both alike; the compile cache is
# warmed first, so the timed runs are (almost) pure links.
# Usage: bash bench/build/run.sh BEFORE_DIR AFTER_DIR [ROUNDS]
#   e.g. git archive <old commit> | tar -x -C /tmp/before
#        bash bench/build/run.sh /tmp/before . 3
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
rounds=${3:-3}
pkgs=(./kernel/repl ./stdlib ./pipeline/stages ./pipeline/llm)
heavy='github.com/openai/|github.com/anthropics/|modernc.org/sqlite'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
echo "== go list -deps: packages (SDK and SQLite packages among them)"
for p in "${pkgs[@]}" ./cmd/specstress; do
	for side in before after; do
		dir=${!side}
		n=$(cd "$dir" && go list -deps "$p" | wc -l)
		h=$(cd "$dir" && go list -deps "$p" | grep -cE "$heavy" || true)
		nt=$(cd "$dir" && go list -deps -test "$p" | wc -l)
		ht=$(cd "$dir" && go list -deps -test "$p" | grep -cE "$heavy" || true)
		printf '%-20s %-6s deps %4d (heavy %2d)   with tests %4d (heavy %2d)\n' "$p" "$side" "$n" "$h" "$nt" "$ht"
	done
done

echo "== warming the compile cache (not timed)"
for side in before after; do
	dir=${!side}
	for p in "${pkgs[@]}"; do (cd "$dir" && go test -c -o "$out/warm.test" "$p"); done
	(cd "$dir" && go build -o "$out/warm" ./cmd/specstress)
done

echo "== go test -c: wall seconds and binary MB, alternating before/after, $rounds rounds"
for p in "${pkgs[@]}"; do
	for r in $(seq "$rounds"); do
		for side in before after; do
			dir=${!side}
			# go build skips the link when the output file already has
			# the right build ID: remove it so every round links.
			rm -f "$out/$side.test"
			s=$(date +%s.%N)
			(cd "$dir" && go test -c -o "$out/$side.test" "$p")
			e=$(date +%s.%N)
			size=$(stat -c %s "$out/$side.test")
			printf '%-20s round %d %-6s %6.2f s %7.1f MB\n' "$p" "$r" "$side" "$(echo "$e - $s" | bc)" "$(echo "$size / 1048576" | bc -l)"
		done
	done
done

echo "== go build ./cmd/specstress: binary MB (one round)"
for side in before after; do
	dir=${!side}
	rm -f "$out/$side"
	s=$(date +%s.%N)
	(cd "$dir" && go build -o "$out/$side" ./cmd/specstress)
	e=$(date +%s.%N)
	printf '%-6s %7.1f MB  (link %.2f s)\n' "$side" "$(echo "$(stat -c %s "$out/$side") / 1048576" | bc -l)" "$(echo "$e - $s" | bc)"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
