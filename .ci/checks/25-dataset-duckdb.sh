#!/usr/bin/env bash
# The dataset writer and reader agree with a second parquet implementation
# (DuckDB, from npm as @duckdb/node-api) in both directions: files we write
# read the same in DuckDB, and a file DuckDB writes reads correctly here.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq nodejs npm >/dev/null
fi
(cd bench/dataset && npm install --no-audit --no-fund --silent)
go run ./bench/dataset/interop
