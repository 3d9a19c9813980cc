#!/usr/bin/env bash
# What moving the SDK-driven tests out of pipeline/stages saves: the stages
# test binary's dependencies, size and link time, and the time of running
# the tests, for two checkouts side by side on one machine. The before
# tree has every test in pipeline/stages; the after tree has those that
# drive the SDKs in pipeline/stages/wiretest, so "after" is timed twice:
# pipeline/stages alone (the edit-test loop) and both packages in one go
# test command (every test "before" ran, as go test ./... runs them). Each
# measurement alternates the trees ROUNDS times; the compile cache is
# warmed first.
# Usage: bash bench/build/stages.sh BEFORE_DIR AFTER_DIR [ROUNDS]
#   e.g. git archive 52e0942 | tar -x -C /tmp/before
#        bash bench/build/stages.sh /tmp/before . 3
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
rounds=${3:-3}
heavy='github.com/openai/|github.com/anthropics/|modernc.org/sqlite'
sdk='github.com/openai/|github.com/anthropics/'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pkgs_before=(./pipeline/stages)
pkgs_after=(./pipeline/stages ./pipeline/stages/wiretest)
secs() { echo "$2 - $1" | bc; }

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
echo "== go list -deps -test: packages (heavy: SDKs and SQLite; SDK: SDKs only)"
for side in before after; do
	dir=${!side}
	for p in ./pipeline/stages ./pipeline/stages/wiretest; do
		[ -d "$dir/$p" ] || continue
		l=$(cd "$dir" && go list -deps -test "$p")
		printf '%-28s %-6s %4d (heavy %2d, SDK %2d)\n' "$p" "$side" "$(wc -l <<<"$l")" \
			"$(grep -cE "$heavy" <<<"$l" || true)" "$(grep -cE "$sdk" <<<"$l" || true)"
	done
done

echo "== warming the compile cache (not timed)"
for side in before after; do
	dir=${!side}
	arr="pkgs_$side[@]"
	for p in "${!arr}"; do (cd "$dir" && go test -c -o "$out/warm.test" "$p"); done
done

echo "== go test -c: wall seconds and binary MB, alternating before/after, $rounds rounds"
for p in ./pipeline/stages ./pipeline/stages/wiretest; do
	for r in $(seq "$rounds"); do
		for side in before after; do
			dir=${!side}
			[ -d "$dir/$p" ] || continue
			# go build skips the link when the output already has the
			# right build ID: remove it so every round links.
			rm -f "$out/$side.test"
			s=$(date +%s.%N)
			(cd "$dir" && go test -c -o "$out/$side.test" "$p")
			e=$(date +%s.%N)
			printf '%-28s round %d %-6s %6.2f s %7.1f MB\n' "$p" "$r" "$side" "$(secs "$s" "$e")" \
				"$(echo "$(stat -c %s "$out/$side.test") / 1048576" | bc -l)"
		done
	done
done

echo "== go test -count=1 (link and run): wall and CPU (user+sys) seconds, alternating, $rounds rounds"
# "after, stages" is the edit-test loop on pipeline/stages alone; "after,
# both" runs every test that "before" ran.
TIMEFORMAT='%R %U %S'
for r in $(seq "$rounds"); do
	for v in "before|$before|./pipeline/stages" "after, stages|$after|./pipeline/stages" \
		"after, both|$after|./pipeline/stages ./pipeline/stages/wiretest"; do
		IFS='|' read -r name dir pkgs <<<"$v"
		# shellcheck disable=SC2086 # pkgs is a list
		t=$( { time (cd "$dir" && go test -count=1 $pkgs >"$out/run.log" 2>&1); } 2>&1 ) || { cat "$out/run.log"; exit 1; }
		read -r real user sys <<<"$t"
		printf 'round %d %-14s wall %6.2f s  CPU %6.2f s   %s\n' "$r" "$name" "$real" "$(echo "$user + $sys" | bc)" \
			"$(awk '$1 == "ok" {sub(".*/pipeline/", "", $2); printf "%s %s  ", $2, $3}' "$out/run.log")"
	done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
