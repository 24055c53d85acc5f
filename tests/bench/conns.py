#!/usr/bin/env python3
"""summd's cost of a connection with many others open: N idle keep-alive
connections are opened (default 15,000; each side needs that many
descriptors), then 2,000 clients in turn connect, ask GET /v1/health and
close, and at last the N close together. Prints the time of a client's
round and how long summd takes to count the N out (its health answer
reaching 0 connections). Before its connections were kept by descriptor,
each close searched all those open.

    tests/bench/conns.py [N] [SUMMD]     (default: 15000 build/daemon/summd)
"""

import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 15000
SUMMD = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    TOP, "build", "daemon", "summd")
HEALTH = b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"


def health(sock_path, keep=None):
    s = keep or socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if keep is None:
        s.connect(sock_path)
    s.sendall(HEALTH)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    n = int([l for l in head.split(b"\r\n")
             if l.lower().startswith(b"content-length")][0].split(b":")[1])
    while len(body) < n:
        body += s.recv(4096)
    if keep is None:
        s.close()
    return json.loads(body)


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if N + 64 > hard:
        sys.exit("conns: %d connections need %d descriptors (hard limit %d)"
                 % (N, N + 64, hard))
    with tempfile.TemporaryDirectory(prefix="summd-conns-") as tmp:
        path = os.path.join(tmp, "s.sock")
        conf = os.path.join(tmp, "summd.conf")
        with open(conf, "w") as f:
            f.write("max_connections = %d\nidle_timeout = 600\n" % (N + 100))
        p = subprocess.Popen([SUMMD, "-s", path, "-c", conf, "--state-dir",
                              os.path.join(tmp, "state"), "--log-level",
                              "warn"])
        try:
            t = time.monotonic()
            while not os.path.exists(path) and time.monotonic() - t < 10:
                time.sleep(0.05)
            held = []
            for _ in range(N):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                held.append(s)
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.connect(path)
            while health(path, probe)["connections"] < N + 1:
                time.sleep(0.05)
            t = time.perf_counter()
            for _ in range(2000):
                health(path)
            round_us = (time.perf_counter() - t) / 2000 * 1e6
            t = time.perf_counter()
            for s in held:
                s.close()
            while health(path, probe)["connections"] > 1:
                pass
            out_ms = (time.perf_counter() - t) * 1e3
            print("%d connections open: a client's connect, GET /v1/health, "
                  "close %.0f us; all %d closed, counted out in %.1f ms"
                  % (N, round_us, N, out_ms))
        finally:
            p.terminate()
            p.wait(30)


main()
