#!/usr/bin/env python3
"""Benchmark of stored clusters. Prints:
  - add-article latency (PUT, p50/p99) while a cluster fills to 100
    articles, and replacing articles in the 100-article cluster;
  - summary latency of that cluster from the cache (nothing changed) and
    after a change (one article replaced before each summary);
  - dropping a cluster of 200 articles (their terms counted out of the
    learned IDF);
  - importing 1,000 articles into the learned IDF, and the slowest
    listing of clusters while it runs;
  - adding 40 articles of 0.9 MB, then replacing them, and the slowest
    listing meanwhile;
    then listing the clusters, and that cluster's articles;
  - with --rouge, the effect of the learned IDF on development-set ROUGE:
    two-fold, each half's clusters stored and summarized (250 words) by a
    daemon that has imported the other half's articles, beside the same
    with the cluster's own IDF.

  tests/bench/store.py [--rouge] [--data DIR]   (after ninja -C build)
"""

import argparse
import glob
import http.client
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=120)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def timed(conn, method, path, body):
    t = time.perf_counter()
    conn.request(method, path, body=json.dumps(body).encode(),
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    return (time.perf_counter() - t) * 1e3, r.status


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def line(name, xs):
    print("%-52s p50 %7.2f ms  p99 %7.2f ms  (n=%d)"
          % (name, pct(xs, 50), pct(xs, 99), len(xs)), flush=True)


def start(summd, tmp, conf=""):
    sock = os.path.join(tmp, "s.sock")
    path = os.path.join(tmp, "c.conf")
    with open(path, "w") as f:
        f.write(conf)
    p = subprocess.Popen([summd, "-s", sock, "-c", path, "--state-dir",
                          os.path.join(tmp, "state"), "--log-level", "warn"])
    for _ in range(400):
        if os.path.exists(sock):
            break
        time.sleep(0.025)
    time.sleep(0.1)
    return p, sock


def articles(data, n):
    files = sorted(glob.glob(os.path.join(data, "*", "docs", "*")))
    if not files:
        sys.exit("store.py: no articles under %s" % data)
    return [open(f, encoding="utf-8", errors="replace").read()
            for f in files[:n]]


def latency(a):
    texts = articles(a.data, 200)
    with tempfile.TemporaryDirectory(prefix="summd-bench-") as tmp:
        p, sock = start(a.summd, tmp)
        try:
            c = UnixHTTP(sock)
            fill, replace = [], []
            for i in range(100):
                ms, st = timed(c, "PUT", "/v1/clusters/big/documents/d%d" % i,
                               {"text": texts[i]})
                assert st == 201, st
                fill.append(ms)
            for i in range(100):
                ms, st = timed(c, "PUT", "/v1/clusters/big/documents/d%d" % i,
                               {"text": texts[100 + i]})
                assert st == 200, st
                replace.append(ms)
            line("add article, cluster filling 0 -> 100", fill)
            line("replace article in the 100-article cluster", replace)
            body = {"length": {"words": 250}}
            timed(c, "POST", "/v1/clusters/big/summary", body)
            cached = [timed(c, "POST", "/v1/clusters/big/summary", body)[0]
                      for _ in range(200)]
            changed = []
            for i in range(30):
                timed(c, "PUT", "/v1/clusters/big/documents/d%d" % i,
                      {"text": texts[i]})
                changed.append(timed(c, "POST", "/v1/clusters/big/summary",
                                     body)[0])
            line("summary of 100 articles, from the cache", cached)
            line("summary of 100 articles, after a change", changed)
            # Dropping a cluster counts its articles out of the learned
            # IDF, holding the store: every other store request waits.
            drops = []
            for k in range(5):
                for i in range(200):
                    timed(c, "PUT", "/v1/clusters/gone%d/documents/d%d"
                          % (k, i), {"text": texts[i]})
                drops.append(timed(c, "DELETE", "/v1/clusters/gone%d" % k,
                                   None)[0])
            mb = sum(len(t.encode()) for t in texts[:200]) / 1e6
            line("drop a cluster of 200 articles (%.1f MB)" % mb, drops)
            # An import holds the store while it writes: how long, and how
            # long a listing waits on it meanwhile.
            corpus = {"documents": [{"text": t}
                                    for t in articles(a.data, 1000)]}
            waits, stop = [], threading.Event()

            def lister():
                lc = UnixHTTP(sock)
                while not stop.is_set():
                    waits.append(timed(lc, "GET", "/v1/clusters", None)[0])
                    time.sleep(0.002)
                lc.close()

            th = threading.Thread(target=lister)
            th.start()
            time.sleep(0.05)
            imports = [timed(c, "POST", "/v1/idf", corpus)[0]
                       for _ in range(3)]
            stop.set()
            th.join()
            line("import 1,000 articles into the IDF (POST /v1/idf)",
                 imports)
            print("%-52s max %7.2f ms  (n=%d)" % (
                "  a listing meanwhile", max(waits), len(waits)))
            # Listing with large texts stored: what it reads besides the
            # ids and sizes, it reads holding the store.
            big = ""
            for t in texts:
                if len((big + t).encode()) > 900000:
                    break
                big += t
            waits, stop = [], threading.Event()
            th = threading.Thread(target=lister)
            th.start()
            adds = [timed(c, "PUT", "/v1/clusters/large/documents/d%d" % i,
                          {"text": big})[0] for i in range(40)]
            stop.set()
            th.join()
            mb = 40 * len(big.encode()) / 1e6
            line("add an article of %.1f MB" % (mb / 40), adds)
            print("%-52s max %7.2f ms  (n=%d)" % (
                "  a listing meanwhile", max(waits), len(waits)))
            # Replacing one counts the old text out of the learned IDF.
            waits, stop = [], threading.Event()
            th = threading.Thread(target=lister)
            th.start()
            swaps = [timed(c, "PUT", "/v1/clusters/large/documents/d%d" % i,
                           {"text": big[::-1]})[0] for i in range(40)]
            stop.set()
            th.join()
            line("replace an article of %.1f MB" % (mb / 40), swaps)
            print("%-52s max %7.2f ms  (n=%d)" % (
                "  a listing meanwhile", max(waits), len(waits)))
            line("list the clusters, %.0f MB more stored" % mb,
                 [timed(c, "GET", "/v1/clusters", None)[0]
                  for _ in range(20)])
            line("list the %.0f MB cluster's articles" % mb,
                 [timed(c, "GET", "/v1/clusters/large", None)[0]
                  for _ in range(20)])
            c.close()
        finally:
            p.terminate()
            p.wait()


WRAPPER = """#!/bin/sh
# run_system.sh calls: wrapper --words N FILE...; the cluster is the
# folder above the files' docs/.
words=$2; shift 2
c=$(basename "$(dirname "$(dirname "$1")")")
"%(summ)s" -S "%(sock)s" add "$c" "$@" >/dev/null || exit 1
exec "%(summ)s" -S "%(sock)s" -w "$words" summary "$c"
"""


def rouge(a):
    ev = os.path.join(a.eval, "run_system.sh")
    if not os.path.exists(ev):
        sys.exit("store.py: no %s" % ev)
    with tempfile.TemporaryDirectory(prefix="summd-bench-") as tmp:
        clusters = sorted(d for d in glob.glob(os.path.join(a.data, "*"))
                          if os.path.isdir(os.path.join(d, "docs")))
        halves = {"A": clusters[0::2], "B": clusters[1::2]}
        for h, cs in halves.items():
            os.mkdir(os.path.join(tmp, h))
            for c in cs:
                os.symlink(c, os.path.join(tmp, h, os.path.basename(c)))
        print("%-36s %8s %8s" % ("learned IDF, 250 words", "R-1", "R-2"))
        for h, other in (("A", "B"), ("B", "A")):
            for learned in (False, True):
                run = os.path.join(tmp, "%s-%d" % (h, learned))
                os.mkdir(run)
                p, sock = start(a.summd, run, "idf_min_documents = %d\n"
                                "idf_refresh = 0\n"
                                % (100 if learned else 10 ** 9))
                try:
                    if learned:
                        files = [f for c in halves[other] for f in
                                 sorted(glob.glob(os.path.join(c, "docs",
                                                               "*")))]
                        subprocess.run([a.summ, "-S", sock, "idf", "import"]
                                       + files, check=True,
                                       stdout=subprocess.DEVNULL)
                    w = os.path.join(run, "wrap.sh")
                    with open(w, "w") as f:
                        f.write(WRAPPER % {"summ": a.summ, "sock": sock})
                    os.chmod(w, stat.S_IRWXU)
                    out = subprocess.run(
                        [ev, "-d", os.path.join(tmp, h), "-w", "250", "-o",
                         os.path.join(run, "out"), "--", w],
                        capture_output=True, text=True).stdout
                finally:
                    p.terminate()
                    p.wait()
                r = {l.split()[0]: l.split()[1].replace("R=", "")
                     for l in out.splitlines()
                     if l.startswith(("ROUGE-1 ", "ROUGE-2 "))}
                print("%-36s %8s %8s" % (
                    "half %s, %s" % (h, "learned from half " + other
                                     if learned else "cluster IDF"),
                    r.get("ROUGE-1", "?"), r.get("ROUGE-2", "?")),
                    flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--summd", default=os.path.join(TOP, "build", "daemon",
                                                    "summd"))
    ap.add_argument("--summ", default=os.path.join(TOP, "build", "client",
                                                   "summ"))
    ap.add_argument("--data", default=os.path.join(TOP, "..", "shared",
                                                   "data", "duc2006"))
    ap.add_argument("--eval", default=os.path.join(TOP, "..", "shared",
                                                   "eval"))
    ap.add_argument("--rouge", action="store_true")
    a = ap.parse_args()
    latency(a)
    if a.rouge:
        rouge(a)


main()
