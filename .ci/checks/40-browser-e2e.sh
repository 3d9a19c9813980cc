#!/usr/bin/env bash
# End-to-end check as a person sees it: serve a notebook with Debian's
# jupyter-notebook (token-less, localhost only, a temp dir), open it in
# headless Debian chromium, drive the page through the Chrome DevTools
# protocol (python3-tornado's websocket client, a jupyter-notebook
# dependency: no Selenium), and check that the "Go (specstress)" kernel
# starts, a cell runs and prints, and a plot appears as an image.
#
# Then it saves the executed quick start from the browser, exports it with
# `jupyter nbconvert --to html` and checks in the browser that every figure
# is a loaded, visible image in that page.
#
# Env: E2E_KERNEL (default specstress; "python3" exercises the harness with
# ipykernel), E2E_SCREENSHOT=FILE.png keeps a screenshot of the page (and
# FILE-nbconvert.png one of the exported quick start).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in /usr/bin/python3 /usr/bin/jupyter /usr/bin/chromium; do
  [ -x "$tool" ] || { echo "40-browser-e2e: $tool missing (apt-get install jupyter-notebook chromium)"; exit 1; }
done

tmp=$(mktemp -d)
cleanup() {
  # Only the processes this script started, by pid.
  [ -n "${jpid:-}" ] && kill "$jpid" 2>/dev/null || true
  [ -n "${jpid:-}" ] && wait "$jpid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

kernel=${E2E_KERNEL:-specstress}
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_CONFIG_DIR="$tmp/config" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime"
export IPYTHONDIR="$tmp/ipython"
if [ "$kernel" = specstress ]; then
  go build -o "$tmp/specstress" ./cmd/specstress
  "$tmp/specstress" install --prefix "$tmp/prefix" >/dev/null
fi

mkdir -p "$tmp/serve/data"
if [ "$kernel" = specstress ]; then
  # The first notebook of the project, with its data, as a user opens it.
  cp notebooks/00_quickstart.ipynb "$tmp/serve/"
  cp -R notebooks/data/sample "$tmp/serve/data/sample"
fi
/usr/bin/python3 - "$tmp/serve/e2e.ipynb" "$kernel" <<'PY'
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
path, kernel = sys.argv[1], sys.argv[2]
if kernel == "specstress":
    hello = 'fmt.Println("hello from go", 6*7)'
    plot = '''p := plot.New()
p.Title.Text = "e2e"
line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 4}})
if err != nil {
	panic(err)
}
p.Add(line)
p'''
    spec = {"name": "specstress", "display_name": "Go (specstress)", "language": "go"}
else:  # the harness against ipykernel (needs matplotlib-free PNG: use a tiny inline PNG)
    hello = 'print("hello from go", 6*7)'
    plot = '''from IPython.display import Image
import base64
Image(data=base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))'''
    spec = {"name": kernel, "display_name": kernel, "language": "python"}
nb = new_notebook(metadata={"kernelspec": spec})
nb.cells = [new_markdown_cell("# browser end-to-end"), new_code_cell(hello), new_code_cell(plot)]
nbformat.write(nb, path)
PY

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/jupyter notebook --no-browser --ip=127.0.0.1 --port="$port" --port-retries=0 \
  --NotebookApp.token= --NotebookApp.password= --NotebookApp.notebook_dir="$tmp/serve" \
  --NotebookApp.open_browser=False --allow-root >"$tmp/jupyter.log" 2>&1 &
jpid=$!

status=0
/usr/bin/python3 - "$port" "$tmp" "$kernel" "${E2E_SCREENSHOT:-}" <<'PY' || status=$?
import asyncio, base64, json, os, socket, subprocess, sys, time, urllib.request
from tornado.websocket import websocket_connect

port, tmp, kernel, shot = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
base = f"http://127.0.0.1:{port}"

class Failed(Exception):
    pass

def fail(msg):
    raise Failed(msg)

def wait_http(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except Exception:
            time.sleep(0.2)
    fail(f"{url} did not answer within {seconds}s")

wait_http(base + "/api", 60)

s = socket.socket(); s.bind(("127.0.0.1", 0)); dport = s.getsockname()[1]; s.close()
chrome = subprocess.Popen([
    "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", f"--user-data-dir={tmp}/chrome", f"--remote-debugging-port={dport}",
    "--remote-allow-origins=*", "--window-size=1200,1600", "about:blank",
], stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/chrome.log", "w"))

async def drive():
    targets = json.loads(wait_http(f"http://127.0.0.1:{dport}/json/list", 60))
    page = next(t for t in targets if t.get("type") == "page")
    ws = await websocket_connect(page["webSocketDebuggerUrl"], max_message_size=64 << 20)
    seq = 0
    async def call(method, **params):
        nonlocal seq
        seq += 1
        my = seq
        await ws.write_message(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = await ws.read_message()
            if msg is None:
                fail("devtools connection closed")
            m = json.loads(msg)
            if m.get("id") == my:
                if "error" in m:
                    fail(f"{method}: {m['error']}")
                return m.get("result", {})
    async def js(expr):
        r = await call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            return None
        return r.get("result", {}).get("value")
    async def until(expr, seconds, what):
        deadline = time.time() + seconds
        while time.time() < deadline:
            v = await js(expr)
            if v:
                return v
            # An error output ends the wait at once, with its text.
            err = await js("Array.from(document.querySelectorAll('.output_error')).map(e => e.textContent).join('\\n')")
            if err:
                if shot:
                    await screenshot()
                fail(f"{what}: the page shows an error output:\n{err[:2000]}")
            await asyncio.sleep(0.25)
        if shot:
            await screenshot()
        fail(f"{what} (waited {seconds}s for: {expr})")
    async def screenshot(path=None):
        r = await call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path or shot, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    t0 = time.time()
    await call("Page.enable")
    await call("Page.navigate", url=base + "/notebooks/e2e.ipynb")
    info = await until("window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                       "Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.status === 'ok' && "
                       "JSON.stringify({name: Jupyter.notebook.kernel.name, impl: Jupyter.notebook.kernel.info_reply.implementation, "
                       "lang: Jupyter.notebook.kernel.info_reply.language_info.name})", 90, "the kernel did not start")
    info = json.loads(info)
    print(f"40-browser-e2e: kernel started in the browser in {time.time()-t0:.1f}s: {info}")
    if info["name"] != kernel:
        fail(f"page runs kernel {info['name']!r}, want {kernel!r}")
    t1 = time.time()
    await js("Jupyter.notebook.execute_all_cells(), true")
    await until("document.querySelectorAll('.output_subarea.output_stdout, .output_subarea.output_text').length > 0 && "
                "Array.from(document.querySelectorAll('.output_area pre')).some(e => e.textContent.includes('hello from go 42'))",
                120, "the print cell did not show its output")
    # The page shows the plot as PNG or, preferring it when offered, SVG.
    size = await until("""(() => {
        const i = document.querySelector('.output_png img');
        if (i && i.complete && i.naturalWidth > 0) return [i.naturalWidth, i.naturalHeight, 'png'];
        const s = document.querySelector('.output_svg svg');
        if (s) { const r = s.getBoundingClientRect(); if (r.width > 0) return [Math.round(r.width), Math.round(r.height), 'svg']; }
        return null; })()""", 120, "no plot appeared")
    errors = await js("document.querySelectorAll('.output_error').length")
    if errors:
        fail(f"{errors} error output(s) on the page")
    if kernel == "specstress" and (size[0] < 100 or size[1] < 100):  # the harness run shows a 1x1 PNG
        fail(f"the plot is only {size[0]}x{size[1]}")
    print(f"40-browser-e2e: cells ran and a {size[0]}x{size[1]} {size[2]} plot appeared in {time.time()-t1:.1f}s")
    if shot:
        await screenshot()
        print(f"40-browser-e2e: screenshot in {shot}")
    await js("Jupyter.notebook.kernel.kill(), true")

    if kernel == "specstress":
        # The project's quick start, top to bottom, in the browser.
        t2 = time.time()
        await call("Page.navigate", url=base + "/notebooks/00_quickstart.ipynb")
        await until("window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                    "Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.status === 'ok'",
                    90, "the kernel did not start for 00_quickstart")
        await js("Jupyter.notebook.execute_all_cells(), true")
        want = await js("Jupyter.notebook.get_cells().filter(c => (c.metadata.tags || []).includes('figure')).length")
        n = await until(f"""(() => {{
            const n = document.querySelectorAll('.output_png img, .output_svg svg').length;
            return n >= {want} ? n : 0; }})()""", 180, f"00_quickstart did not show its {want} figures")
        if await js("document.querySelectorAll('.output_error').length"):
            fail("00_quickstart shows an error output")
        print(f"40-browser-e2e: 00_quickstart ran in the browser with {n} figures in {time.time()-t2:.1f}s")
        # Publishing: the notebook as the browser saved it, exported with
        # Jupyter's own nbconvert, must show every figure as an image
        # (nbconvert 6.x sanitises SVG to a blank box).
        await js("Jupyter.notebook.save_notebook(), true")
        saved = os.path.join(tmp, "serve", "00_quickstart.ipynb")
        deadline = time.time() + 30
        while True:
            try:
                with open(saved) as f:
                    nbj = json.load(f)
                pngs = sum(1 for c in nbj["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
                if pngs >= want:
                    break
            except (OSError, ValueError):
                pass
            if time.time() > deadline:
                fail(f"the browser did not save 00_quickstart with its {want} figures")
            await asyncio.sleep(0.25)
        await js("Jupyter.notebook.kernel.kill(), true")
        r = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "html", "--log-level=WARN", saved],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            fail(f"jupyter nbconvert --to html failed:\n{r.stdout[-1000:]}{r.stderr[-2000:]}")
        exported = saved[:-len(".ipynb")] + ".html"
        await call("Page.navigate", url="file://" + exported)
        shown = await until(f"""(() => {{
            if (document.readyState === 'loading') return 0;
            const ok = Array.from(document.querySelectorAll('.jp-OutputArea-output img')).filter(i =>
                i.complete && i.naturalWidth >= 100 && i.getBoundingClientRect().width >= 100);
            return ok.length >= {want} ? ok.length : 0; }})()""", 60,
            f"nbconvert's HTML of 00_quickstart does not show its {want} figures as images")
        print(f"40-browser-e2e: nbconvert's HTML of 00_quickstart shows {shown} figures as images")
        if shot:
            await screenshot(shot[:-4] + "-nbconvert.png" if shot.endswith(".png") else shot + "-nbconvert.png")
        await call("Page.navigate", url=base + "/tree")
    ws.close()

try:
    asyncio.run(asyncio.wait_for(drive(), 300))
except Failed as e:
    print("40-browser-e2e: FAIL:", e)
    sys.exit(1)
except asyncio.TimeoutError:
    print("40-browser-e2e: FAIL: the whole check took more than 300s")
    sys.exit(1)
finally:
    chrome.terminate()
    try:
        chrome.wait(10)
    except subprocess.TimeoutExpired:
        chrome.kill()
print("40-browser-e2e: ok")
PY

if [ "$status" -ne 0 ]; then
  echo "--- jupyter notebook log"; tail -n 40 "$tmp/jupyter.log" || true
  echo "--- chromium log"; tail -n 20 "$tmp/chrome.log" 2>/dev/null || true
fi
exit "$status"
