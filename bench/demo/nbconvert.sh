#!/usr/bin/env bash
# The demo notebooks executed headless, ours against Jupyter's, same run:
#   ours:   `specstress nb run` (a supervised Go engine per notebook)
#   theirs: `/usr/bin/jupyter nbconvert --to notebook --execute` with the
#           specstress kernel installed under a temporary JUPYTER_PATH
#           (nbclient starts the same kernel per notebook over ZeroMQ).
# Both execute the same 8 notebooks, each in its own copy of the repository's
# notebooks/ folder (the embedded sample beside them), build excluded.
# Per round, interleaved (the order of the two alternates each round):
#   - one command per notebook, each side (whole wall time of the command:
#     process start, kernel/engine start, every cell, writing the notebook);
#   - one command for all 8 notebooks, each side;
#   - `specstress demo` (the 8 notebooks, the HTML pages and the report).
# After every command the executed notebooks are checked: no error output,
# and ours and Jupyter's have the same cells, the same number of outputs per
# cell with the same output types and MIME types (exit 1 otherwise).
# Prints medians (min-max) per notebook and in total, and the ratios.
# Usage (repository root): bench/demo/nbconvert.sh [ROUNDS=5]
#   SPECSTRESS_BIN=path skips the build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$repo"
bin=${SPECSTRESS_BIN:-}
if [ -z "$bin" ]; then
  go build -o "$tmp/specstress" ./cmd/specstress
  bin=$tmp/specstress
fi
export JUPYTER_PATH="$tmp/prefix/share/jupyter" JUPYTER_CONFIG_DIR="$tmp/jconfig" JUPYTER_DATA_DIR="$tmp/jdata" JUPYTER_RUNTIME_DIR="$tmp/jruntime"
"$bin" install --prefix "$tmp/prefix" >/dev/null
/usr/bin/jupyter kernelspec list | grep -q specstress || { echo "kernel not installed under $JUPYTER_PATH" >&2; exit 1; }

fresh() { # a pristine copy of the notebooks and their data
  rm -rf "$1"
  mkdir -p "$1"
  (cd notebooks && git ls-files -z -- '*.ipynb' data | tar --null -T - -cf -) | tar -xf - -C "$1"
}
now() { date +%s%N; }
log=$tmp/times.tsv # side, what, round, ns
: >"$log"
nbs=$(cd notebooks && ls [0-9]*.ipynb)
ours_one() { "$bin" nb run "$1" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; }
theirs_one() { /usr/bin/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 \
  --ExecutePreprocessor.kernel_name=specstress --log-level=ERROR "$@" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; }
check() { /usr/bin/python3 "$repo/bench/demo/same_outputs.py" "$tmp/ours" "$tmp/theirs" $nbs; }
timed() { # side what cmd...
  local side=$1 what=$2 t0
  shift 2
  t0=$(now)
  "$@"
  echo -e "$side\t$what\t$round\t$(( $(now) - t0 ))" >>"$log"
}

for round in $(seq 1 "$rounds"); do
  # one command per notebook; which side goes first alternates per round
  fresh "$tmp/ours"
  fresh "$tmp/theirs"
  for nb in $nbs; do
    if [ $((round % 2)) = 1 ]; then
      timed ours "$nb" ours_one "$tmp/ours/$nb"
      timed jupyter "$nb" theirs_one "$tmp/theirs/$nb"
    else
      timed jupyter "$nb" theirs_one "$tmp/theirs/$nb"
      timed ours "$nb" ours_one "$tmp/ours/$nb"
    fi
  done
  check
  # all 8 in one command
  fresh "$tmp/ours"
  fresh "$tmp/theirs"
  all_ours() { (cd "$tmp/ours" && "$bin" nb run $nbs >/dev/null); }
  all_theirs() { (cd "$tmp/theirs" && theirs_one $nbs); }
  if [ $((round % 2)) = 1 ]; then
    timed ours all all_ours
    timed jupyter all all_theirs
  else
    timed jupyter all all_theirs
    timed ours all all_ours
  fi
  check
  rm -rf "$tmp/demo" /tmp/specstress-runs
  timed ours demo "$bin" demo --out "$tmp/demo" >/dev/null
  echo "round $round done" >&2
done

/usr/bin/python3 - "$log" "$rounds" $nbs <<'PY'
import statistics, sys
from collections import defaultdict
log, rounds, nbs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = defaultdict(list)
for line in open(log):
    side, what, rnd, ns = line.split("\t")
    t[side, what].append(int(ns) / 1e9)
for rnd in range(rounds):  # the per-notebook commands summed per round
    for side in ("ours", "jupyter"):
        t[side, "sum"].append(sum(t[side, nb][rnd] for nb in nbs))
def m(v):
    return f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
print(f"medians (min-max) of {rounds} rounds, whole wall time of each command, seconds")
print("| notebook | `specstress nb run` | `jupyter nbconvert --execute` | ratio (ours / Jupyter) |")
print("|---|---:|---:|---:|")
for what in nbs + ["sum", "all"]:
    name = {"sum": "sum of the 8 per-notebook commands", "all": "all 8 in one command"}.get(what, what)
    o, j = t["ours", what], t["jupyter", what]
    print(f"| {name} | {m(o)} | {m(j)} | {statistics.median(o) / statistics.median(j):.2f} |")
d = t["ours", "demo"]
print(f"\n`specstress demo` (8 notebooks, HTML pages, report): {m(d)} s; / nbconvert all-in-one: {statistics.median(d) / statistics.median(t['jupyter', 'all']):.2f}")
PY
