#!/usr/bin/env bash
# Side-by-side benchmark of the paper's figures: package plots (gonum/plot)
# against matplotlib drawing the same data at the same size, both to PNG at
# 96 dpi, on full-scale synthetic data (411K scenarios unless
# SPECSTRESS_BENCH_SCENARIOS says otherwise). Run from the repository root:
#
#   bash bench/plots/run.sh            # prints a markdown table with ratios
#
# Needs Go and Debian's python3-matplotlib (run as /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/usr/local/go/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reps=${BENCH_REPS:-7}
echo "scenarios: ${SPECSTRESS_BENCH_SCENARIOS:-411000}; repetitions: $reps; $(nproc) CPU(s)" >&2

# One Go process builds the full-scale fixture once, writes the figure data
# for matplotlib, then times every figure (build + PNG encode).
SPECSTRESS_BENCH_OUT="$work" go test ./plots -run '^$' \
  -bench '^BenchmarkFigurePNG$' -benchtime 1x -count "$reps" -timeout 30m >"$work/go.txt"
/usr/bin/python3 bench/plots/matplotlib_figures.py "$work/figures.json" "$reps" >"$work/mpl.txt"

# Fastest run per figure, on both sides: the machine is shared, and the
# minimum is the estimate least disturbed by other processes.
awk '/^BenchmarkFigurePNG\//{split($1,a,"/"); sub(/-[0-9]+$/,"",a[2]); ms=$3/1e6; if(!(a[2] in best)||ms<best[a[2]])best[a[2]]=ms}
  END{for(k in best)printf "%s\t%.2f\n", k, best[k]}' "$work/go.txt" | sort >"$work/go.tsv"
sort "$work/mpl.txt" >"$work/mpl.tsv"

echo "| figure | plots (Go) ms | matplotlib ms | Go / matplotlib |"
echo "|---|---:|---:|---:|"
join -t $'\t' "$work/go.tsv" "$work/mpl.tsv" | awk -F'\t' '{printf "| %s | %.1f | %.1f | %.2f |\n", $1, $2, $3, $2/$3}'
