#!/usr/bin/python3
"""The pandas/numpy equivalent of `bench/analysis tables`: all six subsets'
disagreement (population SD per value, NaN below 2 valid, max of the two)
and outliers (>= 4 points from >= 9 of 11, scaled for smaller sets, max over
the two values), plus value profiles (counts per model x category).

Usage: pandas_tables.py DIR [REPS]   (DIR written by `bench/analysis tables`)
Prints a JSON object with the best time over REPS runs.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

D = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
meta = json.load(open(f"{D}/meta.json"))
rows, models, sets = meta["rows"], meta["models"], meta["sets"]
raw = np.fromfile(f"{D}/positions.bin", dtype=np.int8).reshape(len(models) * 2, rows)
cols = {}
for i, m in enumerate(models):
    for v in (1, 2):
        x = raw[2 * i + v - 1].astype(np.float64)
        x[x < 0] = np.nan  # what pandas gives for a nullable parquet int column
        cols[f"{m}_value{v}_position"] = x
df = pd.DataFrame(cols)
rec = np.dtype([("model", "i1"), ("row", "<i4"), ("cat", "<i2")])
long = pd.DataFrame(np.fromfile(f"{D}/values.bin", dtype=rec))


def run():
    out = {}
    for name, ms in sets.items():
        sds = []
        for v in (1, 2):
            block = df[[f"{m}_value{v}_position" for m in ms]]
            sd = block.std(axis=1, ddof=0)
            sd[block.count(axis=1) < 2] = np.nan
            sds.append(sd)
        d = pd.concat(sds, axis=1).max(axis=1)
        n = len(ms)
        min_others = 9 if n == 12 else max(1, int(round(9 * (n - 1) / 11)))
        best = np.full((rows, n), -1.0)
        for v in (1, 2):
            x = df[[f"{m}_value{v}_position" for m in ms]].to_numpy()
            for j in range(n):
                far = (np.abs(x - x[:, [j]]) >= 4).sum(axis=1).astype(float)  # NaN compares False
                far[np.isnan(x[:, j])] = -1
                best[:, j] = np.maximum(best[:, j], far)
        out[name] = (d, (best >= min_others).sum(axis=0))
    prof = long.groupby(["model", "cat"]).size().unstack(fill_value=0)
    return out, prof


times, cpu = [], []
for _ in range(reps):
    t, c = time.perf_counter(), time.process_time()
    res, prof = run()
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
print(json.dumps({"pandas_s": min(times), "pandas_cpu_s": min(cpu), "rows": rows,
                  "high_all_models": int((res["all_models"][0] >= 1.5).sum()),
                  "outliers_all_models": [int(c) for c in res["all_models"][1]],
                  "profile_total": int(prof.to_numpy().sum())}))
