"""Checks that two folders of executed notebooks hold the same results in
the shape that can be compared across runners: every code cell ran, none
has an error output, and cell by cell the two have the same number of
outputs with the same output types and MIME types (stream names too).
Values may differ (timings, plot bytes). Exit 1 naming the notebook, cell
and difference otherwise.

Usage: same_outputs.py DIR_A DIR_B NOTEBOOK.ipynb...
"""
import json
import os
import sys


def shape(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    cells = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] != "code":
            continue
        outs = []
        for o in c.get("outputs", []):
            kind = o["output_type"]
            if kind == "error":
                raise SystemExit(f"{path}: cell {i}: error output {o.get('ename')}: {o.get('evalue')}")
            if kind == "stream":
                outs.append(("stream", o["name"]))
            else:
                outs.append((kind, tuple(sorted(o.get("data", {})))))
        if c.get("execution_count") is None and "".join(c["source"]).strip():
            raise SystemExit(f"{path}: cell {i} did not run (no execution_count)")
        cells.append((i, outs))
    return cells


def main():
    a, b, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    n = 0
    for name in names:
        sa, sb = shape(os.path.join(a, name)), shape(os.path.join(b, name))
        if len(sa) != len(sb):
            raise SystemExit(f"{name}: {len(sa)} code cells in {a}, {len(sb)} in {b}")
        for (i, oa), (_, ob) in zip(sa, sb):
            if oa != ob:
                raise SystemExit(f"{name}: cell {i}: outputs differ:\n  {a}: {oa}\n  {b}: {ob}")
            n += len(oa)
    print(f"same outputs: {len(names)} notebooks, {n} outputs, no errors", file=sys.stderr)


if __name__ == "__main__":
    main()
