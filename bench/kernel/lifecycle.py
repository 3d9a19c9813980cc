"""Kernel start-up, restart and shutdown latency: two specstress builds and
ipykernel, interleaved, driven by jupyter_client's KernelManager.

  /usr/bin/python3 bench/kernel/lifecycle.py --base OLD_BINARY --new NEW_BINARY [--rounds N] [--json OUT]

(build each with `go build -o DIR/specstress ./cmd/specstress`). Each round
runs, for each kernel in turn (the order rotates from round to round, so no
kernel always follows the same one):
  ready      KernelManager.start_kernel() called until the reply to a
             kernel_info_request (sent right after start_channels, resent
             each second) arrives;
  restart    KernelManager.restart_kernel() called until the new kernel's
             kernel_info reply arrives on the same client;
  shutdown   KernelManager.shutdown_kernel() called until it returns: what a
             front-end waits for. jupyter_client polls the process every
             0.1 s after sending shutdown_request, so this is quantised;
  exit       the same call until the kernel process has actually exited
             (a thread waits on the process), which the quantisation hides.
Prints the medians as a markdown table and the ratios new/base and
new/ipykernel.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from queue import Empty

from jupyter_client.manager import KernelManager

KERNELS = ("base", "new", "python3")
LABELS = {"base": "specstress before", "new": "specstress after", "python3": "ipykernel (python3)"}


def kernel_info(kc, deadline):
    """Sends kernel_info_request (again each second) until its reply comes."""
    while True:
        msg_id = kc.kernel_info()
        t_send = time.perf_counter()
        while time.perf_counter() < t_send + 1:
            try:
                msg = kc.get_shell_msg(timeout=max(0.01, t_send + 1 - time.perf_counter()))
            except Empty:
                break
            if msg["parent_header"].get("msg_id") == msg_id:
                return
        if time.perf_counter() > deadline:
            raise RuntimeError("no kernel_info reply")


def exit_stamp(proc):
    """Starts a thread that records when proc exits; returns a getter."""
    out = {}

    def wait():
        proc.wait()
        out["t"] = time.perf_counter()

    th = threading.Thread(target=wait, daemon=True)
    th.start()

    def get():
        th.join(60)
        return out["t"]
    return get


def one(kernel_name):
    """One kernel's start, restart and shutdown; returns their seconds."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.perf_counter()
    km.start_kernel(stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    kernel_info(kc, t0 + 60)
    ready = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)

    t1 = time.perf_counter()
    km.restart_kernel(now=False)
    kernel_info(kc, t1 + 60)
    restart = time.perf_counter() - t1
    kc.wait_for_ready(timeout=60)

    exited = exit_stamp(km.provisioner.process)
    t2 = time.perf_counter()
    km.shutdown_kernel(now=False)
    shutdown = time.perf_counter() - t2
    exit_s = exited() - t2
    kc.stop_channels()
    return {"ready": ready, "restart": restart, "shutdown": shutdown, "exit": exit_s}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="specstress binary before the change")
    ap.add_argument("--new", required=True, help="specstress binary after the change")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--json")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="specstress-lifecycle-")
    paths = {}
    try:
        for label in ("base", "new"):
            prefix = os.path.join(tmp, label)
            subprocess.run([getattr(args, label), "install", "--prefix", prefix], check=True,
                           stdout=subprocess.DEVNULL)
            paths[label] = os.path.join(prefix, "share", "jupyter")
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(tmp, "runtime")
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        res = {k: [] for k in KERNELS}
        for r in range(args.rounds):
            order = KERNELS[r % 3:] + KERNELS[:r % 3]
            for k in order:
                if k == "python3":
                    os.environ.pop("JUPYTER_PATH", None)
                    res[k].append(one("python3"))
                else:
                    os.environ["JUPYTER_PATH"] = paths[k]
                    res[k].append(one("specstress"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: {m: statistics.median(x[m] for x in res[k]) for m in ("ready", "restart", "shutdown", "exit")}
           for k in KERNELS}
    print("| kernel (median of %d) | start to kernel_info reply | restart_kernel() to kernel_info reply | shutdown_kernel() call | shutdown_kernel() to process exit |"
          % args.rounds)
    print("|---|---|---|---|---|")
    for k in KERNELS:
        m = med[k]
        print("| %s | %.3f s | %.3f s | %.3f s | %.3f s |" % (LABELS[k], m["ready"], m["restart"], m["shutdown"], m["exit"]))
    print()
    for m in ("ready", "restart", "shutdown", "exit"):
        print("%-8s after/before %.2fx, after/ipykernel %.2fx, before/ipykernel %.2fx" % (
            m, med["new"][m] / med["base"][m], med["new"][m] / med["python3"][m], med["base"][m] / med["python3"][m]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
