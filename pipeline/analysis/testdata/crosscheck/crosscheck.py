#!/usr/bin/python3
"""Independent reference computations for pipeline/analysis.

Usage: crosscheck.py DIR

Reads the CSV inputs a Go test wrote to DIR and writes DIR/expected.json:
every statistic computed with numpy/pandas/statsmodels/scipy, written
independently of the Go code (different formulas where there is a choice).
NaN is written as null.
"""
import json
import math
import sys

import numpy as np
import pandas as pd
from scipy import optimize
from statsmodels.stats import inter_rater

D = sys.argv[1]
out = {}


def put(name, values):
    arr = np.asarray(values, dtype=float).ravel()
    out[name] = [None if math.isnan(v) else float(v) for v in arr]


# ---- disagreement --------------------------------------------------------
pos = pd.read_csv(f"{D}/positions.csv")  # empty cell = null
sc = pd.read_csv(f"{D}/scenarios.csv", keep_default_na=False)
sets = json.load(open(f"{D}/sets.json"))
cats = pd.read_csv(f"{D}/categories.csv", keep_default_na=False)
cat_of = dict(zip(cats["value"], cats["category"]))
bins = [(0, 1), (1, 1.5), (1.5, 2), (2, 2.5), (2.5, 3)]
for name, models in sets.items():
    sds = []
    for v in (1, 2):
        block = pos[[f"{m}_value{v}_position" for m in models]]
        sd = block.std(axis=1, ddof=0)
        sd[block.count(axis=1) < 2] = np.nan
        sds.append(sd)
        put(f"{name}/sd{v}", sd)
    d = pd.concat(sds, axis=1).max(axis=1, skipna=True)
    put(f"{name}/D", d)
    valid = d.dropna().to_numpy()
    put(f"{name}/summary", [len(valid), np.mean(valid), np.std(valid), np.median(valid),
                            int((valid >= 1.5).sum())])
    counts = []
    for i, (lo, hi) in enumerate(bins):
        last = i == len(bins) - 1
        counts.append(int(((valid >= lo) & ((valid <= hi) if last else (valid < hi))).sum()))
    put(f"{name}/bins", counts)
    frame = sc.assign(D=d)
    g = frame.groupby("nudge")["D"].mean()
    for k, v in g.items():
        put(f"{name}/by_nudge/{k}", [v])
    g = frame.assign(pair=frame["value1"] + " | " + frame["value2"]).groupby("pair")["D"].mean()
    for k, v in g.items():
        put(f"{name}/by_pair/{k}", [v])
    long = pd.concat([frame[["value1", "D"]].rename(columns={"value1": "value"}),
                      frame.loc[frame["value1"] != frame["value2"], ["value2", "D"]].rename(columns={"value2": "value"})])
    for k, v in long.groupby("value")["D"].mean().items():
        put(f"{name}/by_value/{k}", [v])
    c1 = frame["value1"].map(cat_of).fillna("(unmapped)")
    c2 = frame["value2"].map(cat_of).fillna("(unmapped)")
    longc = pd.concat([pd.DataFrame({"cat": c1, "D": d}), pd.DataFrame({"cat": c2, "D": d})[c1 != c2]])
    for k, v in longc.groupby("cat")["D"].mean().items():
        put(f"{name}/by_category/{k}", [v])

    # ---- outliers (numpy broadcasting, max over the two values) ----------
    n = len(models)
    min_others = 9 if n == 12 else max(1, int(round(9 * (n - 1) / 11 + 1e-9)))
    far_best = np.full((len(pos), n), -1.0)
    for v in (1, 2):
        x = pos[[f"{m}_value{v}_position" for m in models]].to_numpy(dtype=float)
        diff = np.abs(x[:, :, None] - x[:, None, :])  # NaN where either is null
        far = np.nansum(diff >= 4, axis=2).astype(float)
        far[np.isnan(x)] = -1
        far_best = np.maximum(far_best, far)
    put(f"{name}/outliers", (far_best >= min_others).sum(axis=0))
    put(f"{name}/outliers_valid", (far_best >= 0).sum(axis=0))

# ---- compliance and agreement --------------------------------------------
jd = pd.read_csv(f"{D}/judgments.csv", keep_default_na=False)
judges = ["j0", "j1", "j2"]
flag = {}
for j in judges:
    flag[j] = jd[j].map({"compliant": 0.0, "non-compliant": 1.0, "ambiguous": 1.0, "": np.nan})
