#!/usr/bin/env bash
# Client-stack benchmarks of pipeline/llm (in pipeline/llm/wiretest, which
# links the SDK backends and the SQLite cache) and the offline end-to-end run of
# pipeline/stages. Side by side in one run, against one local
# OpenAI-compatible server (in-process, pipeline/llm/llmtest): raw net/http
# (the ceiling), the bare official openai-go SDK (the reference), and our
# full stack (limiter, retries, timeouts, accounting, optional SQLite cache).
# Usage: bash bench/llm/run.sh [N]   (N requests per benchmark, default 5000)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-5000}
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
echo "== client stack, 64 concurrent callers, ${n} requests each"
go test -run '^$' -bench 'RawHTTP64|BareSDK64|Stack64|StackCacheMiss64|CacheHit64|Sim64' -benchtime "${n}x" ./pipeline/llm/wiretest | grep -E '^Benchmark'
echo "== flat memory: the same benchmarks with 10x the requests"
go test -run '^$' -bench 'Stack64|StackCacheMiss64' -benchtime "$((n * 10))x" ./pipeline/llm/wiretest | grep -E '^Benchmark'
echo "== whole pipeline offline (sim backend), 100 value pairs: fresh run, then a re-run from the journals"
go test -run '^$' -bench 'Offline100Pairs' -benchtime 3x ./pipeline/stages | grep -E '^Benchmark'
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
