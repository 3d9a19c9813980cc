#!/usr/bin/env bash
# Writes every figure and kind `specstress plot` draws, as PNG and SVG, from
# a dataset (default: the embedded sample), for a person to look at:
#
#   bash bench/plots/gallery.sh OUTDIR [DATASET]     (from the repository root)
#
# docs/gallery holds the default kind of each figure drawn this way. The
# tests check that every figure and kind draws (cmd/specstress
# TestPlotDrawsEveryFigureAndKindFromTheSample, plots
# TestEveryFigureBuildsFromTheEmbeddedSample); this script only shows them.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bash bench/plots/gallery.sh OUTDIR [DATASET]" >&2
  exit 2
fi
out=$1
data=${2:-notebooks/data/sample}
mkdir -p "$out"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/specstress" ./cmd/specstress

# NAME:kind,kind,... as `specstress plot -h` lists them.
figures=(
  agreement:matrix
  cooccurrence:matrix
  disagreement:histogram,subsets,category
  noncompliance:bins,outcomes
  outliers:counts
  profiles:heatmap,deviation,bars,providers
  refusals:types,topics,hard
  selection:curve
)
n=0
for fig in "${figures[@]}"; do
  name=${fig%%:*}
  IFS=, read -r -a kinds <<<"${fig#*:}"
  for kind in "${kinds[@]}"; do
    for ext in png svg; do
      "$bin/specstress" plot "$name" "$data" --kind "$kind" --out "$out/${name}_${kind}.$ext"
      n=$((n + 1))
    done
  done
done
echo "wrote $n files to $out" >&2