F = pd.DataFrame(flag)
present = F.notna().sum(axis=1)
flagged = F.sum(axis=1)
maj = pd.Series(np.nan, index=F.index)
maj[flagged > present / 2] = 1
maj[(present - flagged) > present / 2] = 0
anyr = pd.Series(np.nan, index=F.index)
anyr[present > 0] = (flagged[present > 0] > 0).astype(float)
put("labels/majority", maj)
put("labels/any", anyr)
openai = ["gpt_4_1", "gpt_4_1_mini", "gpt_4o", "o3", "o4_mini"]
for rule, lab in (("majority", maj), ("any", anyr)):
    t = jd.assign(lab=lab)[jd["model"].isin(openai)]
    grp = t.groupby(["chunk", "entry", "nudge"])
    agg = grp.agg(bin=("bin", "first"), known=("lab", "count"), bad=("lab", "sum"))
    agg = agg[agg["known"] == len(openai)]
    for b, sub in agg.groupby("bin"):
        nb = len(sub)
        allpass = (sub["bad"] == 0).mean()
        allfail = (sub["bad"] == len(openai)).mean()
        put(f"outcomes/{rule}/{b}", [nb, allpass, math.sqrt(allpass * (1 - allpass) / nb),
                                     1 - allpass, allfail, math.sqrt(allfail * (1 - allfail) / nb)])

complete = F.dropna()
X = complete.to_numpy().astype(int)
table, _ = inter_rater.aggregate_raters(X, n_cat=2)
put("agreement/fleiss", [inter_rater.fleiss_kappa(table, method="fleiss")])
put("agreement/randolph", [inter_rater.fleiss_kappa(table, method="randolph")])
put("agreement/rates", X.mean(axis=0))
pairs, cohen = [], []
for a in range(3):
    for b in range(a + 1, 3):
        pairs.append(np.mean(X[:, a] == X[:, b]))
        conf = np.zeros((2, 2))
        np.add.at(conf, (X[:, a], X[:, b]), 1)
        cohen.append(inter_rater.cohens_kappa(conf).kappa)
put("agreement/pairwise", pairs)
put("agreement/cohen", cohen)


def kripp(data, metric):
    """Krippendorff's alpha from pairable values (units x raters, NaN missing)."""
    units = [row[~np.isnan(row)] for row in data]
    units = [u for u in units if len(u) >= 2]
    allv = np.concatenate(units)
    n = len(allv)
    delta = (lambda a, b: (a[:, None] != b[None, :]).astype(float)) if metric == "nominal" else \
        (lambda a, b: (a[:, None] - b[None, :]) ** 2)
    do = sum(delta(u, u).sum() / (len(u) - 1) for u in units) / n
    de = delta(allv, allv).sum() / (n * (n - 1))
    return 1 - do / de


put("agreement/alpha_nominal", [kripp(F.to_numpy(), "nominal")])
put("agreement/alpha_interval", [kripp(F.to_numpy(), "interval")])
ratings = pd.read_csv(f"{D}/ratings.csv").to_numpy(dtype=float)  # units x raters, NaN missing
put("kripp/nominal", [kripp(ratings, "nominal")])
put("kripp/interval", [kripp(ratings, "interval")])

# ---- profiles -------------------------------------------------------------
vc = pd.read_csv(f"{D}/valuecounts.csv", keep_default_na=False)  # model,row,cats ("1;5")
ncat = 26
models12 = list(dict.fromkeys(vc["model"]))
rows = vc["row"].max() + 1
shows = np.zeros((len(models12), rows, ncat), dtype=int)
for m, r, cs in zip(vc["model"], vc["row"], vc["cats"]):
    for c in cs.split(";") if cs else []:
        shows[models12.index(m), r, int(c)] += 1
counts = shows.sum(axis=1)
put("profiles/counts", counts)
put("profiles/shares", counts / counts.sum(axis=1, keepdims=True))
a, b = models12.index("o3"), models12.index("grok_4")
A, B = shows[a] > 0, shows[b] > 0
given = A.sum(axis=0)
joint = A.T.astype(int) @ B.astype(int)
with np.errstate(invalid="ignore", divide="ignore"):
    put("profiles/cooc", joint / given[:, None])

