#!/usr/bin/python3
"""Reference side of the plots benchmark: draw the same figures as package
plots with matplotlib (Agg, PNG at 96 dpi, same size, same data, the
closest matplotlib idiom: annotated imshow heatmaps, grouped/stacked bars
with error bars, histogram, lines) and time each one, build + savefig.

Input: figures.json written by `go test ./plots -run ^$ -bench BenchmarkFigurePNG`
(SPECSTRESS_BENCH_OUT). Output: one line per figure, "name<TAB>ms", the fastest of the repetitions
(the machine is shared; the minimum is least disturbed by other load).
"""
import io
import json
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

DPI = 96


def heatmap(ax, t):
    v = np.array(t["values"], dtype=float)
    v = np.where(v < 0, np.nan, v)
    im = ax.imshow(v, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(t["cols"])), t["cols"], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(t["rows"])), t["rows"], fontsize=8)
    for r in range(v.shape[0]):
        for c in range(v.shape[1]):
            if not np.isnan(v[r, c]):
                ax.text(c, r, f"{100 * v[r, c]:.1f}", ha="center", va="center", fontsize=6)
    return im


def bars(ax, t, horizontal=False):
    vals = np.array(t["values"], dtype=float)
    err = np.array(t["err"], dtype=float) if t.get("err") else None
    n, g = vals.shape
    width = 0.8 / n
    x = np.arange(g)
    for i in range(n):
        pos = x - 0.4 + (i + 0.5) * width
        e = err[i] if err is not None else None
        if horizontal:
            cont = ax.barh(pos, vals[i], height=width, xerr=e, label=t["rows"][i])
        else:
            cont = ax.bar(pos, vals[i], width=width, yerr=e, label=t["rows"][i])
        ax.bar_label(cont, fmt="%.3g", fontsize=6)
    if horizontal:
        ax.set_yticks(x, t["cols"], fontsize=8)
        ax.invert_yaxis()
    else:
        ax.set_xticks(x, t["cols"], rotation=45, ha="right", fontsize=8)
    if n > 1:
        ax.legend(fontsize=7, ncol=min(n, 6), loc="upper center", bbox_to_anchor=(0.5, 1.15))


def stacked(ax, t):
    vals = np.array(t["values"], dtype=float)
    left = np.zeros(vals.shape[0])
    y = np.arange(vals.shape[0])
    for j, name in enumerate(t["cols"]):
        cont = ax.barh(y, vals[:, j], left=left, label=name)
        ax.bar_label(cont, labels=[f"{100 * v:.0f}" if v > 0.04 else "" for v in vals[:, j]],
                     label_type="center", fontsize=6)
        left += vals[:, j]
    ax.set_yticks(y, t["rows"], fontsize=8)
    ax.invert_yaxis()
    ax.legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, 1.2))


def hist(ax, t):
    counts = np.array(t["values"][0], dtype=float)
    edges = [float(c) for c in t["cols"]]
    ax.bar(edges, counts, width=0.1, align="edge",
           color=["#B2182B" if e >= 1.5 else "#6BAED6" for e in edges])
    ax.axvline(1.5, ls="--", color="#B2182B")


def lines(ax, t):
    xs = [float(c) for c in t["cols"]]
    for name, ys in zip(t["rows"], t["values"]):
        ax.plot(xs, ys, label=name)
    ax.legend(fontsize=7)


def draw(fig_spec):
    w, h = fig_spec["width_pt"] / 72, fig_spec["height_pt"] / 72
    tables = fig_spec["tables"]
    fig, axes = plt.subplots(1, len(tables), figsize=(w, h), dpi=DPI, squeeze=False)
    for ax, t in zip(axes[0], tables):
        kind = fig_spec["kind"]
        if kind == "heatmap":
            im = heatmap(ax, t)
            fig.colorbar(im, ax=ax)
        elif kind == "bars":
            bars(ax, t)
        elif kind == "hbars":
            bars(ax, t, horizontal=True)
        elif kind == "stacked":
            stacked(ax, t)
        elif kind == "hist":
            hist(ax, t)
        elif kind == "lines":
            lines(ax, t)
    fig.suptitle(fig_spec["title"], fontsize=12, fontweight="bold")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def main():
    specs = json.load(open(sys.argv[1]))
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out_dir = sys.argv[3] if len(sys.argv) > 3 else None
    for spec in specs:
        draw(spec)  # warm up fonts and caches, as Go's b.Loop warms up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            png = draw(spec)
            times.append(time.perf_counter() - t0)
        if out_dir:
            with open(f"{out_dir}/{spec['name']}.png", "wb") as f:
                f.write(png)
        print(f"{spec['name']}\t{1000 * min(times):.2f}")


if __name__ == "__main__":
    main()
