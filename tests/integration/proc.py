"""What the integration tests read of a running summd (/proc), and the
raw sockets and made-up articles they load it with."""

import os
import random
import socket


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
