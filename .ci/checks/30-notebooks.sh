#!/usr/bin/env bash
# Executes every notebook under notebooks/ twice, on a copy with the
# embedded sample beside it: once with `specstress nb run` (in-process, no
# Jupyter) and once with Jupyter's own nbclient (`jupyter nbconvert --to
# notebook --execute`) against the installed "Go (specstress)" kernelspec.
# Fails when either run fails, when any output is an error, when a cell
# tagged "figure" (cell metadata tags) has no image/png output, or when the
# two runs stored differently shaped outputs (types, streams, mime types).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in /usr/bin/python3 /usr/bin/jupyter; do
  [ -x "$tool" ] || { echo "30-notebooks: $tool missing (apt-get install python3-nbformat jupyter-nbconvert)"; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_CONFIG_DIR="$tmp/config" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime"

go build -o "$tmp/specstress" ./cmd/specstress
"$tmp/specstress" install --prefix "$tmp/prefix" >/dev/null

# Both runs work on copies: the notebooks in the repository stay clean.
for run in nbrun nbconvert; do
  mkdir -p "$tmp/$run/data"
  cp notebooks/*.ipynb "$tmp/$run/"
  cp -R notebooks/data/sample "$tmp/$run/data/sample"
done

echo "30-notebooks: specstress nb run"
"$tmp/specstress" nb run "$tmp"/nbrun/*.ipynb --timeout 5m

echo "30-notebooks: jupyter nbconvert --execute (nbclient) with the installed kernel"
for nb in "$tmp"/nbconvert/*.ipynb; do
  start=$(date +%s%N)
  /usr/bin/jupyter nbconvert --to notebook --execute --inplace \
    --ExecutePreprocessor.timeout=300 --ExecutePreprocessor.kernel_name=specstress \
    --log-level=WARN "$nb"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf 'ok   %-44s %4d.%03ds\n' "$(basename "$nb")" $((ms / 1000)) $((ms % 1000))
done

/usr/bin/python3 - "$tmp"/nbrun/*.ipynb "$tmp"/nbconvert/*.ipynb <<'PY'
import os, sys, nbformat

problems = []
for path in sys.argv[1:]:
    run = os.path.basename(os.path.dirname(path))
    name = f"{run}/{os.path.basename(path)}"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    if not code:
        problems.append(f"{name}: no code cells")
    pngs = 0
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        if c.source.strip() and c.execution_count is None:
            problems.append(f"{name}: cell {i} did not run")
        for o in c.outputs:
            if o.output_type == "error":
                problems.append(f"{name}: cell {i}: {o.ename}: {o.evalue}")
            if o.output_type == "stream" and o.name == "stderr" and "panic" in o.text:
                problems.append(f"{name}: cell {i}: panic on stderr: {o.text[:200]!r}")
        has_png = any("image/png" in o.get("data", {}) for o in c.outputs)
        pngs += has_png
        if "figure" in c.metadata.get("tags", []) and not has_png:
            problems.append(f"{name}: cell {i} is tagged figure but has no image/png output")
    print(f"30-notebooks: {name}: {len(code)} code cells, {pngs} with a figure")

# Our runner must store what Jupyter's nbclient stores: per cell, the same
# sequence of output types, stream names and mime types.
def shape(cell):
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            out.append(("stream", o.name))
        elif o.output_type in ("display_data", "execute_result"):
            out.append((o.output_type, tuple(sorted(o.data))))
        else:
            out.append((o.output_type,))
    return out

for path in sys.argv[1:]:
    if os.path.basename(os.path.dirname(path)) != "nbrun":
        continue
    other = os.path.join(os.path.dirname(os.path.dirname(path)), "nbconvert", os.path.basename(path))
    ours, theirs = nbformat.read(path, as_version=4), nbformat.read(other, as_version=4)
    for i, (a, b) in enumerate(zip(ours.cells, theirs.cells)):
        if shape(a) != shape(b):
            problems.append(f"{os.path.basename(path)}: cell {i}: nb run stored {shape(a)}, nbclient {shape(b)}")

if problems:
    print("30-notebooks: FAIL")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print("30-notebooks: ok")
PY
