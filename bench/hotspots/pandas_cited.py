"""The Python reference for the cited-evidence hot spots and the cluster
bootstrap of the clause lifts (bench/hotspots/cited.go), vectorised with
pandas, numpy, scipy.sparse and statsmodels, on the files cited.go writes
with -out DIR -dump DIR.

Timed, like Go's "resolve + CitedSides + Hotspots": resolving the stored
citation ids against the spec's ids (stripped, a leading '#' dropped,
unknown ids counted), the judges' camps per judged scenario (a compliant
judge's citations on side 1, a flagging judge's on side 2, missing
decisions cite nothing, unjudged scenarios left out), the per-clause counts,
Wilson and log intervals (statsmodels, vectorised over clauses), the judge
shares and the clause pairs on opposite sides. Go's time also includes the
hot-spot classification, which this does not do.

Timed separately: the cluster bootstrap of the retrieved input's 200 clause
lifts, clusters = value pairs (chunk_index, entry_idx), REPS replicates of
the clusters drawn with replacement, a percentile interval per clause
(linear interpolation, undefined replicates dropped), like
analysis.LiftClusterCIs. Reading the CSVs is not timed.

Then it compares with go_cited.csv and go_boot.csv: every point estimate to
1e-9 relative, the bootstrap interval widths statistically (the draws
differ). Exits 1 on a mismatch.

Usage: pandas_cited.py DIR [REPS=1000] [SEED=1]
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sps
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

HIGH = 1.5


def read(d):
    sc = pd.read_csv(f"{d}/scenarios.csv", usecols=["row", "D"])
    im = pd.read_csv(f"{d}/implicated.csv")
    jd = pd.read_csv(f"{d}/judged.csv", keep_default_na=False, dtype={"j1": str, "j2": str, "j3": str})
    cit = pd.read_csv(f"{d}/citations.csv", dtype={"id": str})
    with open(f"{d}/spec_ids.txt") as f:
        ids = [line.rstrip("\n") for line in f if line.strip()]
    with open(f"{d}/clauses.json") as f:
        names = json.load(f)
    # the scenario keys (chunk_index, entry_idx, nudge) main.go gives every
    # scenario, and so every judged response: the judged responses are
    # matched to scenarios by key, as in Go, not by row number
    for t in (sc, jd):
        t["chunk"], t["entry"], t["nudge"] = t["row"] // 100, t["row"] % 100, 0
    jd.drop(columns="row", inplace=True)
    return sc, im, jd, cit, ids, names


def cited_stats(sc, jd, cit, ids):
    """Every statistic of the cited per-clause table, and the pair count."""
    nc = len(ids)
    # resolve the stored ids
    key = cit["id"].str.strip().str.removeprefix("#")
    clause = pd.Series(np.arange(nc), index=pd.Index(ids)).reindex(key.to_numpy()).to_numpy()
    unknown = int(np.isnan(clause).sum())
    cit = pd.DataFrame({"jrow": cit["jrow"].to_numpy(), "judge": cit["judge"].to_numpy(), "clause": clause})
    cit = cit[~np.isnan(clause)].astype({"clause": np.int64})

    # decisions, long form: (judged row, judge) -> side
    dec = jd[["j1", "j2", "j3"]].to_numpy()
    nj = dec.shape[1]
    present = dec != ""
    flagged = np.isin(dec, ["non-compliant", "ambiguous"])
    key = ["chunk", "entry", "nudge"]
    if sc.duplicated(key).any():
        raise SystemExit("scenario keys appear twice: judged responses cannot be matched")
    scen_row = jd[key].merge(sc[key + ["row"]], on=key, how="left")["row"].to_numpy()
    if np.isnan(scen_row).any():
        raise SystemExit(f"{int(np.isnan(scen_row).sum())} judged responses match no scenario")
    side = np.where(flagged, 2, 1)  # per (jrow, judge)
    code = cit["jrow"].to_numpy() * nj + cit["judge"].to_numpy()
    keep = present.ravel()[code]
    cs = pd.DataFrame({"row": scen_row[cit["jrow"].to_numpy()[keep]], "side": side.ravel()[code[keep]],
                       "clause": cit["clause"].to_numpy()[keep]}).drop_duplicates()

    # judged scenarios: any decision present; the others are left out
    nd = present.sum(axis=1)
    judged_rows = scen_row[nd > 0]
    D = sc["D"].to_numpy()[judged_rows]  # scenarios.csv row r is at index r
    high = D >= HIGH
    n_high, n_low = int(high.sum()), int((~high).sum())
    scen = pd.DataFrame({"row": judged_rows, "D": D, "high": high})

    per = cs[["row", "clause"]].drop_duplicates().merge(scen, on="row")
    g = per.groupby("clause").agg(high_n=("high", "sum"), n=("high", "size"), sumD=("D", "sum")).reindex(range(nc), fill_value=0)
    h = g["high_n"].to_numpy().astype(np.int64)
    l = (g["n"].to_numpy() - h).astype(np.int64)
    out = pd.DataFrame({"high_n": h, "low_n": l})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["mean_D"] = np.where(h + l > 0, g["sumD"].to_numpy() / (h + l), np.nan)
        lo, hi = proportion_confint(h, n_high, alpha=0.05, method="wilson")
        out["high_lo"], out["high_hi"] = lo, hi
        lift = (h / n_high) / (l / n_low)
        lift[(h == 0) & (l == 0)] = np.nan
        out["lift"] = lift
        ok = (h > 0) & (l > 0)
        lo, hi = confint_proportions_2indep(np.maximum(h, 1), n_high, np.maximum(l, 1), n_low, method="log", compare="ratio", alpha=0.05)
        out["lift_lo"], out["lift_hi"] = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)

    # judges: a judged response counts for every clause its scenario implicates
    flag = (flagged & present).sum(axis=1)
    amb = ((dec == "ambiguous") & present).sum(axis=1)
    jr = pd.DataFrame({"row": scen_row, "n": nd, "flag": flag, "amb": amb})
    jr = jr[jr.n > 0]
    jr["flagged"] = 2 * jr["flag"] > jr["n"]
    jr["split"] = (jr["flag"] > 0) & (jr["flag"] < jr["n"])
    jc = jr.merge(per[["row", "clause"]], on="row").groupby("clause").agg(
        judged=("n", "size"), fl=("flagged", "sum"), sp=("split", "sum"), amb=("amb", "sum"), n=("n", "sum")).reindex(range(nc))
    out["judged"] = jc["judged"].fillna(0).astype(np.int64).to_numpy()
    out["noncompliant"] = (jc["fl"] / jc["judged"]).to_numpy()
    out["judge_split"] = (jc["sp"] / jc["judged"]).to_numpy()
    out["ambiguous_share"] = (jc["amb"] / jc["n"]).to_numpy()

    # pairs: a clause on side 1 and a different one on side 2 of a scenario
    s1 = cs[cs.side == 1][["row", "clause"]]
    s2 = cs[cs.side == 2][["row", "clause"]]
    pp = s1.merge(s2, on="row", suffixes=("_a", "_b"))
    a, b = pp["clause_a"].to_numpy(), pp["clause_b"].to_numpy()
    pp = pd.DataFrame({"row": pp["row"].to_numpy(), "x": np.minimum(a, b), "y": np.maximum(a, b)})[a != b].drop_duplicates()
    pp = pp.merge(scen[["row", "high"]], on="row")
    ph = pp.groupby(["x", "y"])["high"].sum()
    pairs = int((ph > 0).sum())
    return out, pairs, unknown, n_high, n_low


def bootstrap(sc, im, names, reps, seed):
    """Per clause: the lift and its percentile cluster-bootstrap interval."""
    nc = len(names)
    row = sc["row"].to_numpy()
    high = sc["D"].to_numpy() >= HIGH
    # clusters: value pairs (chunk_index, entry_idx), first-seen order
    cl = pd.DataFrame({"c": row // 100, "e": row % 100}).groupby(["c", "e"], sort=False).ngroup().to_numpy()
    k = int(cl.max()) + 1
    hs = np.bincount(cl, weights=high, minlength=k)
    ls = np.bincount(cl, weights=~high, minlength=k)
    code = pd.Series(np.arange(nc), index=pd.Index(names))
    per = im[["row", "clause"]].drop_duplicates()
    r = per["row"].to_numpy()
    c = code.reindex(per["clause"].to_numpy()).to_numpy()
    hi_r = high[r]
    # one integer matrix, clusters as columns: rows 0..nc-1 count each
    # clause's high scenarios per cluster, nc..2nc-1 its low ones, 2nc and
    # 2nc+1 the cluster's high and low totals; a replicate is then one
    # sparse product with its draw counts per cluster
    rows = np.concatenate([np.where(hi_r, c, nc + c), np.full(k, 2 * nc), np.full(k, 2 * nc + 1)])
    cols = np.concatenate([cl[r], np.arange(k), np.arange(k)])
    vals = np.concatenate([np.ones(len(r), np.int64), hs.astype(np.int64), ls.astype(np.int64)])
    M = sps.csr_matrix((vals, (rows, cols)), shape=(2 * nc + 2, k))
    M.sum_duplicates()
    full = M @ np.ones(k, np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (full[:nc] / full[2 * nc]) / (full[nc:2 * nc] / full[2 * nc + 1])

    rng = np.random.default_rng(seed)
    lifts = np.empty((reps, nc))
    for b in range(reps):
        w = np.bincount(rng.integers(0, k, size=k), minlength=k)
        t = M @ w
        lifts[b] = (t[:nc] / t[2 * nc]) / (t[nc:2 * nc] / t[2 * nc + 1])
    lifts[~np.isfinite(lifts)] = np.nan  # +Inf (no low scenario) and 0/0 are undefined
    lo = np.nanquantile(lifts, 0.025, axis=0)
    hi = np.nanquantile(lifts, 0.975, axis=0)
    nrep = (~np.isnan(lifts)).sum(axis=0)
    return pd.DataFrame({"lift": est, "lo": lo, "hi": hi, "reps": nrep}), k


def close(a, b, rel=1e-9):
    a, b = np.asarray(a, float), np.asarray(b, float)
    both_nan = np.isnan(a) & np.isnan(b)
    return both_nan | (np.abs(a - b) <= rel * np.maximum(np.abs(a), np.abs(b)))


def main():
    d = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    sc, im, jd, cit, ids, names = read(d)

    t0, c0 = time.perf_counter(), time.process_time()
    out, pairs, unknown, n_high, n_low = cited_stats(sc, jd, cit, ids)
    tc, cc = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    boot, k = bootstrap(sc, im, names, reps, seed)
    tb, cb = time.perf_counter() - t0, time.process_time() - c0

    print(f"python cited: {len(cit)} ids ({unknown} unknown), {len(jd)} judged rows; resolve + sides + statistics + pairs {tc:.3f} s wall, {cc:.3f} s CPU ({n_high + n_low} judged scenarios, {pairs} clause pairs)")
    print(f"python bootstrap: {len(names)} clause lifts, {reps} reps over {k} clusters (seed {seed}) {tb:.3f} s wall, {cb:.3f} s CPU")

    bad = []
    go = pd.read_csv(f"{d}/go_cited.csv", comment="#")
    with open(f"{d}/go_cited.csv") as f:
        meta = [line for line in f if line.startswith("#")][0].split()
    go_pairs, go_high, go_low = int(meta[2]), int(meta[4]), int(meta[6])
    if (go_pairs, go_high, go_low) != (pairs, n_high, n_low):
        bad.append(f"pairs/high/low: Go {go_pairs}/{go_high}/{go_low}, Python {pairs}/{n_high}/{n_low}")
    for col in out.columns:
        m = ~close(go[col], out[col])
        if m.any():
            i = int(np.argmax(m))
            bad.append(f"cited {col}: {int(m.sum())} clauses differ, first clause {i}: Go {go[col][i]}, Python {out[col][i]}")
    gb = pd.read_csv(f"{d}/go_boot.csv")
    m = ~close(gb["lift"], boot["lift"])
    if m.any():
        bad.append(f"bootstrap point estimates: {int(m.sum())} clauses differ")
    if not (gb["reps"] == boot["reps"]).all():
        bad.append("bootstrap: defined replicates per clause differ")
    wg, wp = (gb["hi"] - gb["lo"]).to_numpy(), (boot["hi"] - boot["lo"]).to_numpy()
    ratio = wp / wg
    q = np.nanquantile(ratio, [0.05, 0.5, 0.95])
    mean = float(np.nanmean(ratio))
    # centre of each interval relative to its width, Python minus Go
    shift = ((boot["lo"] + boot["hi"]) - (gb["lo"] + gb["hi"])).to_numpy() / 2 / wg
    print(f"compare: cited per-clause table ({len(out.columns)} columns x {len(out)} clauses), pairs {pairs}, high/low {n_high}/{n_low}: "
          f"{'identical' if not bad else 'MISMATCH'}; bootstrap lifts identical: {not m.any()}; "
          f"interval width Python/Go per clause: mean {mean:.4f}, median {q[1]:.4f}, 5-95 % {q[0]:.3f}-{q[2]:.3f}; "
          f"centre shift / width: median |.| {np.nanmedian(np.abs(shift)):.3f}")
    # Monte Carlo noise of a 2.5 % quantile from 1,000 replicates is a few
    # percent of a width per clause; averaged over 200 clauses it is well
    # under 1 %: a systematic difference of 3 % is not noise.
    if abs(mean - 1) > 0.03:
        bad.append(f"bootstrap widths differ systematically: mean ratio {mean:.4f}")
    for b in bad:
        print("MISMATCH:", b, file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
