"""What the integration tests read of a running summd (/proc), and the
raw sockets and made-up articles they load it with."""

import os
import random
import socket
import subprocess
import time


def fds(pid):
    """Open file descriptors of pid."""
    return len(os.listdir("/proc/%d/fd" % pid))


def rss(pid):
    """Resident set size of pid, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def connect(sock, timeout=5):
    """A raw stream connection to a Unix socket."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock)
    return s


def synthetic(count, seed=11):
    """count distinct articles of made-up words, 15 sentences each; the
    same for the same seed."""
    rnd = random.Random(seed)
    vocab = ["".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou")
                     for _ in range(3)) for _ in range(3000)]
    return [{"text": " ".join(
        " ".join(rnd.choice(vocab) for _ in range(12)).capitalize() + "."
        for _ in range(15))} for _ in range(count)]


def start(summd, tmp, conf="", args=()):
    """summd on tmp/s.sock with conf as its config file, its state in
    tmp/state and its stderr in tmp/err; once its socket is there.
    Returns the process, the socket and the open stderr file."""
    sock = os.path.join(tmp, "s.sock")
    path = os.path.join(tmp, "c.conf")
    with open(path, "w") as f:
        f.write(conf)
    err = open(os.path.join(tmp, "err"), "w")
    p = subprocess.Popen([summd, "-s", sock, "-c", path, "--state-dir",
                          os.path.join(tmp, "state")] + list(args),
                         stderr=err, stdout=subprocess.DEVNULL)
    for _ in range(400):
        if os.path.exists(sock) or p.poll() is not None:
            break
        time.sleep(0.025)
    time.sleep(0.1)
    return p, sock, err
