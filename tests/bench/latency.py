#!/usr/bin/env python3
"""Latency of summaries over summd's socket, one client, one request at a
time, a new connection each (as the summ client and curl do).

    latency.py [-n N] [--sentences K] SUMMD_BINARY FILE...

Starts its own summd on a private socket, sends the files as one cluster N
times, and prints p50, p90, p99 and max in milliseconds."""

import argparse
import http.client
import json
import os
import socket
import subprocess
import tempfile
import time


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        s.connect(self.path)
        self.sock = s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--sentences", type=int, default=5)
    ap.add_argument("summd")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    docs = [{"id": os.path.basename(p), "text": open(p, encoding="utf-8").read()}
            for p in a.files]
    body = json.dumps({"documents": docs,
                       "length": {"sentences": a.sentences}}).encode()
    with tempfile.TemporaryDirectory() as tmp:
        sock = os.path.join(tmp, "s.sock")
        p = subprocess.Popen([a.summd, "-s", sock, "--log-level", "warn",
                              "--state-dir", os.path.join(tmp, "state")])
        try:
            for _ in range(200):
                if os.path.exists(sock):
                    break
                time.sleep(0.02)
            times = []
            for i in range(a.n + 20):
                t0 = time.perf_counter()
                c = UnixHTTP(sock)
                c.request("POST", "/v1/summarize", body,
                          {"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                c.close()
                if r.status != 200:
                    raise SystemExit("status %d" % r.status)
                if i >= 20:  # warm-up excluded
                    times.append((time.perf_counter() - t0) * 1e3)
        finally:
            p.terminate()
            p.wait()
    times.sort()

    def q(f):
        return times[min(len(times) - 1, int(f * len(times)))]

    print("requests %d  bytes %d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  "
          "max %.2f ms" % (len(times), len(body), q(0.5), q(0.9), q(0.99),
                           times[-1]))


main()
