#!/usr/bin/env bash
# Measures the main job, `specstress demo`, on a fresh copy of the
# repository (the files a clone has: tracked plus untracked-not-ignored):
#   1. build included, from scratch: `go build -a` recompiles every package
#      (the module cache is kept: downloading modules measures the network);
#   2. build included, warm: `go run ./cmd/specstress demo` with the
#      developer's build cache, as the README's first command runs;
#   3. build excluded: the built binary, median of RUNS runs, with the time
#      of each notebook from the demo's own report;
#   4. side by side, the same notebooks executed by Jupyter's nbclient
#      (`jupyter nbconvert --execute`) against the installed kernel, when
#      /usr/bin/jupyter is present.
# Prints a Markdown report on stdout (bench/RESULTS-demo.md holds one).
# Usage: bench/demo/run.sh [RUNS]   (default 3; SKIP_COLD=1 skips step 1)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# A fresh clone's files, without the .git directory and build outputs.
# (A tracked file deleted in the working tree is skipped.) BENCH_INPLACE=1
# measures the checkout itself instead.
if [ "${BENCH_INPLACE:-0}" = 1 ]; then
  cd "$repo"
else
  mkdir -p "$tmp/src"
  (cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$tmp/src"
  cd "$tmp/src"
fi

echo "# specstress demo: wall time"
echo
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(go version | cut -d' ' -f3-4)."
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Command: \`bench/demo/run.sh $runs\`."
echo

if [ "${SKIP_COLD:-0}" != 1 ]; then
  # -a recompiles every package (standard library and modules included)
  # while keeping the go command's module index: an empty GOCACHE would
  # measure the same compile plus re-indexing the module cache.
  t0=$(now)
  go build -a -o "$tmp/specstress-cold" ./cmd/specstress
  cold=$(( $(now) - t0 ))
  echo "- build from scratch (\`go build -a ./cmd/specstress\`: every package recompiled): **$(secs $cold) s**"
fi

go build -o "$tmp/specstress" ./cmd/specstress # warms the developer's cache for step 2
t0=$(now)
go run ./cmd/specstress demo --out "$tmp/run-go" >"$tmp/go-run.log"
warm=$(( $(now) - t0 ))
echo "- \`go run ./cmd/specstress demo\` (build included, warm build cache): **$(secs $warm) s**"

: >"$tmp/demo-times"
for i in $(seq 1 "$runs"); do
  rm -rf "$tmp/run-$i" /tmp/specstress-runs
  t0=$(now)
  "$tmp/specstress" demo --out "$tmp/run-$i" >"$tmp/demo-$i.log"
  echo $(( $(now) - t0 )) >>"$tmp/demo-times"
done
demo_med=$(median <"$tmp/demo-times")
echo "- \`specstress demo\` (build excluded, fresh output directory), median of $runs: **$(secs "$demo_med") s** (runs: $(while read -r t; do printf '%s ' "$(secs "$t")"; done <"$tmp/demo-times")s)"
echo

# Per notebook: the demo prints "ok   NAME  N cells  T s" for each.
declare -A nbrun
while read -r status name cells _ t _; do
  nbrun[$name]=${t%s}
done < <(grep -E '^(ok|FAIL) ' "$tmp/demo-1.log")

jupyter_ok=0
if [ -x /usr/bin/jupyter ]; then
  export JUPYTER_PATH="$tmp/prefix/share/jupyter" JUPYTER_CONFIG_DIR="$tmp/jconfig" JUPYTER_DATA_DIR="$tmp/jdata" JUPYTER_RUNTIME_DIR="$tmp/jruntime"
  "$tmp/specstress" install --prefix "$tmp/prefix" >/dev/null
  mkdir -p "$tmp/nbconvert/data"
  cp notebooks/*.ipynb "$tmp/nbconvert/"
  cp -R notebooks/data/sample "$tmp/nbconvert/data/sample"
  declare -A nbconv
  for nb in "$tmp"/nbconvert/*.ipynb; do
    t0=$(now)
    /usr/bin/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 \
      --ExecutePreprocessor.kernel_name=specstress --log-level=ERROR "$nb"
    nbconv[$(basename "$nb")]=$(secs $(( $(now) - t0 )))
  done
  jupyter_ok=1
fi

echo "| notebook | cells | \`specstress demo\` (in-process) | \`jupyter nbconvert --execute\` (same kernel) | ratio |"
echo "|---|---:|---:|---:|---:|"
while read -r status name cells _ t _; do
  conv=${nbconv[$name]:-n/a}
  ratio=n/a
  if [ "$jupyter_ok" = 1 ]; then ratio=$(awk -v a="$conv" -v b="${t%s}" 'BEGIN { printf "%.1fx", a / b }'); fi
  echo "| $name | $cells | ${t%s} s | $conv s | $ratio |"
done < <(grep -E '^(ok|FAIL) ' "$tmp/demo-1.log")
echo
echo "The nbconvert column includes starting Python, nbclient and a kernel process per notebook;"
echo "the in-process runner starts a fresh Go engine per notebook inside one process."

# Notebook I/O side by side: parse + re-encode one executed demo notebook,
# ours (Go benchmark) against Jupyter's nbformat (read + writes).
big="$tmp/run-1/05_value_profiles.ipynb"
if [ -f "$big" ] && [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import nbformat' 2>/dev/null; then
  ours=$(SPECSTRESS_BENCH_NOTEBOOK="$big" go test -run XXX -bench RoundTripFile -benchtime 20x ./kernel/notebook/ | awk '/^BenchmarkRoundTripFile/ { print $3 / 1e6 }')
  theirs=$(/usr/bin/python3 - "$big" <<'PY'
import sys, time, nbformat
path = sys.argv[1]
data = open(path, encoding="utf-8").read()
n = 20
t0 = time.perf_counter()
for _ in range(n):
    nb = nbformat.reads(data, as_version=4)
    nbformat.writes(nb)
print((time.perf_counter() - t0) / n * 1000)
PY
)
  echo
  echo "Notebook round trip (parse + encode) of the executed \`05_value_profiles.ipynb\` ($(du -k "$big" | cut -f1) KB):"
  echo "kernel/notebook $(printf '%.1f' "$ours") ms, nbformat $(printf '%.1f' "$theirs") ms (nbformat time / ours: $(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.2f", a / b }'))."
fi
