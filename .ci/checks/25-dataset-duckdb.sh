#!/usr/bin/env bash
# The dataset writer and reader agree with a second parquet implementation
# (DuckDB, from npm as @duckdb/node-api) in both directions: files we write
# read the same in DuckDB, and a file DuckDB writes reads correctly here.
# Then DuckDB writes the messy release fixture afresh (other model spellings,
# query_key formats, unknown decision strings, nulls, int64/double drift
# between shards: pipeline/dataset/testdata/messy/make.sql) and the reader
# and analysis tests run on that fresh copy, against numpy/pandas/statsmodels.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq nodejs npm >/dev/null
fi
(cd bench/dataset && npm install --no-audit --no-fund --silent)
go run ./bench/dataset/interop

messy=$(mktemp -d)
trap 'rm -rf "$messy"' EXIT
mkdir -p "$messy/data" "$messy/judge_evaluations"
node bench/dataset/duck.mjs exec pipeline/dataset/testdata/messy/make.sql "$messy"
SPECSTRESS_CI=1 SPECSTRESS_MESSY_DIR="$messy" go test -count=1 \
  -run 'Messy|Refuses' ./pipeline/dataset ./cmd/specstress

# Judge files with clause citations in other tools' spellings, written afresh.
cites=$(mktemp -d)
trap 'rm -rf "$messy" "$cites"' EXIT
mkdir -p "$cites/good/judge_evaluations" "$cites/bad/judge_evaluations"
node bench/dataset/duck.mjs exec pipeline/dataset/testdata/citations/make.sql "$cites"
SPECSTRESS_CI=1 SPECSTRESS_CITATIONS_DIR="$cites" go test -count=1 -run 'TestCitations' ./pipeline/dataset
