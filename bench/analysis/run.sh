#!/bin/sh
# Side-by-side benchmarks of pipeline/analysis against pandas/numpy, in one
# run on one machine. Usage (from the repository root):
#   bench/analysis/run.sh [SCENARIOS] [KCENTER_N] [WEIGHTED_N]
# Defaults: 411000 scenarios (the paper's scale), 400000 x 768 for k-center,
# 70000 x 768 for the weighted selection (0 skips it: it runs for minutes).
# Needs Go and Debian's /usr/bin/python3 with numpy and pandas.
set -eu
rows=${1:-411000}
kn=${2:-400000}
wn=${3:-70000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/bench" ./bench/analysis

echo "== disagreement + outliers (6 subsets) + profiles, $rows scenarios x 12 models"
"$dir/bench" tables --out "$dir/data" --scenarios "$rows" | tee "$dir/go.json"
/usr/bin/python3 bench/analysis/pandas_tables.py "$dir/data" 3 | tee "$dir/py.json"
/usr/bin/python3 bench/analysis/numpy_tables.py "$dir/data" 3 | tee "$dir/np_tables.json"
/usr/bin/python3 - "$dir/go.json" "$dir/py.json" "$dir/np_tables.json" <<'PY'
import json, sys
g, p, n = (json.load(open(f)) for f in sys.argv[1:4])
print(f"wall: Go 1 CPU {g['go_1cpu_s']:.3f} s, Go {g['cpus']} CPUs {g['go_allcpu_s']:.3f} s, pandas {p['pandas_s']:.3f} s: "
      f"{p['pandas_s']/g['go_1cpu_s']:.1f}x faster on 1 CPU, {p['pandas_s']/g['go_allcpu_s']:.1f}x on {g['cpus']}")
print(f"cpu time: Go {g['go_1cpu_cpu_s']:.3f} s, pandas {p['pandas_cpu_s']:.3f} s: {p['pandas_cpu_s']/g['go_1cpu_cpu_s']:.1f}x less CPU")
print(f"wall: numpy (vectorised) {n['numpy_s']:.3f} s: {n['numpy_s']/g['go_1cpu_s']:.1f}x Go 1 CPU; "
      f"cpu time numpy {n['numpy_cpu_s']:.3f} s: {n['numpy_cpu_s']/g['go_1cpu_cpu_s']:.1f}x Go's; pandas/numpy {p['pandas_s']/n['numpy_s']:.1f}x")
same = all(g[k] == x[k] for x in (p, n) for k in ("high_all_models", "outliers_all_models"))
print("same results in Go, pandas and numpy (high-disagreement count, outlier counts over all_models):", same)
if not same:
    sys.exit(1)
PY

echo "== k-center pass, $kn x 768 float32"
"$dir/bench" kcenter --n "$kn" --dim 768 --passes 8 | tee "$dir/kc.json"
# One BLAS thread: the fair CPU figure against Go's one worker (a second
# thread adds CPU time without reading memory faster on this machine).
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  /usr/bin/python3 bench/analysis/numpy_kcenter.py "$kn" 768 8 | tee "$dir/np.json"
/usr/bin/python3 - "$dir/kc.json" "$dir/np.json" <<'PY'
import json, sys
g, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(f"k-center pass CPU: Go 1 worker {g['pass_cpu_s_w1']:.3f} s, numpy sgemv {p['numpy_pass_cpu_s']:.3f} s: "
      f"Go uses {g['pass_cpu_s_w1']/p['numpy_pass_cpu_s']:.2f}x numpy's CPU")
print(f"k-center pass wall: Go 1 worker {g['pass_s_w1']:.3f} s, Go {g['cpus']} workers {g['pass_s_w'+str(g['cpus'])]:.3f} s, "
      f"numpy {p['numpy_pass_s']:.3f} s")
PY

if [ "$wn" -gt 0 ]; then
  echo "== weighted selection, $wn x 768, stop 0.8 (long: minutes)"
  "$dir/bench" weighted --n "$wn" --dim 768
fi
