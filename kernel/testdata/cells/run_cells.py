"""Runs the cell suite (suite.json beside this file) through the installed
specstress kernel with jupyter_client, one kernel per session, as a user's
notebook would, and checks every cell against the output Go gives.

A cell passes when it prints Go's stdout and shows Go's result (the %#v text
of its trailing expression), or, when Go rejects it or it panics, when the
kernel reports an error containing Go's message. A cell with a "limit" may
instead be refused with an error containing that text (an interpreter
limitation named before anything runs). Anything else fails: above all a cell
that runs and prints something other than Go prints; except cells marked
"pending" (with the reason), which are listed and count against the pass rate.

Usage: /usr/bin/python3 run_cells.py   (kernelspec "specstress" on
JUPYTER_PATH, or $SPECSTRESS_KERNEL_NAME). Prints the pass rate; exits
non-zero when a cell fails.
"""
import json
import os
import sys

from jupyter_client.manager import start_new_kernel

NAME = os.environ.get("SPECSTRESS_KERNEL_NAME", "specstress")
HERE = os.path.dirname(os.path.abspath(__file__))


def run(kc, code, timeout=120):
    """Executes code; returns (reply content, stdout, result text, error text)."""
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    stdout, result, error = "", "", ""
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t, c = m["msg_type"], m["content"]
        if t == "status" and c["execution_state"] == "idle":
            break
        if t == "stream" and c["name"] == "stdout":
            stdout += c["text"]
        elif t == "execute_result":
            result = c["data"].get("text/plain", "")
        elif t == "error":
            error = c["evalue"] + "\n" + "\n".join(c["traceback"])
    return reply["content"], stdout, result, error


def main():
    with open(os.path.join(HERE, "suite.json")) as f:
        sessions = json.load(f)
    total = passed = refused = 0
    failures, pending = [], []
    for s in sessions:
        km, kc = start_new_kernel(kernel_name=NAME)
        try:
            for c in s["cells"]:
                total += 1
                reply, out, res, err = run(kc, c["code"])
                failed = reply["status"] != "ok"
                if c.get("error"):
                    ok = failed and c["error"] in err
                else:
                    ok = not failed and out == c["stdout"] and res == c.get("result", "")
                if ok:
                    passed += 1
                    continue
                if c.get("limit") and failed and c["limit"] in err:
                    refused += 1
                    continue
                want = "error %r" % c["error"] if c.get("error") else "stdout %r result %r" % (c["stdout"], c.get("result", ""))
                got = "error %r" % err if failed else "stdout %r result %r" % (out, res)
                line = "%s/%s: want %s, got %s" % (s["name"], c["name"], want, got)
                if c.get("pending"):
                    pending.append(line + " (pending: %s)" % c["pending"])
                else:
                    failures.append(line)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    print("cell suite through the kernel: %d of %d cells give Go's output (%.0f %%), %d refused naming a limitation, %d pending"
          % (passed, total, 100.0 * passed / total, refused, len(pending)))
    for p in pending:
        print("PENDING " + p)
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
