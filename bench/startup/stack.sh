#!/usr/bin/env bash
# A fresh process to a session with the analysis stack loaded, and a mean
# computed, against Python importing its analysis stack; interleaved.
#
# Usage: bench/startup/stack.sh [-n ROUNDS] SPECSTRESS_BINARY [ENGINE_BINARY]
#
# Ours: `specstress run stack.go` (written below), a script that names all 38
# preloads of the kernel's engine (run imports those a script names), so it
# builds and loads the same symbol tables and imports as a kernel's engine,
# then prints a mean. Python: Debian's /usr/bin/python3 running
# stack.py (numpy, pandas, matplotlib.pyplot, scipy.stats,
# statsmodels.api, then the same mean). With ENGINE_BINARY
# (go build -o /tmp/engine ./bench/startup/engine), its whole-process wall
# is timed too, and the in-process ready time it prints is reported.
# Wall time with bash's $EPOCHREALTIME around fork+exec; output checked once,
# then sent to /dev/null. Medians, p10 and p90 over the rounds; ratios of
# medians to the Python stack.
set -euo pipefail
rounds=21
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: $0 [-n ROUNDS] SPECSTRESS_BINARY [ENGINE_BINARY]" >&2; exit 2; }
ss=$1 engine=${2:-}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("2")\n}\n' >"$work/hello.go"
cat >"$work/stack.go" <<'GO'
// The analysis stack of a notebook, as a `specstress run` script: it names
// every one of the engine's 38 preloads (run imports the preloads a script
// names), so the process pays what a kernel's engine pays to get ready,
// then computes a mean. stack.py below is the Python counterpart.
refs := []any{
	fmt.Sprint, strings.ToUpper, strconv.Itoa, math.Sqrt, sort.Ints, time.Now,
	os.Getenv, errors.New, context.Background, io.EOF, bytes.NewReader,
	regexp.MustCompile, rand.IntN,
	filepath.Join, json.Marshal, dataframe.New, series.Floats, stat.Mean,
	floats.Sum, mat.NewDense, distuv.UnitNormal, plot.New, plotter.NewScatter,
	vg.Points, draw.Crop, plotutil.AddLines, vgimg.New, display.Markdown,
	pipeline.Ambiguous, dataset.CitationCell, simulate.BinOf, analysis.Agreement,
	taxonomy.Builtin, llm.Text, stages.AllStages, plots.Bars,
}
xs := []float64{3, 1, 2}
slices.Sort(xs)                          // generic functions are not values in the
m := maps.Clone(map[string]int{"n": 38}) // interpreter: call them instead
if len(refs)+2 != m["n"] {
	panic("not all 38 preloads named")
}
fmt.Println(stat.Mean(xs, nil))
GO
cat >"$work/stack.py" <<'PY'
# The analysis stack of a Python notebook of the method (arrays, data
# frames, plots, distributions and tests, regressions), then a mean:
# the counterpart of stack.go.
import numpy, pandas, matplotlib.pyplot, scipy.stats, statsmodels.api
print(numpy.mean([3, 1, 2]))
PY
cd "$work"

names=() cmds=() want=()
add() { names+=("$1"); cmds+=("$2"); want+=("$3"); }
add "true (fork+exec floor)" "/bin/true" ""
add "$py -c 'print(2)' (no imports)" "$py -c print(2)" "2"
add "$py stack.py (numpy, pandas, pyplot, scipy.stats, statsmodels.api)" "$py $work/stack.py" "2.0"
add "specstress run hello.go (fmt only)" "$ss run $work/hello.go" "2"
add "specstress run stack.go (all 38 preloads)" "$ss run $work/stack.go" "2"
if [[ -n $engine ]]; then
	add "bench/startup/engine (repl.New, all preloads, one cell)" "$engine" ""
fi
ref=2 # the Python stack

for i in "${!cmds[@]}"; do # warm the page cache, check every output
	out=$(${cmds[$i]} 2>&1) || { echo "failed: ${cmds[$i]}: $out" >&2; exit 1; }
	[[ -z ${want[$i]} || $out == "${want[$i]}" ]] || { echo "unexpected output of ${cmds[$i]}: $out" >&2; exit 1; }
done

declare -A samples
inproc=""
for ((r = 0; r < rounds; r++)); do
	for i in "${!cmds[@]}"; do
		if [[ ${cmds[$i]} == "$engine" ]]; then
			t0=$EPOCHREALTIME
			read -r ready _ < <($engine)
			t1=$EPOCHREALTIME
			inproc+="$ready "
		else
			t0=$EPOCHREALTIME
			${cmds[$i]} >/dev/null 2>&1
			t1=$EPOCHREALTIME
		fi
		samples[$i]+="$(( ${t1/./} - ${t0/./} )) "
	done
done

stats() { # microsecond samples -> "median p10 p90" in ms
	tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{
		m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2
		p10 = a[int(NR*0.1)+1]; p90 = a[int(NR*0.9)>0 ? int(NR*0.9) : 1]
		printf "%.1f %.1f %.1f\n", m/1000, p10/1000, p90/1000}'
}
refmed=$(stats <<<"${samples[$ref]}" | cut -d' ' -f1)
echo "rounds: $rounds, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "$py $($py --version 2>&1 | cut -d' ' -f2): $($py -c 'import numpy, pandas, matplotlib, scipy, statsmodels; print("numpy", numpy.__version__, "pandas", pandas.__version__, "matplotlib", matplotlib.__version__, "scipy", scipy.__version__, "statsmodels", statsmodels.__version__)')"
printf '| %-70s | %9s | %9s | %9s | %10s |\n' command "median ms" "p10 ms" "p90 ms" "/ Python stack"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..72})" ----------- ----------- ----------- ------------
for i in "${!cmds[@]}"; do
	read -r med p10 p90 < <(stats <<<"${samples[$i]}")
	printf '| %-70s | %9s | %9s | %9s | %10s |\n' "${names[$i]}" "$med" "$p10" "$p90" \
		"$(awk -v a="$med" -v b="$refmed" 'BEGIN{printf "%.3f", a/b}')"
done
if [[ -n $engine ]]; then
	echo "engine in-process ready (repl.New with all preloads), median ms: $(tr ' ' '\n' | grep -v '^$' | sort -g |
		awk '{a[NR]=$1} END{printf "%.2f\n", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}' <<<"$inproc")"
fi
