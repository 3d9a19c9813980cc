#!/usr/bin/env bash
# The cell suite (kernel/testdata/cells/suite.json: realistic cells with the
# output Go gives for each) through the real kernel with Debian's
# jupyter_client: every cell gives Go's output or Go's error, or is refused
# before it runs naming an interpreter limitation the suite expects; a cell
# giving another answer fails the check. Prints the pass rate. Run from the
# repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/bin/specstress" ./cmd/specstress
"$tmp/bin/specstress" install --prefix "$tmp/prefix"
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export PYDEVD_DISABLE_FILE_VALIDATION=1

(cd "$tmp" && /usr/bin/python3 "$repo/kernel/testdata/cells/run_cells.py" 2>&1 | grep -v 'specstress kernel:')
