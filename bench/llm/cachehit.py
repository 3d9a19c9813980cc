"""The Python side of bench/llm/cachehit.sh: the same cache lookups as
bench/llm/cachehit (Go), on the same SQLite file our cache wrote, with
Python's sqlite3 module.

  /usr/bin/python3 bench/llm/cachehit.py DB MODE N LOOKUPS

Modes:
  sql    the storage floor: keys precomputed, one SELECT per key through
         Connection.execute (sqlite3 keeps the statement prepared in its
         statement cache), the response column fetched and not decoded;
  replay what a Python replay cache does per call, the same work as the Go
         stack mode: build the request, hash its JSON to the key, SELECT,
         decode the response JSON.

Like the Go side it first looks up every key once (untimed), then times
LOOKUPS lookups of keys i mod N, and prints
  <mode> 1 <lookups> <wall us per lookup> <CPU us per lookup> <hits> <bytes>
with hits and bytes from the untimed pass (bytes: answer text lengths for
replay, stored JSON lengths for sql). It refuses a key it computes that is
not in the file, so a drift in the key recipe shows as an error, not as a
faster run of misses.
"""
import hashlib
import json
import sqlite3
import sys
import time

MODEL = "openai:gpt-4.1"
SELECT = "SELECT response FROM calls WHERE key = ?"


def request(i):
    return {"model": MODEL, "messages": [{"role": "user", "content": "prompt %d" % i}]}


def key(req):
    # Go's encoding/json: fields in struct order, no spaces; the prompts
    # here have no characters Go escapes differently.
    return hashlib.sha256(json.dumps(req, separators=(",", ":")).encode()).hexdigest()


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: cachehit.py DB MODE N LOOKUPS")
    path, mode, n, lookups = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    execute = con.execute

    if mode == "sql":
        keys = [key(request(i)) for i in range(n)]

        def get(i):
            row = execute(SELECT, (keys[i],)).fetchone()
            if row is None:
                raise SystemExit("%s: no row for prompt %d (key %s)" % (path, i, keys[i][:12]))
            return len(row[0])
    elif mode == "replay":
        def get(i):
            k = key(request(i))
            row = execute(SELECT, (k,)).fetchone()
            if row is None:
                raise SystemExit("%s: no row for prompt %d (key %s)" % (path, i, k[:12]))
            return len(json.loads(row[0])["text"])
    else:
        sys.exit("unknown mode %r (want sql or replay)" % mode)

    hits = chars = 0
    for i in range(n):
        chars += get(i)
        hits += 1
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(lookups):
        get(i % n)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print("%s 1 %d %.3f %.3f %d %d" % (mode, lookups, wall * 1e6 / lookups, cpu * 1e6 / lookups, hits, chars))


if __name__ == "__main__":
    main()
