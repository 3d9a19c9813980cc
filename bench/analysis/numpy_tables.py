#!/usr/bin/python3
"""The vectorised numpy equivalent of `bench/analysis tables` (beside
pandas_tables.py, whose DataFrame idioms are slower): all six subsets'
disagreement and outliers, plus value profiles, on int8 positions with a
validity mask instead of NaN-filled float frames.

Usage: numpy_tables.py DIR [REPS]   (DIR written by `bench/analysis tables`)
Prints a JSON object with the best time over REPS runs.
"""
import json
import sys
import time

import numpy as np

D = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
meta = json.load(open(f"{D}/meta.json"))
rows, models, sets = meta["rows"], meta["models"], meta["sets"]
raw = np.fromfile(f"{D}/positions.bin", dtype=np.int8).reshape(len(models) * 2, rows)
index = {m: i for i, m in enumerate(models)}
rec = np.dtype([("model", "i1"), ("row", "<i4"), ("cat", "<i2")])
values = np.fromfile(f"{D}/values.bin", dtype=rec)


def sd(x, valid):
    """Population SD per row over the valid entries; NaN below 2."""
    cnt = valid.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(valid, x, 0).sum(axis=1) / cnt
        dev = np.where(valid, x - mean[:, None], 0.0)
        out = np.sqrt((dev * dev).sum(axis=1) / cnt)
    out[cnt < 2] = np.nan
    return out


def run():
    out = {}
    for name, ms in sets.items():
        idx = [index[m] for m in ms]
        n = len(ms)
        min_others = 9 if n == 12 else max(1, int(round(9 * (n - 1) / 11)))
        sds, best = [], np.full((rows, n), -1, dtype=np.int16)
        for v in (0, 1):
            p = raw[[2 * i + v for i in idx]].T  # rows x n, int8, -1 = missing
            valid = p >= 0
            sds.append(sd(p.astype(np.float64), valid))
            q = p.astype(np.int16)
            far = ((np.abs(q[:, :, None] - q[:, None, :]) >= 4) & valid[:, :, None] & valid[:, None, :]).sum(axis=1, dtype=np.int16)
            far[~valid] = -1
            np.maximum(best, far, out=best)
        d = np.fmax(sds[0], sds[1])
        out[name] = (d, (best >= min_others).sum(axis=0))
    ncat = int(values["cat"].max()) + 1
    prof = np.bincount(values["model"].astype(np.int64) * ncat + values["cat"], minlength=len(models) * ncat)
    return out, prof


times, cpu = [], []
for _ in range(reps):
    t, c = time.perf_counter(), time.process_time()
    res, prof = run()
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
print(json.dumps({"numpy_s": min(times), "numpy_cpu_s": min(cpu), "rows": rows,
                  "high_all_models": int((res["all_models"][0] >= 1.5).sum()),
                  "outliers_all_models": [int(c) for c in res["all_models"][1]],
                  "profile_total": int(prof.sum())}))
