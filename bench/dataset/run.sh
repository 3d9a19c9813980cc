#!/usr/bin/env bash
# Dataset loading benchmark: pipeline/dataset (Go) side by side with DuckDB
# (@duckdb/node-api) reading the same full-scale synthetic split.
#
#   [MODES="positions disagreement"] bench/dataset/run.sh [DATA_DIR] [RUNS] [ALL_RUNS]
#
# DATA_DIR (default /tmp/specstress-bench-data, keep it outside the repo) is
# generated on first use by bench/dataset/gen: complete/train with 411,000
# rows, 12 models, ~800-character responses, 16 shards, 25,000-row row groups.
# Every load runs in a fresh process (so peak RSS is that load's own); RUNS
# (default 3) runs per tool for the positions and scenarios loads, ALL_RUNS
# (default 1: each needs ~6 GB and a minute) for loading everything; the
# median is reported. Output: one JSON line per run, then markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-/tmp/specstress-bench-data}
RUNS=${2:-3}
ALL_RUNS=${3:-1}
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT

(cd bench/dataset && npm install --no-audit --no-fund --silent)
go build -o "$BIN/gen" ./bench/dataset/gen
go build -o "$BIN/load" ./bench/dataset/load
if [ ! -d "$DATA/complete" ]; then
  echo "generating $DATA"
  "$BIN/gen" --out "$DATA" --response-chars 800
fi
SPLIT=complete/train
GLOB="$DATA/complete/train-*.parquet"
echo "data: $(du -sh "$DATA/complete" | cut -f1) in $(ls $GLOB | wc -l) files; cores: $(nproc)"

OUT="$BIN/runs.jsonl"
# whole runs a command and adds its whole-process wall time to its JSON line.
whole() {
  local t0 t1 line
  t0=$(date +%s.%N)
  line=$("$@")
  t1=$(date +%s.%N)
  echo "${line%\}},\"process_seconds\":$(awk "BEGIN{printf \"%.6f\", $t1 - $t0}")}"
}
for mode in ${MODES:-positions scenarios disagreement all}; do
  n=$RUNS
  [ "$mode" = all ] && n=$ALL_RUNS
  for i in $(seq "$n"); do
    whole "$BIN/load" "$DATA" "$SPLIT" "$mode" | tee -a "$OUT"
    if [ "$mode" = disagreement ]; then
      # DuckDB computes the same result in SQL (no table built).
      whole node bench/dataset/duck.mjs disagreement "$GLOB" | tee -a "$OUT"
    else
      whole node bench/dataset/duck.mjs load "$GLOB" "$mode" | tee -a "$OUT"
    fi
  done
done

node - "$OUT" <<'JS'
const fs = require('fs');
const runs = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map(JSON.parse);
const med = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const f = (x, d = 2) => x.toFixed(d);
console.log('\n| load | tool | seconds (median) | whole process s | peak RSS MB | peak - base MB | retained MB | raw MB |');
console.log('|---|---|---|---|---|---|---|---|');
const ratio = {};
for (const mode of ['positions', 'scenarios', 'disagreement', 'all']) {
  for (const tool of ['go', 'duckdb']) {
    const r = runs.filter(x => x.mode === mode && x.tool === tool);
    if (!r.length) continue;
    const secs = med(r.map(x => x.seconds)), peak = med(r.map(x => x.peak_rss_mb)), proc = med(r.map(x => x.process_seconds));
    const extra = med(r.map(x => x.peak_rss_mb - x.base_rss_mb));
    const raw = r[0].raw_mb !== undefined ? f(r[0].raw_mb, 1) : '';
    const ret = r[0].retained_heap_mb !== undefined ? f(med(r.map(x => x.retained_heap_mb)), 1) : '';
    console.log(`| ${mode} | ${tool} | ${f(secs, 3)} | ${f(proc, 3)} | ${f(peak, 0)} | ${f(extra, 0)} | ${ret} | ${raw} |`);
    (ratio[mode] ??= {})[tool] = { secs, extra, proc, result: JSON.stringify(r[0].result) };
  }
}
console.log('\n| load | time Go/DuckDB in-process | whole process | peak-above-base Go/DuckDB |');
console.log('|---|---|---|---|');
for (const [mode, r] of Object.entries(ratio)) {
  if (r.go && r.duckdb) console.log(`| ${mode} | ${f(r.go.secs / r.duckdb.secs)} | ${f(r.go.proc / r.duckdb.proc)} | ${f(r.go.extra / r.duckdb.extra)} |`);
}
const d = ratio.disagreement;
if (d && d.go && d.duckdb) console.log(`\ndisagreement results: Go ${d.go.result}, DuckDB ${d.duckdb.result}`);
JS
