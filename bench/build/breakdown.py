#!/usr/bin/python3
"""Where a cold build's time goes, from `go build -debug-trace=FILE`.

    /usr/bin/python3 bench/build/breakdown.py TRACE.json

Prints the compile time summed per module (the standard library as "std",
the project per top-level folder), the longest actions with their start and
end, and how many actions ran at once in each 10 s of the build (2.0 on two
cores is a build bound by CPU, 1.0 one whose tail waits on a single package).
"""
import collections
import json
import sys


def spans(path):
    with open(path) as f:
        data = json.load(f)
    events = data if isinstance(data, list) else data["traceEvents"]
    begun, out = {}, []
    for e in events:
        key = (e.get("tid"), e["name"])
        if e.get("ph") == "B":
            begun[key] = e["ts"]
        elif e.get("ph") == "E" and key in begun:
            out.append((e["name"], begun.pop(key), e["ts"]))
    return [s for s in out if s[0].startswith("Executing action (")]


def module(action):
    pkg = action.split(" ", 3)[-1].rstrip(")")
    parts = pkg.split("/")
    if "." not in parts[0]:
        return "std"
    if pkg.startswith("github.com/specstress/specstress/"):
        return "specstress/" + parts[3]
    hosts = ("github.com", "codeberg.org", "git.sr.ht")
    return "/".join(parts[:3] if parts[0] in hosts else parts[:2])


def main():
    acts = spans(sys.argv[1])
    t0 = min(a for _, a, _ in acts)
    t1 = max(b for _, _, b in acts)
    per = collections.Counter()
    for name, a, b in acts:
        per[module(name)] += (b - a) / 1e6
    total = sum(per.values())
    print(f"build {(t1 - t0) / 1e6:.1f} s wall, {total:.1f} s summed over actions")
    print("\n| module | s | share |\n|---|---:|---:|")
    for m, v in per.most_common(15):
        print(f"| {m} | {v:.1f} | {100 * v / total:.1f} % |")
    print("\n| action | start s | end s | s |\n|---|---:|---:|---:|")
    for name, a, b in sorted(acts, key=lambda s: s[1] - s[2])[:12]:
        print(f"| {name[17:-1]} | {(a - t0) / 1e6:.1f} | {(b - t0) / 1e6:.1f} | {(b - a) / 1e6:.1f} |")
    print("\nactions running at once, per 10 s:")
    t = t0
    while t < t1:
        busy = sum(max(0, min(t + 10e6, b) - max(t, a)) for _, a, b in acts) / 10e6
        print(f"  {(t - t0) / 1e6:5.0f} s  {busy:.2f}")
        t += 10e6


if __name__ == "__main__":
    main()
