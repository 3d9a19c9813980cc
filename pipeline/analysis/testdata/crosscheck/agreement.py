"""Independent recomputation of analysis.CitationAgreement (pandas) for
hotspots_agree_test.go. Reads DIR/links.csv (row, source, clause: long
form, source "retrieved" or "cited") and DIR/rows.csv (row: the scenarios
with a defined D in both inputs); prints JSON with the hit count, the mean
Jaccard and per clause the cited, retrieved and both counts."""
import json
import sys

import pandas as pd

d = sys.argv[1]
links = pd.read_csv(f"{d}/links.csv", dtype={"clause": str})
rows = pd.read_csv(f"{d}/rows.csv")
links = links[links["row"].isin(rows["row"])].drop_duplicates()
cited = links[links["source"] == "cited"]
ret = links[links["source"] == "retrieved"]
scen = cited["row"].unique()
ret = ret[ret["row"].isin(scen)]
both = cited.merge(ret, on=["row", "clause"])
n_both = both.groupby("row").size().reindex(scen, fill_value=0)
n_c = cited.groupby("row").size().reindex(scen, fill_value=0)
n_r = ret.groupby("row").size().reindex(scen, fill_value=0)
jac = (n_both / (n_c + n_r - n_both)).mean()
per = pd.DataFrame({
    "cited": cited.groupby("clause").size(),
    "retrieved": ret.groupby("clause").size(),
    "both": both.groupby("clause").size(),
}).fillna(0).astype(int)
print(json.dumps({"scenarios": int(len(scen)), "hit": int((n_both > 0).sum()), "jaccard": float(jac),
                  "clauses": {c: r.to_dict() for c, r in per.iterrows()}}, default=int))
