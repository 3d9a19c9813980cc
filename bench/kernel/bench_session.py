"""A session's first analysis cell and Tab completion, specstress side by
side with ipykernel through the real Jupyter client, interleaved.

  /usr/bin/python3 bench/kernel/bench_session.py [--binary PATH]
      [--rounds N] [--completes N] [--json OUT]

Measures, for the "specstress" kernel (installed from --binary, default:
built with `go build ./cmd/specstress`, into a temporary prefix) and for
ipykernel ("python3"):
  first cell  KernelManager.start_kernel() called until the execute_reply of
              a first cell that uses the analysis stack and prints a mean
              (Go: the preloads, `fmt.Println(stat.Mean(...))`; Python:
              `import numpy, pandas, matplotlib.pyplot, scipy.stats,
              statsmodels.api` and numpy's mean of the same numbers), sent
              as soon as the kernel has answered a kernel_info_request;
              median of --rounds fresh kernels, kernels taking turns. The
              kernel_info reply time of the same starts is reported beside.
  complete    complete_request sent until its complete_reply arrives, in a
              live kernel after a setup cell, the kernels alternating
              request by request, --completes requests per case after 5
              warm-ups; the number of matches is checked to be the same in
              every reply of a case and reported. Cases: every member of the
              largest package each side has at hand (Go: `elf.` after
              `import "debug/elf"`, 1,567 members; Python: `np.` after
              `import numpy as np`, numpy being the largest module of the
              analysis stack) and a prefix inside it (`elf.R_X86_64_`,
              `np.f`), and the largest package of the analysis stack
              (gonum's `mat.`, preloaded; `np.`). Python is measured twice: IPython's default
              completer (jedi) and with jedi off (dir() names only, its
              fastest path).
Prints markdown tables (the figures for bench/RESULTS-kernel.md).
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

from bench_kernel import install_kernel

FIRST_CELL = {
    "specstress": ("fmt.Println(stat.Mean([]float64{3, 1, 2}, nil))", "2\n"),
    "python3": ("import numpy, pandas, matplotlib.pyplot, scipy.stats, statsmodels.api\n"
                "print(numpy.mean([3, 1, 2]))", "2.0\n"),
}

# The completing sessions: (session, kernelspec, setup cell). IPython
# completes with jedi by default; with jedi off it lists dir() names only,
# its fastest path, measured beside the default.
SESSIONS = [
    ("specstress", "specstress", 'import "debug/elf"'),
    ("python3", "python3", "import numpy as np"),
    ("python3 (jedi off)", "python3", "import numpy as np\n%config IPCompleter.use_jedi = False"),
]
CASES = [  # (label, code to complete at its end, per kernelspec)
    ("all members of the largest package", {"specstress": "elf.", "python3": "np."}),
    ("a prefix in it", {"specstress": "elf.R_X86_64_", "python3": "np.f"}),
    ("the largest package of the analysis stack", {"specstress": "mat.", "python3": "np."}),
]


def reply_to(kc, msg_id, timeout=120):
    """The shell reply to msg_id (other replies are skipped)."""
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def execute(kc, code):
    """Runs code; returns its execute_reply and the text it streamed to
    stdout (iopub drained up to idle)."""
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id)
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout":
            out.append(m["content"]["text"])
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError("cell %r failed: %s" % (code, reply["content"]))
    return reply, "".join(out)


def first_cell(name):
    """Starts a kernel, sends kernel_info requests until one is answered
    (resent each second, as jupyter_client does), then the first cell.
    Returns seconds from start_kernel() to the kernel_info reply and to the
    first cell's execute_reply."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        deadline = t0 + 60
        while True:
            msg_id = kc.kernel_info()
            try:
                reply_to(kc, msg_id, timeout=1)
                break
            except Empty:
                if time.perf_counter() > deadline:
                    raise RuntimeError("no kernel_info reply from %s" % name)
        info = time.perf_counter() - t0
        code, want = FIRST_CELL[name]
        _, out = execute(kc, code)
        cell = time.perf_counter() - t0
        if out != want:
            raise RuntimeError("%s first cell printed %r, want %r" % (name, out, want))
        return info, cell
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def complete(kc, code):
    """One complete_request round trip: seconds and the number of matches."""
    msg_id = kc.complete(code, len(code))
    t0 = time.perf_counter()
    reply = reply_to(kc, msg_id)
    dt = time.perf_counter() - t0
    c = reply["content"]
    if c["status"] != "ok":
        raise RuntimeError("complete %r: %s" % (code, c))
    return dt, len(c["matches"])


