#!/usr/bin/python3
"""numpy's cost of one unweighted farthest-first pass over N x D float32
(the reference for `bench/analysis kcenter`): squared distances to the new
centre by the norm expansion (one sgemv), running minimum, argmax.

Usage: numpy_kcenter.py N D PASSES
"""
import json
import sys
import time

import numpy as np

n, d, passes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
emb = np.empty((n, d), dtype=np.float32)
for i in range(0, n, 50000):
    emb[i:i + 50000] = rng.standard_normal((min(50000, n - i), d), dtype=np.float32) * 0.02
norms = np.einsum("ij,ij->i", emb, emb)
key = np.full(n, np.inf, dtype=np.float32)
c = 0
t, cpu = time.perf_counter(), time.process_time()
for _ in range(passes):
    d2 = norms + norms[c] - 2 * (emb @ emb[c])
    np.minimum(key, d2, out=key)
    key[c] = -np.inf
    c = int(np.argmax(key))
el = (time.perf_counter() - t) / passes
elc = (time.process_time() - cpu) / passes
print(json.dumps({"numpy_pass_s": el, "numpy_pass_gbps": n * d * 4 / el / 1e9,
                  "numpy_pass_cpu_s": elc, "numpy_gb_per_cpu_s": n * d * 4 / elc / 1e9,
                  "blas": np.__config__.blas_opt_info.get("libraries", ["?"]) if hasattr(np.__config__, "blas_opt_info") else "?"}))
