#!/bin/sh
# Small-scale run of bench/analysis/run.sh: Go and the pandas/numpy scripts
# must agree on the high-disagreement count and the outlier counts (the
# script exits non-zero otherwise). Timings at this scale mean little.
set -eu
bench/analysis/run.sh 30000 20000 0
