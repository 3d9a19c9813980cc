"""Two builds of the specstress kernel side by side, interleaved so that a
busy machine slows both alike: start to kernel_info reply, first and steady
execute round trips, and RSS of the kernel's process tree.

  /usr/bin/python3 bench/kernel/compare_builds.py BASE_BINARY NEW_BINARY ROUNDS

(build each with `go build -o DIR/specstress ./cmd/specstress`). Prints one
line per build with medians over ROUNDS fresh kernels.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from queue import Empty
from jupyter_client.manager import KernelManager

def install(binary, prefix):
    subprocess.run([binary, "install", "--prefix", prefix], check=True, capture_output=True)

def rss_tree(pid):
    tot = 0
    pids = [pid]
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            pids += [int(k) for k in open("/proc/%d/task/%s/children" % (pid, task)).read().split()]
        except OSError:
            pass
    for p in pids:
        for line in open("/proc/%d/status" % p):
            if line.startswith("VmRSS:"):
                tot += int(line.split()[1])
    return tot / 1024, len(pids)

def one(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client(); kc.start_channels()
    while True:
        kc.kernel_info()
        try:
            m = kc.get_shell_msg(timeout=1)
        except Empty:
            continue
        if m["msg_type"] == "kernel_info_reply":
            break
    ready = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)
    t1 = time.perf_counter()
    kc.execute_interactive("x := 0", timeout=60)
    first = time.perf_counter() - t1
    ts = []
    for i in range(40):
        t = time.perf_counter()
        kc.execute_interactive("x = %d" % i, timeout=60)
        ts.append(time.perf_counter() - t)
    rss, n = rss_tree(km.provisioner.process.pid)
    kc.stop_channels(); km.shutdown_kernel(now=False)
    return ready, first, statistics.median(ts[5:]), rss, n

res = {}
for label, binary in [("base", sys.argv[1]), ("new", sys.argv[2])]:
    d = tempfile.mkdtemp()
    install(binary, d)
    res[label] = d
out = {"base": [], "new": []}
for r in range(int(sys.argv[3])):
    for label in ("base", "new"):
        os.environ["JUPYTER_PATH"] = res[label] + "/share/jupyter"
        out[label].append(one("specstress"))
for label, rows in out.items():
    cols = list(zip(*rows))
    print("%s: ready median %.3f s (all %s), first execute median %.1f ms, execute median %.2f ms, RSS %.1f MiB in %d processes" % (
        label, statistics.median(cols[0]), ["%.3f" % x for x in cols[0]], statistics.median(cols[1]) * 1e3,
        statistics.median(cols[2]) * 1e3, statistics.median(cols[3]), cols[4][0]))
