#!/usr/bin/env bash
# Wall time of the test suite with a warm build cache, and where it goes:
#
#   bash bench/tests/run.sh [full|short|both] [OUTDIR]    (from the repository root)
#
# Runs `go test -count=1 -json ./...` (full) and/or the same with -short,
# each once, printing wall and CPU time (the machine is shared: CPU time is
# the steadier figure) and the slowest packages and tests, read from the
# -json output by bench/tests/slowest. The -json files stay in OUTDIR
# (default: a temporary directory, printed). -count=1 defeats the test
# cache only: compiled packages still come from the build cache, but every
# test binary is linked again, as after any edit.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-both}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
go build -o "$out/slowest" ./bench/tests/slowest

run() { # name, extra flags...
  local name=$1
  shift
  echo "== go test -count=1 $* ./...   (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  local start end
  start=$(date +%s.%N)
  # go test exits 1 when a test fails: report it, keep the timing.
  /usr/bin/time -f "%U %S" -o "$out/$name.cpu" go test -count=1 -json "$@" ./... >"$out/$name.json" || echo "(go test failed: see $out/$name.json)"
  end=$(date +%s.%N)
  read -r user sys <"$out/$name.cpu"
  awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" 'BEGIN{printf "wall %.1f s, CPU %.1f s (user %.1f + sys %.1f)\n\n", e-s, u+y, u, y}'
  "$out/slowest" -top-level -n "${SLOWEST_N:-10}" "$out/$name.json"
  echo
}

case $mode in
full) run full ;;
short) run short -short ;;
both) run full && run short -short ;;
*) echo "usage: bash bench/tests/run.sh [full|short|both] [OUTDIR]" >&2; exit 2 ;;
esac
echo "-json output in $out"
