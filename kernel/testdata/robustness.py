"""End-to-end robustness of the installed specstress kernel, driven by
jupyter_client: interrupt of an infinite loop, a cell printing 100 MB, a huge
cell, a Go fatal error and a 30 GiB allocation in a cell (under a 2 GiB
memory limit), garbage and badly signed messages on the shell socket, and a
restart.

Usage: /usr/bin/python3 robustness.py   (kernelspec "specstress" on JUPYTER_PATH,
or $SPECSTRESS_KERNEL_NAME). Exits non-zero with a list of failures.
"""
import os
import signal
import sys
import time

import zmq
from jupyter_client.manager import start_new_kernel

NAME = os.environ.get("SPECSTRESS_KERNEL_NAME", "specstress")
# The kernel inherits this environment: a fixed limit, whatever the machine.
os.environ["SPECSTRESS_MEMORY_LIMIT"] = "2GiB"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(kc, code, timeout=60, **kw):
    """Executes code; returns (reply content, iopub messages up to idle)."""
    msg_id = kc.execute(code, **kw)
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


def main():
    km, kc = start_new_kernel(kernel_name=NAME)
    try:
        # The heartbeat echoes (jupyter_client's HBChannel pings every few seconds).
        deadline = time.time() + 10
        while not kc.hb_channel.is_beating() and time.time() < deadline:
            time.sleep(0.2)
        check(kc.hb_channel.is_beating(), "heartbeat answers")

        # Interrupt an infinite loop (interrupt_mode "message": interrupt_request on control).
        msg_id = kc.execute("for {\n}")
        time.sleep(1.0)
        t0 = time.time()
        km.interrupt_kernel()
        while True:
            reply = kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        check(reply["content"]["status"] == "error", "interrupted loop ends with an error reply")
        check(time.time() - t0 < 5, "interrupt answered within 5 s (took %.2f s)" % (time.time() - t0))
        content, _ = run(kc, 'fmt.Println("alive")')
        check(content["status"] == "ok", "kernel usable after interrupt (%s %s)" % (content["status"], content.get("evalue", "")))

        # Output streams while the cell runs, not only at its end.
        msg_id = kc.execute('for i := 0; i < 3; i++ {\n\tfmt.Println("tick", i)\n\ttime.Sleep(400 * time.Millisecond)\n}')
        first = None
        while first is None:
            m = kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
                first = time.time()
        while True:
            reply = kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        lead = time.time() - first
        check(lead > 0.5, "first output arrived %.2f s before the cell finished" % lead)

        # Reading os.Stdin in a cell asks the front-end (input_request on stdin).
        msg_id = kc.execute('var name string\nfmt.Scanln(&name)\nfmt.Println("hello,", name)', allow_stdin=True)
        req = kc.get_stdin_msg(timeout=30)
        check(req["msg_type"] == "input_request", "stdin read becomes an input_request")
        kc.input("gopher")
        while True:
            reply = kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        said = ""
        while True:
            m = kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                said += m["content"]["text"]
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        check(reply["content"]["status"] == "ok" and "hello, gopher" in said, "input_reply reaches the cell (%r)" % said)

        # SIGINT interrupts the running cell too (and does not kill the kernel).
        msg_id = kc.execute("for {\n}")
        time.sleep(1.0)
        km.signal_kernel(signal.SIGINT)
        while True:
            reply = kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        check(reply["content"]["status"] == "error", "SIGINT interrupts the running cell")
        content, _ = run(kc, 'fmt.Println("alive")')
        check(content["status"] == "ok", "kernel usable after SIGINT (%s %s)" % (content["status"], content.get("evalue", "")))

        # Go fatal errors no recover catches: the cell gets an error naming
        # what happened, the kernel restarts its Go process and serves on.
        run(kc, "lost := 1")
        content, outs = run(kc, "m := map[int]int{}\nfor g := 0; g < 8; g++ {\n\tgo func() {\n\t\tfor i := 0; ; i++ {\n\t\t\tm[i%64] = i\n\t\t}\n\t}()\n}\ntime.Sleep(time.Minute)")
        evalue = content.get("evalue", "")
        check(content["status"] == "error" and "fatal error: concurrent map writes" in evalue and "session state was lost" in evalue,
              "concurrent map writes: error reply naming it (%s %r)" % (content["status"], evalue))
        check(sum(m["msg_type"] == "error" for m in outs) == 1, "concurrent map writes: one error output")
        content, _ = run(kc, "lost + 1")
        check(content["status"] == "error", "the session after a fatal error is fresh")
        content, _ = run(kc, 'fmt.Println("alive")')
        check(content["status"] == "ok", "kernel usable after a fatal error")
        content, _ = run(kc, "b := make([]byte, 30<<30)\nb[0] = 1")
        evalue = content.get("evalue", "")
        check(content["status"] == "error" and "memory limit of 2 GiB" in evalue,
              "30 GiB allocation: error reply naming the memory limit (%s %r)" % (content["status"], evalue))
        content, _ = run(kc, "2 + 2")
        check(content["status"] == "ok", "kernel usable after a runaway allocation")
        check(kc.hb_channel.is_beating(), "heartbeat answers after the Go process restarted")

        # A cell printing 100 MB: capped, streamed, and the kernel keeps serving.
        t0 = time.time()
        content, outs = run(kc, 'for i := 0; i < 100; i++ { fmt.Print(strings.Repeat("x", 1<<20)) }', timeout=300)
        n = sum(len(m["content"]["text"]) for m in outs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        note = any("output truncated" in m["content"].get("text", "") for m in outs if m["msg_type"] == "stream")
        check(content["status"] == "ok", "100 MB cell completes (%.1f s)" % (time.time() - t0))
        check(0 < n <= 32 << 20 and note, "100 MB output capped with a note (%d bytes published)" % n)
        content, _ = run(kc, "1 + 1")
        check(content["status"] == "ok", "kernel usable after 100 MB of output")

        # A huge cell: 20 MB of comment lines.
        content, _ = run(kc, "// filler\n" * (2 << 20) + "2 + 2", timeout=300)
        check(content["status"] in ("ok", "error"), "huge cell answered (%s)" % content["status"])
        content, _ = run(kc, "3 + 3")
        check(content["status"] == "ok", "kernel usable after a huge cell")

        # Garbage and badly signed messages on the shell socket.
        info = km.get_connection_info()
        ctx = zmq.Context.instance()
        s = ctx.socket(zmq.DEALER)
        s.linger = 0
        s.connect("tcp://%s:%d" % (info["ip"], info["shell_port"]))
        s.send_multipart([b"garbage", b"\xff\x00"])
        s.send_multipart([b"<IDS|MSG>", b"0" * 64, b'{"msg_id":"x","msg_type":"execute_request"}', b"{}", b"{}",
                          b'{"code":"fmt.Println(\\"pwned\\")"}'])
        s.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", b"{}"])
        time.sleep(0.5)
        s.close()
        content, outs = run(kc, '"still serving"')
        pwned = any("pwned" in str(m["content"]) for m in outs)
        check(content["status"] == "ok" and not pwned, "garbage and bad signatures dropped; kernel serving")

        # Restart: jupyter_client replaces the process; state is gone, counting restarts.
        run(kc, "keep := 41")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        content, outs = run(kc, "1 + 1")
        check(content["status"] == "ok" and content["execution_count"] == 1, "restart gives a fresh kernel")
        content, _ = run(kc, "keep + 1")
        check(content["status"] == "error", "state does not survive a restart")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    if failures:
        print("ROBUSTNESS FAILED: %d failures" % len(failures), file=sys.stderr)
        return 1
    print("ROBUSTNESS OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
