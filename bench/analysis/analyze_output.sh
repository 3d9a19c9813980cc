#!/bin/sh
# Old vs new binary on `analyze disagreement` per output format, rounds
# interleaved, time and peak RSS from /usr/bin/time -v; checks the outputs are
# byte-identical. SPLIT defaults to complete/train (every scenario). Usage (from the repository root):
#   bench/analysis/analyze_output.sh OLD_BINARY NEW_BINARY DATASET_DIR [ROUNDS] [SPLIT]
# Build OLD from the commit before the streaming writers, e.g.
#   git worktree add /tmp/old <commit>; (cd /tmp/old && go build -o /tmp/old.bin ./cmd/specstress)
# and a dataset with: go run ./cmd/specstress data sample --out DIR --scenarios 411000
set -eu
old=$1 new=$2 data=$3 rounds=${4:-3} split=${5:-complete/train}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fmt in csv json table; do
  for r in $(seq "$rounds"); do
    for which in old new; do
      eval bin=\$$which
      /usr/bin/time -v "$bin" analyze disagreement "$data" --split "$split" --format "$fmt" >"$tmp/$which.$fmt" 2>"$tmp/time"
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
      user=$(sed -n 's/.*User time (seconds): //p' "$tmp/time")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
      echo "$fmt round $r $which: wall $wall user ${user}s peak RSS $((rss / 1024)) MiB"
    done
  done
  if cmp -s "$tmp/old.$fmt" "$tmp/new.$fmt"; then
    echo "$fmt: byte-identical ($(wc -c <"$tmp/new.$fmt") bytes)"
  else
    echo "$fmt: OUTPUTS DIFFER"; cmp "$tmp/old.$fmt" "$tmp/new.$fmt" || true
  fi
done
