"""Independent recomputation of analysis.Hotspots' statistics (pandas,
statsmodels) for hotspots_test.go. Reads DIR/scenarios.csv (row, D, value1,
value2), DIR/implicated.csv (row, side, clause: long form) and
DIR/judged.csv (row, j1, j2, j3; row -1 = no scenario); prints JSON
{table: {key: {column: value}}}."""
import json
import sys

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint


def compute(sc, im, jd, spec_order):
    """Every statistic Hotspots reports, as {table: {key: {column: value}}}."""
    HIGH = 1.5
    sc = sc.assign(high=sc["D"] >= HIGH)
    n_high, n_low = int(sc["high"].sum()), int((~sc["high"]).sum())

    out = {"clauses": {}, "pairs": {}, "gaps": {}}

    per = im[["row", "clause"]].drop_duplicates().merge(sc[["row", "D", "high"]], on="row")
    g = per.groupby("clause").agg(high_n=("high", "sum"), n=("high", "size"), mean_D=("D", "mean"))
    for clause, r in g.iterrows():
        h, l = int(r.high_n), int(r.n - r.high_n)
        row = {"high_n": h, "low_n": l, "mean_D": float(r.mean_D)}
        if h > 0:
            lo, hi = proportion_confint(h, n_high, alpha=0.05, method="wilson")
            row.update(high_lo=float(lo), high_hi=float(hi))
        if h > 0 and l > 0:
            row["lift"] = (h / n_high) / (l / n_low)
            lo, hi = confint_proportions_2indep(h, n_high, l, n_low, method="log", compare="ratio", alpha=0.05)
            row.update(lift_lo=float(lo), lift_hi=float(hi))
        out["clauses"][clause] = row

    # judges: a response counts for every clause its scenario implicates
    jd["row"] = jd["row"].astype(int)
    jd = jd[jd["row"] >= 0].copy()
    dec = jd[["j1", "j2", "j3"]]
    jd["n"] = (dec != "").sum(axis=1)
    jd["flag"] = dec.isin(["non-compliant", "ambiguous"]).sum(axis=1)
    jd["amb"] = (dec == "ambiguous").sum(axis=1)
    jd = jd[jd["n"] > 0].copy()
    jd["flagged"] = 2 * jd["flag"] > jd["n"]
    jd["split"] = (jd["flag"] > 0) & (jd["flag"] < jd["n"])
    jc = jd.merge(im[["row", "clause"]].drop_duplicates(), on="row")
    for clause, r in jc.groupby("clause"):
        row = out["clauses"].setdefault(clause, {})
        row.update(judged=len(r), noncompliant=float(r["flagged"].mean()), judge_split=float(r["split"].mean()),
                   ambiguous_share=float(r["amb"].sum() / r["n"].sum()))

    # pairs: clause a on side 1 and a different clause b on side 2 of a row
    s1 = im[im.side == 1][["row", "clause"]].rename(columns={"clause": "a"})
    s2 = im[im.side == 2][["row", "clause"]].rename(columns={"clause": "b"})
    pp = s1.merge(s2, on="row")
    pp = pp[pp.a != pp.b]
    # the Go key orders a pair by clause index: pass the spec order in
    rank = {c: i for i, c in enumerate(spec_order)}
    pp["x"] = np.where(pp.a.map(rank) < pp.b.map(rank), pp.a, pp.b)
    pp["y"] = np.where(pp.a.map(rank) < pp.b.map(rank), pp.b, pp.a)
    pp = pp[["row", "x", "y"]].drop_duplicates().merge(sc[["row", "high"]], on="row")
    for (x, y), r in pp.groupby(["x", "y"]):
        h = int(r.high.sum())
        if h == 0:
            continue
        share = h / max(out["clauses"][x]["high_n"], out["clauses"][y]["high_n"])
        out["pairs"][f"{x} <> {y}"] = {"high_n": h, "low_n": int(len(r) - h), "share": share}

    # gaps: a side with no clause, keyed by that side's value (a row whose two
    # values are equal counts once)
    sides = pd.concat([
        sc[["row", "value1", "high"]].rename(columns={"value1": "value"}).assign(side=1),
        sc[sc.value2 != sc.value1][["row", "value2", "high"]].rename(columns={"value2": "value"}).assign(side=2),
    ])
    sides = sides[sides.value != ""]
    cov = im[["row", "side"]].drop_duplicates().assign(covered=True)
    sides = sides.merge(cov, on=["row", "side"], how="left")
    gp = sides[sides.covered.isna()].groupby("value")["high"].agg(["sum", "size"])
    for v, r in gp.iterrows():
        if r["sum"] > 0:
            out["gaps"][v] = {"high_n": int(r["sum"]), "low_n": int(r["size"] - r["sum"])}
    return out


def read(d):
    sc = pd.read_csv(f"{d}/scenarios.csv", keep_default_na=False)
    im = pd.read_csv(f"{d}/implicated.csv", keep_default_na=False)
    jd = pd.read_csv(f"{d}/judged.csv", keep_default_na=False, dtype=str)
    return sc, im, jd, json.load(open(f"{d}/clauses.json"))


if __name__ == "__main__":
    print(json.dumps(compute(*read(sys.argv[1]))))
