#!/usr/bin/env bash
# Dataset loading benchmark: pipeline/dataset (Go) side by side with DuckDB
# (@duckdb/node-api) reading the same full-scale synthetic split.
#
#   bench/dataset/run.sh [DATA_DIR] [RUNS] [ALL_RUNS]
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
for mode in positions scenarios all; do
  n=$RUNS
  [ "$mode" = all ] && n=$ALL_RUNS
  for i in $(seq "$n"); do
    "$BIN/load" "$DATA" "$SPLIT" "$mode" | tee -a "$OUT"
    node bench/dataset/duck.mjs load "$GLOB" "$mode" | tee -a "$OUT"
  done
done

node - "$OUT" <<'JS'
const fs = require('fs');
const runs = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map(JSON.parse);
const med = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const f = (x, d = 2) => x.toFixed(d);
console.log('\n| load | tool | seconds (median) | peak RSS MB | peak - base MB | retained MB | raw MB |');
console.log('|---|---|---|---|---|---|---|');
const ratio = {};
for (const mode of ['positions', 'scenarios', 'all']) {
  for (const tool of ['go', 'duckdb']) {
    const r = runs.filter(x => x.mode === mode && x.tool === tool);
    if (!r.length) continue;
    const secs = med(r.map(x => x.seconds)), peak = med(r.map(x => x.peak_rss_mb));
    const extra = med(r.map(x => x.peak_rss_mb - x.base_rss_mb));
    const raw = r[0].raw_mb !== undefined ? f(r[0].raw_mb, 1) : '';
    console.log(`| ${mode} | ${tool} | ${f(secs, 3)} | ${f(peak, 0)} | ${f(extra, 0)} | ${f(med(r.map(x => x.retained_heap_mb)), 1)} | ${raw} |`);
    (ratio[mode] ??= {})[tool] = { secs, extra };
  }
}
console.log('\n| load | time Go/DuckDB | peak-above-base Go/DuckDB |');
console.log('|---|---|---|');
for (const [mode, r] of Object.entries(ratio)) {
  if (r.go && r.duckdb) console.log(`| ${mode} | ${f(r.go.secs / r.duckdb.secs)} | ${f(r.go.extra / r.duckdb.extra)} |`);
}
JS