def bench(names, rounds, completes):
    firsts = {n: [] for n in names}
    infos = {n: [] for n in names}
    for _ in range(rounds):
        for name in names:
            info, cell = first_cell(name)
            infos[name].append(info)
            firsts[name].append(cell)
    kernels = {}
    for session, spec, setup in SESSIONS:
        km = KernelManager(kernel_name=spec)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        execute(kc, setup)
        kernels[session] = (km, kc, spec)
    cases = []
    try:
        for label, code in CASES:
            times = {n: [] for n in kernels}
            matches = {n: set() for n in kernels}
            for i in range(5 + completes):
                for session, (_, kc, spec) in kernels.items():
                    dt, m = complete(kc, code[spec])
                    matches[session].add(m)
                    if i >= 5:
                        times[session].append(dt)
            for n in kernels:
                if len(matches[n]) != 1:
                    raise RuntimeError("%s: %r gave different numbers of matches: %s" % (n, code[kernels[n][2]], matches[n]))
            cases.append({"case": label, "code": {n: code[kernels[n][2]] for n in kernels},
                          "matches": {n: matches[n].pop() for n in kernels},
                          "ms_median": {n: 1000 * statistics.median(times[n]) for n in kernels},
                          "ms_p90": {n: 1000 * sorted(times[n])[int(0.9 * len(times[n]))] for n in kernels},
                          "ms_all": {n: [1000 * t for t in times[n]] for n in kernels}})
    finally:
        for km, kc, _ in kernels.values():
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    return {"first_cell_s": firsts, "kernel_info_s": infos, "complete": cases}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--completes", type=int, default=50)
    ap.add_argument("--json")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="specstress-bench-")
    try:
        install_kernel(tmp, args.binary)
        load0 = open("/proc/loadavg").read().split()[:3]
        res = bench(("specstress", "python3"), args.rounds, args.completes)
        load1 = open("/proc/loadavg").read().split()[:3]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    s, p = "specstress", "python3"
    print("load average before %s, after %s; %d cores" % (" ".join(load0), " ".join(load1), os.cpu_count()))
    print()
    f, k = res["first_cell_s"], res["kernel_info_s"]
    print("| kernel | start to first analysis cell's reply (median of %d) | range | start to kernel_info reply |" % args.rounds)
    print("|---|---|---|---|")
    for n, label in ((s, "specstress (Go, 38 preloads)"), (p, "ipykernel (numpy, pandas, pyplot, scipy.stats, statsmodels.api)")):
        print("| %s | %.3f s | %.3f–%.3f s | %.3f s |" % (label, statistics.median(f[n]), min(f[n]), max(f[n]),
                                                      statistics.median(k[n])))
    print("ratio specstress/ipykernel, first analysis cell: %.3f" % (statistics.median(f[s]) / statistics.median(f[p])))
    print()
    print("complete_request round trip, median of %d per session, sessions alternating request by request:" % args.completes)
    print()
    print("| case | session | code | round trip | p90 | matches | / ipykernel (default) |")
    print("|---|---|---|---|---|---|---|")
    for c in res["complete"]:
        for n in c["code"]:
            print("| %s | %s | `%s` | %.2f ms | %.2f ms | %d | %.3f |" % (
                c["case"], n, c["code"][n], c["ms_median"][n], c["ms_p90"][n], c["matches"][n],
                c["ms_median"][n] / c["ms_median"][p]))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(res, fh, indent=2)


if __name__ == "__main__":
    sys.exit(main())
