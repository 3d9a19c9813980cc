#!/usr/bin/env bash
# Kernel conformance against the real Jupyter stack: build the binary,
# install its kernelspec into a temporary prefix, check `jupyter kernelspec
# list` sees it, run Debian's jupyter_kernel_test suite (all twelve tests
# must pass, none may skip) and the robustness script, then execute a small
# notebook with nbconvert and check its outputs. Run from the repository root.
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

# Capture first: with pipefail, grep -q closing the pipe early would fail it.
specs=$(/usr/bin/jupyter kernelspec list 2>/dev/null)
if ! grep -Eq '^\s+specstress\s' <<<"$specs"; then
  echo "jupyter kernelspec list does not show specstress" >&2
  exit 1
fi

echo "-- jupyter_kernel_test"
(cd "$tmp" && /usr/bin/python3 "$repo/kernel/testdata/jupyter_conformance.py" GoKernelTests)

echo "-- robustness (interrupt, SIGINT, 100 MB output, huge cell, bad messages, restart)"
(cd "$tmp" && /usr/bin/python3 "$repo/kernel/testdata/robustness.py" 2>&1 | grep -v 'specstress kernel:')

echo "-- nbconvert --execute"
cp kernel/testdata/smoke.ipynb "$tmp/smoke.ipynb"
/usr/bin/jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=specstress --ExecutePreprocessor.timeout=120 \
  --output executed.ipynb "$tmp/smoke.ipynb"
/usr/bin/python3 - "$tmp/executed.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
outs = [c["outputs"] for c in nb["cells"]]
def text(o):
    t = o.get("text") or o.get("data", {}).get("text/plain", "")
    return "".join(t) if isinstance(t, list) else t
problems = []
if not any(o["output_type"] == "stream" and text(o) == "GO\n" for o in outs[0]):
    problems.append("cell 1: want stdout 'GO', got %r" % outs[0])
if not any(o["output_type"] == "execute_result" and text(o) == "49" for o in outs[1]):
    problems.append("cell 2: want result 49, got %r" % outs[1])
if not any(o["output_type"] == "display_data" and "text/markdown" in o["data"] for o in outs[2]):
    problems.append("cell 3: want a markdown display, got %r" % outs[2])
if problems:
    sys.exit("notebook check failed:\n  " + "\n  ".join(problems))
print("notebook OK: 3 cells, outputs as expected")
PY
echo "kernel conformance OK"
