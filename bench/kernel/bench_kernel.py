"""Kernel benchmarks, specstress side by side with ipykernel in one run.

  /usr/bin/python3 bench/kernel/bench_kernel.py [--binary PATH] [--rounds N]
      [--executes N] [--memory-executes N] [--json OUT]

Measures, for the "specstress" kernel (installed from --binary, default: built
with `go build ./cmd/specstress`, into a temporary prefix) and for ipykernel
("python3"):
  ready     start to ready: KernelManager.start_kernel() called until the
            reply to a kernel_info_request (sent right after start_channels,
            resent each second like jupyter_client does) arrives, median of
            --rounds fresh kernels;
  wfr       the same start until jupyter_client's wait_for_ready() returns;
            that includes its fixed 0.2 s wait for iopub to go quiet, so it
            is reported beside, not as, the ready figure;
  execute   median round trip of a trivial cell: execute_request sent until
            its execute_reply arrives, over --executes cells after 5 warm-ups;
  shutdown  KernelManager.shutdown_kernel() called until it returns, and
            until the kernel process has exited, median of --rounds;
  memory    kernel RSS (its process and the processes it started) after 10
            trivial cells and after --memory-executes.
The two kernels' rounds, executes and memory batches are interleaved.
Prints a markdown table (the figures for bench/RESULTS-kernel.md).
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

# (kernel, seconds start_kernel() took to return): jupyter_client's own
# launch work (kernelspec lookup, ports, connection file, Popen), the same
# for every kernel, reported so the kernel's share of "ready" is visible.
LAUNCH = []

TRIVIAL = {"specstress": ("x := 0", "x = 1"), "python3": ("x = 0", "x = 1")}


def rss_kib(pid):
    """RSS of a kernel: its process and the processes it started (the
    specstress kernel runs its Go session in a supervised child)."""
    pids = [pid]
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                pids += [int(c) for c in f.read().split()]
        except OSError:
            pass
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def start(name, until_reply=False):
    """Starts a kernel; returns it and the seconds from start_kernel() to
    the kernel_info reply (until_reply) or to wait_for_ready() returning."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    LAUNCH.append((name, time.perf_counter() - t0))
    kc = km.client()
    kc.start_channels()
    if until_reply:
        deadline = t0 + 60
        while True:
            kc.kernel_info()
            try:
                msg = kc.get_shell_msg(timeout=1)
            except Empty:
                if time.perf_counter() > deadline:
                    raise RuntimeError("no kernel_info reply from %s" % name)
                continue
            if msg["msg_type"] == "kernel_info_reply":
                break
        dt = time.perf_counter() - t0
        kc.wait_for_ready(timeout=60)
        return km, kc, dt
    kc.wait_for_ready(timeout=60)
    return km, kc, time.perf_counter() - t0


def stop(km, kc):
    """Shuts the kernel down as a front-end does; returns the seconds the
    shutdown_kernel() call took and the seconds until the kernel process
    had exited (a thread waits on it: jupyter_client itself only polls
    every 0.1 s, which quantises the call's time)."""
    proc = km.provisioner.process
    exited = {}

    def wait():
        proc.wait()
        exited["t"] = time.perf_counter()
    th = threading.Thread(target=wait, daemon=True)
    th.start()
    t0 = time.perf_counter()
    km.shutdown_kernel(now=False)
    call = time.perf_counter() - t0
    th.join(60)
    kc.stop_channels()
    return call, exited["t"] - t0


def run(kc, code):
    msg_id = kc.execute(code, store_history=True)
    t0 = time.perf_counter()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    dt = time.perf_counter() - t0
    if reply["content"]["status"] != "ok":
        raise RuntimeError("cell %r failed: %s" % (code, reply["content"]))
    # drain iopub up to idle so outputs do not pile up
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    return dt