# ---- refusals --------------------------------------------------------------
rt = pd.read_csv(f"{D}/types.csv")  # one column per model (-1 null) + topic columns t0..t7
tm = [c for c in rt.columns if not c.startswith("t")]
for m in tm:
    col = rt[m]
    known = col[col >= 0]
    put(f"refusals/{m}", [len(known), (known >= 4).mean(), (known == 6).mean()]
        + [(known == k).mean() for k in range(7)])
    for t in range(8):
        sel = col[(col >= 0) & (rt[f"t{t}"] == 1)]
        put(f"refusals/{m}/t{t}", [len(sel), (sel >= 4).mean() if len(sel) else np.nan,
                                   (sel == 6).mean() if len(sel) else np.nan])

# ---- k-center ---------------------------------------------------------------
emb = np.loadtxt(f"{D}/emb.csv", delimiter=",", dtype=np.float32).astype(np.float64)
w = np.loadtxt(f"{D}/weights.csv")


def kcenter(w=None, on="candidate", stop=0.4):
    n = len(emb)
    order, radii = [0], [math.inf]
    key = np.full(n, np.inf)
    c = 0
    while True:
        dist = np.sqrt(((emb - emb[c]) ** 2).sum(axis=1))
        if w is None or on == "candidate":
            key = np.minimum(key, dist)
            score = key if w is None else w * key
        else:
            key = np.minimum(key, w[c] * dist)
            score = key
        score = score.copy()
        score[order] = -np.inf
        c = int(np.argmax(score))  # first index among ties
        if score[c] < stop or len(order) == n:
            break
        order.append(c)
        radii.append(score[c])
    return order, radii


for tag, args in (("unweighted", (None, "candidate", 0.4)), ("candidate", (w, "candidate", 0.8)),
                  ("centre", (w, "centre", 0.3))):
    o, r = kcenter(*args)
    put(f"kcenter/{tag}/order", o)
    put(f"kcenter/{tag}/radii", r[1:])

# ---- Bradley-Terry ------------------------------------------------------------
names = sorted(set(sc["value1"]) | set(sc["value2"]))
ix = {v: i for i, v in enumerate(names)}
va = sc["value1"].map(ix).to_numpy()
vb = sc["value2"].map(ix).to_numpy()
z = sc["nudge"].map({"neutral": 0.0, "value1": 1.0, "value2": -1.0}).to_numpy()
for m in ("o3", "grok_4"):
    p1 = pos[f"{m}_value1_position"].to_numpy()
    p2 = pos[f"{m}_value2_position"].to_numpy()
    ok = ~np.isnan(p1) & ~np.isnan(p2) & (p1 != p2) & (va != vb)
    y = (p1 > p2)[ok].astype(float)
    A_, B_, Z = va[ok], vb[ok], z[ok]
    nv = len(names)

    def f(x):
        eta = x[A_] - x[B_] + x[nv] * Z
        val = np.sum(np.logaddexp(0, eta) - y * eta) + 0.005 * np.sum(x[:nv] ** 2)
        r = 1 / (1 + np.exp(-eta)) - y
        g = np.zeros(nv + 1)
        np.add.at(g, A_, r)
        np.add.at(g, B_, -r)
        g[nv] = np.sum(r * Z)
        g[:nv] += 0.01 * x[:nv]
        return val, g

    res = optimize.minimize(f, np.zeros(nv + 1), jac=True, method="L-BFGS-B",
                            options={"gtol": 1e-11, "ftol": 1e-15, "maxiter": 10000})
    seen = np.zeros(nv, bool)
    seen[A_] = True
    seen[B_] = True
    put(f"bt/{m}/theta", [res.x[ix[v]] if seen[ix[v]] else np.nan for v in names])
    put(f"bt/{m}/nudge", [res.x[nv]])
    put(f"bt/{m}/counts", [len(y), int(((p1 == p2) & ~np.isnan(p1) & ~np.isnan(p2) & (va != vb)).sum())])

# ---- bootstrap percentile --------------------------------------------------------
reps = np.loadtxt(f"{D}/replicates.csv")
put("bootstrap/ci", [np.percentile(reps, 2.5), np.percentile(reps, 97.5)])

json.dump(out, open(f"{D}/expected.json", "w"))
