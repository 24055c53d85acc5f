#!/usr/bin/env python3
"""Soak (RELIABILITY.md B5, the CI profile): 64 clients for SECONDS against
one summd. No request may fail; RSS may grow at most 2 MiB between the end
of the warm-up and the end of the run; open fds and threads must not
change. Prints TAP, with the figures.

    test_soak.py SUMMD LOAD EXAMPLES_DIR [SECONDS]"""

import json
import os
import subprocess
import sys
import tempfile
import time

from tap import done, ok

SUMMD, LOAD, EXAMPLES = sys.argv[1:4]
SECONDS = int(sys.argv[4]) if len(sys.argv) > 4 else 30


def status(pid):
    rss = threads = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, len(os.listdir("/proc/%d/fd" % pid)), threads


def load(sock, body, clients, secs):
    r = subprocess.run([LOAD, sock, body, str(clients), str(secs)],
                       capture_output=True, timeout=secs + 60)
    return r.returncode, r.stdout.decode().strip()


def main():
    with tempfile.TemporaryDirectory(prefix="summd-soak-") as tmp:
        sock = os.path.join(tmp, "s.sock")
        body = os.path.join(tmp, "body.json")
        docs = [{"text": open(os.path.join(EXAMPLES, f),
                              encoding="utf-8").read()}
                for f in sorted(os.listdir(EXAMPLES))]
        with open(body, "w") as f:
            json.dump({"documents": docs, "length": {"sentences": 4}}, f)
        err = open(os.path.join(tmp, "err"), "w")
        p = subprocess.Popen([SUMMD, "-s", sock, "--log-level", "warn",
                              "--state-dir", os.path.join(tmp, "state")],
                             stderr=err, stdout=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(sock):
                break
            time.sleep(0.02)
        try:
            rc, out = load(sock, body, 64, 5)
            ok(rc == 0, "warm-up: %s" % out)
            rss0, fds0, thr0 = status(p.pid)
            rc, out = load(sock, body, 64, SECONDS)
            ok(rc == 0 and " failed 0 " in out,
               "%d s at 64 clients, none failed: %s" % (SECONDS, out))
            time.sleep(0.5)
            rss1, fds1, thr1 = status(p.pid)
            ok(rss1 - rss0 <= 2048, "RSS %d -> %d KiB (growth %d KiB, at "
               "most 2048)" % (rss0, rss1, rss1 - rss0))
            ok(fds1 == fds0, "open fds %d -> %d" % (fds0, fds1))
            ok(thr1 == thr0, "threads %d -> %d" % (thr0, thr1))
        finally:
            p.terminate()
            rc = p.wait(15)
            err.close()
        ok(rc == 0, "summd exits 0")
    done()


main()
