"""A Go fatal error in a cell, seen through jupyter_client: the cell gets an
error reply and an error output naming what happened, and the kernel goes on.

Usage: /usr/bin/python3 kernel_crash.py KERNEL_NAME   (the kernelspec on
JUPYTER_PATH must run the kernel with --memory-limit 1GiB). Prints
CRASH CHECKS OK, or exits non-zero listing the failures.
"""
import sys

from jupyter_client.manager import start_new_kernel

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(kc, code, timeout=120):
    """Executes code; returns (reply content, iopub messages up to idle)."""
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    outs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        outs.append(m)
    return reply["content"], outs


CONCURRENT_MAP_WRITES = """m := map[int]int{}
for g := 0; g < 8; g++ {
\tgo func() {
\t\tfor i := 0; ; i++ {
\t\t\tm[i%64] = i
\t\t}
\t}()
}
time.Sleep(time.Minute)"""


def expect_death(kc, code, label, *needles):
    content, outs = run(kc, code)
    errors = [m["content"] for m in outs if m["msg_type"] == "error"]
    check(content["status"] == "error", "%s: error reply (%s)" % (label, content["status"]))
    check(content.get("ename") == "KernelDied", "%s: ename KernelDied (%s)" % (label, content.get("ename")))
    evalue = content.get("evalue", "")
    for n in needles + ("session state was lost",):
        check(n in evalue, "%s: evalue says %r (%r)" % (label, n, evalue))
    check(len(errors) == 1 and errors[0]["evalue"] == evalue, "%s: one error output on iopub" % label)
    content, outs = run(kc, "1 + 1")
    results = [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"]
    check(content["status"] == "ok" and results == ["2"], "%s: the next cell runs (%s %r)" % (label, content["status"], results))


def main():
    km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=120)
    try:
        content, _ = run(kc, "keep := 41")
        check(content["status"] == "ok", "a first cell runs")
        expect_death(kc, CONCURRENT_MAP_WRITES, "concurrent map writes", "fatal error: concurrent map writes")
        content, _ = run(kc, "keep + 1")
        check(content["status"] == "error", "state from before the crash is gone, as the message said")
        expect_death(kc, "b := make([]byte, 30<<30)\nb[0] = 1", "30 GiB allocation",
                     "out of memory", "memory limit of 1 GiB")
        check(km.is_alive(), "the kernel process is alive")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    if failures:
        print("CRASH CHECKS FAILED: %d failures" % len(failures), file=sys.stderr)
        return 1
    print("CRASH CHECKS OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
