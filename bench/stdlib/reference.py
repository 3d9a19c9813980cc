"""Reference timings for bench/stdlib/run.sh: matplotlib rendering the same
bar chart as kernel/display's BenchmarkPlotPNG/SVG (three bars, 7 x 4.5
inches, 96 dpi), and pandas rendering a 10,000 x 5 float frame as the HTML
table a notebook shows. Prints "name<TAB>best milliseconds" lines.

Usage: /usr/bin/python3 bench/stdlib/reference.py REPS
"""
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def best(fn, reps):
    fn()  # warm-up: font cache, imports
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def bars(fmt):
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=96)
    ax.bar([0, 1, 2], [1, 3, 2])
    ax.set_title("bars")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=96)
    plt.close(fig)
    return buf.getvalue()


def frame_html(df):
    return df._repr_html_()


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    n = 10000
    df = pd.DataFrame({chr(ord("a") + c): [i * c / 7 for i in range(n)] for c in range(5)})
    print("PlotPNG\t%.3f" % best(lambda: bars("png"), reps))
    print("PlotSVG\t%.3f" % best(lambda: bars("svg"), reps))
    print("RenderDataFrame\t%.3f" % best(lambda: frame_html(df), reps))


if __name__ == "__main__":
    main()