def bench(names, rounds, executes, mem_executes):
    """Measures every kernel of names with their rounds interleaved (kernel
    A, kernel B, A, B, ...), so that a change of machine load during the run
    falls on both alike."""
    readies = {n: [] for n in names}
    wfrs = {n: [] for n in names}
    shutdowns = {n: [] for n in names}
    for _ in range(rounds):
        for name in names:
            km, kc, dt = start(name, until_reply=True)
            readies[name].append(dt)
            shutdowns[name].append(stop(km, kc))
            km, kc, dt = start(name)
            wfrs[name].append(dt)
            stop(km, kc)
    kernels = {}
    for name in names:
        km, kc, _ = start(name)
        setup, cell = TRIVIAL[name]
        run(kc, setup)
        for _ in range(5):
            run(kc, cell)
        kernels[name] = (km, kc, cell)
    times = {n: [] for n in names}
    for _ in range(executes):
        for name, (km, kc, cell) in kernels.items():
            times[name].append(run(kc, cell))
    count = {n: 6 + executes for n in names}
    rss10, checkpoints = {}, {n: {} for n in names}
    for name, (km, kc, cell) in kernels.items():
        while count[name] < 10:
            run(kc, cell)
            count[name] += 1
        rss10[name] = rss_kib(km.provisioner.process.pid)
    # Memory growth: the kernels take turns, 1000 executes each.
    while any(c < mem_executes for c in count.values()):
        for name, (km, kc, cell) in kernels.items():
            target = min(mem_executes, (count[name] // 1000 + 1) * 1000)
            while count[name] < target:
                run(kc, cell)
                count[name] += 1
            if count[name] % 1000 == 0:
                checkpoints[name][count[name]] = rss_kib(km.provisioner.process.pid)
    results = []
    for name, (km, kc, cell) in kernels.items():
        rss_many = rss_kib(km.provisioner.process.pid)
        stop(km, kc)
        t = times[name]
        results.append({
            "kernel": name,
            "ready_s_median": statistics.median(readies[name]),
            "ready_s_all": readies[name],
            "start_kernel_call_s_median": statistics.median([d for k, d in LAUNCH if k == name]),
            "wait_for_ready_s_median": statistics.median(wfrs[name]),
            "shutdown_call_s_median": statistics.median(c for c, _ in shutdowns[name]),
            "shutdown_exit_s_median": statistics.median(e for _, e in shutdowns[name]),
            "execute_ms_median": 1000 * statistics.median(t),
            "execute_ms_p90": 1000 * sorted(t)[int(0.9 * len(t))],
            "rss_kib_after_10": rss10[name],
            "rss_kib_after_n": rss_many,
            "n_memory_executes": mem_executes,
            "rss_kib_every_1000": checkpoints[name],
        })
    return results



def install_kernel(tmp, binary=None):
    """Install the specstress kernelspec under tmp (building the binary
    there when none is given) and point this process's Jupyter at it."""
    if not binary:
        binary = os.path.join(tmp, "specstress")
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        subprocess.run(["go", "build", "-o", binary, "./cmd/specstress"], cwd=repo, check=True)
    subprocess.run([binary, "install", "--prefix", os.path.join(tmp, "prefix")], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(tmp, "prefix", "share", "jupyter")
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(tmp, "runtime")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return binary

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--executes", type=int, default=50)
    ap.add_argument("--memory-executes", type=int, default=10000)
    ap.add_argument("--json")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="specstress-bench-")
    try:
        install_kernel(tmp, args.binary)
        results = bench(("specstress", "python3"), args.rounds, args.executes, args.memory_executes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    s, p = results
    print("| kernel | start to kernel_info reply (median of %d) | start to wait_for_ready() | shutdown_kernel() call | shutdown_kernel() to exit | execute round trip (median of %d) | p90 | RSS after 10 | RSS after %d |"
          % (args.rounds, args.executes, args.memory_executes))
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        label = "specstress (Go)" if r["kernel"] == "specstress" else "ipykernel (python3)"
        print("| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.2f ms | %.2f ms | %.1f MiB | %.1f MiB |" % (
            label, r["ready_s_median"], r["wait_for_ready_s_median"], r["shutdown_call_s_median"],
            r["shutdown_exit_s_median"], r["execute_ms_median"], r["execute_ms_p90"],
            r["rss_kib_after_10"] / 1024, r["rss_kib_after_n"] / 1024))
    print()
    print("jupyter_client's start_kernel() call alone (launch overhead, median): specstress %.3f s, ipykernel %.3f s"
          % (s["start_kernel_call_s_median"], p["start_kernel_call_s_median"]))
    print("ratios specstress/ipykernel: ready %.2fx, shutdown call %.2fx, shutdown to exit %.2fx, execute %.2fx; specstress RSS growth 10 -> %d cells: %+.1f MiB"
          % (s["ready_s_median"] / p["ready_s_median"], s["shutdown_call_s_median"] / p["shutdown_call_s_median"],
             s["shutdown_exit_s_median"] / p["shutdown_exit_s_median"], s["execute_ms_median"] / p["execute_ms_median"],
             args.memory_executes, (s["rss_kib_after_n"] - s["rss_kib_after_10"]) / 1024))
    for r in results:
        print("%s RSS (MiB) every 1000 cells: %s" % (r["kernel"], " ".join(
            "%d" % (v // 1024) for _, v in sorted(r["rss_kib_every_1000"].items()))))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
