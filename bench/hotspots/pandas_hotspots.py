"""Times the pandas recomputation of analysis.Hotspots' statistics
(pipeline/analysis/testdata/crosscheck/hotspots.py, the cross-check the
tests use) on the CSV inputs bench/hotspots/main.go wrote. Reading is not
timed. Usage: pandas_hotspots.py DIR [REPS]."""
import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "pipeline", "analysis", "testdata", "crosscheck"))
import hotspots  # noqa: E402

d = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
inputs = hotspots.read(d)
best, cpu = None, 0.0
for _ in range(reps):
    sc, im, jd, order = (x.copy() if hasattr(x, "copy") else x for x in inputs)
    t0, c0 = time.perf_counter(), time.process_time()
    out = hotspots.compute(sc, im, jd, order)
    w = time.perf_counter() - t0
    cpu += time.process_time() - c0
    best = w if best is None else min(best, w)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
high = sum(int(r.get("high_n", 0)) for r in out["clauses"].values())
print(f"pandas: best of {reps} {best:.3f} s wall, {cpu / reps:.3f} s CPU per run; max RSS {rss} MiB (inputs included)")
print(f"pandas: sum of clause high_n {high}, pairs {len(out['pairs'])}, gaps {len(out['gaps'])}")
