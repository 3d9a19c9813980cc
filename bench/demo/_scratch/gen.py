# Builds notebooks/*.ipynb from the text sources in src/: cells separated by
# lines "%% md" or "%% code [tag ...]". Deterministic cell ids.
import glob, os, sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "..", "notebooks")
def expand(path):
    lines = []
    for line in open(path).read().split("\n"):
        if line.startswith("%% include "):
            lines += expand(os.path.join(os.path.dirname(path), line.split()[2]))
        else:
            lines.append(line)
    return lines
only = sys.argv[1:]
for src in sorted(glob.glob(os.path.join(here, "src", "[0-9]*.txt"))):
    stem = os.path.basename(src)[:-4]
    if only and not any(stem.startswith(o) for o in only):
        continue
    nb = new_notebook(metadata={
        "kernelspec": {"name": "specstress", "display_name": "Go (specstress)", "language": "go"},
        "language_info": {"name": "go", "file_extension": ".go", "mimetype": "text/x-go"},
    })
    cur, kind, tags = [], None, []
    def flush():
        if kind is None:
            return
        text = "\n".join(cur).strip("\n")
        cid = f"c{len(nb.cells):02d}"
        if kind == "md":
            nb.cells.append(new_markdown_cell(text, id=cid))
        else:
            c = new_code_cell(text, id=cid)
            if tags:
                c.metadata["tags"] = tags
            nb.cells.append(c)
    for line in [l.replace("RUNNAME", '"%s"' % stem[:2]) for l in expand(src)]:
        if line.startswith("%% "):
            flush()
            parts = line[3:].split()
            kind, tags, cur = parts[0], parts[1:], []
        else:
            cur.append(line)
    flush()
    nbformat.validate(nb)
    nbformat.write(nb, os.path.join(out, stem + ".ipynb"))
    print("wrote", stem)
