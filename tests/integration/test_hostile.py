#!/usr/bin/env python3
"""Hostile and heavy clients (RELIABILITY.md B7, C9, D14, E16, E18, and 13):
a long job beside small ones, zzuf-mutated requests, slowloris, a client that
never reads its answer, pathological text, and a UTF-8 decoder stress test.
Each ends with the daemon healthy and its descriptors back where they were.
Prints TAP.

    test_hostile.py SUMMD EXAMPLES_DIR [ZZUF_COUNT]"""

import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

from proc import connect, fds, rss, synthetic
from proc import start as start_summd
from tap import ok, run

SUMMD, EXAMPLES = sys.argv[1], sys.argv[2]
ZZUF_COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
ARTICLES = [open(os.path.join(EXAMPLES, f), encoding="utf-8").read()
            for f in sorted(os.listdir(EXAMPLES))]


def fds_back(pid, base, secs=20):
    """Wait for the daemon's descriptors to come back to base: a
    connection the client has just closed takes a moment to go."""
    for _ in range(int(secs * 10)):
        if fds(pid) == base:
            return True
        time.sleep(0.1)
    return False


def fds_now(pid):
    """The descriptors at rest: connections of the start-up checks gone."""
    time.sleep(0.5)
    return fds(pid)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(tmp, conf):
    p, sock, _ = start_summd(SUMMD, tmp, conf, ["--log-level", "warn"])
    return p, sock


def whole_reply(got):
    """Whether got holds a whole reply: headers and Content-Length
    bytes of body."""
    head, sep, body = got.partition(b"\r\n\r\n")
    n = [int(l.split(b":")[1]) for l in head.split(b"\r\n")
         if l.lower().startswith(b"content-length:")]
    return bool(sep and n and len(body) >= n[0])


def exchange(sock, data, timeout=10, whole=False):
    """Send data, read until the server closes or a reply is complete;
    return (status or None, seconds, closed cleanly), and with whole=True
    the reply's JSON body (or {}) after them."""
    t = time.time()
    s = connect(sock, timeout)
    got = b""
    try:
        s.sendall(data)
    except OSError:
        pass
    try:
        while not whole_reply(got):
            c = s.recv(65536)
            if not c:
                break
            got += c
        done = True
    except socket.timeout:
        done = False
    except OSError:
        done = True
    s.close()
    parts = got.split(b" ", 2)
    st = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    if not whole:
        return st, time.time() - t, done
    try:
        obj = json.loads(got.partition(b"\r\n\r\n")[2])
    except ValueError:
        obj = {}
    return st, time.time() - t, done, obj


def healthy(sock):
    try:
        return exchange(sock, b"GET /v1/health HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\n\r\n", 5)[0] == 200
    except OSError:
        return False


def post(path, obj, method=b"POST"):
    body = json.dumps(obj).encode()
    return (method + b" " + path + b" HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % len(body)) + body


def small():
    return post(b"/v1/summarize", {"documents": [{"text": a}
                                                 for a in ARTICLES[:2]],
                                   "length": {"sentences": 2}})


def test_long_job(tmp):
    """B7: a job of tens of thousands of sentences on one worker; small
    jobs keep coming on the other and are not stuck behind it. The long
    job grows until it outlasts the small ones, as a faster engine or
    machine finishes a given size sooner."""
    p, sock = start(tmp, "threads = 2\nmax_documents = 100000\n"
                         "max_body = 256M\nrequest_timeout = 0\n")
    for count in (5000, 10000, 20000, 40000):
        big = post(b"/v1/summarize", {"documents": synthetic(count),
                                      "length": {"sentences": 10}})
        result = {}

        def long_job():
            result["big"] = exchange(sock, big, 300)

        t = threading.Thread(target=long_job)
        t.start()
        time.sleep(0.3)
        lat, codes = [], []
        while t.is_alive() and len(lat) < 100:
            st, secs, _ = exchange(sock, small())
            codes.append(st)
            lat.append(secs)
            time.sleep(0.05)
        still = t.is_alive()
        t.join()
        if still or len(lat) == 100 or result["big"][1] > 1:
            break
    lat.sort()
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1e3 if lat else -1
    ok(result["big"][0] == 200 and len(lat) >= 3 and
       set(codes) == {200},
       "%d small jobs answered 200 while the long one of %d articles ran "
       "(%.1f s; small p50 %.1f ms, p99 %.1f ms)"
       % (len(lat), count, result["big"][1],
          lat[len(lat) // 2] * 1e3 if lat else -1, p99))
    ok(still or len(lat) == 100 or result["big"][1] > 1,
       "the long job outlasted the small ones")
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def test_zzuf(tmp):
    """C9: zzuf-mutated copies of valid requests, ratios 0.001 to 0.05."""
    zzuf = shutil.which("zzuf")
    if zzuf is None:
        ok(False, "zzuf is not installed (scripts/deps.sh installs it)")
        return
    p, sock = start(tmp, "idle_timeout = 1\nmax_body = 1M\n")
    seeds = [
        small(),
        post(b"/v1/clusters/zz/documents/a", {"text": ARTICLES[0],
                                              "title": "T",
                                              "date": "2026-03-02"},
             b"PUT"),
        post(b"/v1/clusters/zz/summary", {"length": {"words": 50},
                                          "since": 0}),
        b"GET /v1/clusters/zz HTTP/1.1\r\nHost: x\r\n"
        b"If-None-Match: \"r1\"\r\n\r\n",
        b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ]
    exchange(sock, seeds[1])
    base = fds_now(p.pid)

    def one(i):
        ratio = 0.001 * (50 ** ((i % 97) / 96))  # 0.001 .. 0.05
        data = subprocess.run([zzuf, "-s", str(i), "-r", "%.4f" % ratio],
                              input=seeds[i % len(seeds)],
                              capture_output=True).stdout
        try:
            _, secs, done = exchange(sock, data, 5)
        except OSError:
            return False
        return done and secs <= 3

    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        fine = sum(ex.map(one, range(ZZUF_COUNT)))
    hangs = ZZUF_COUNT - fine
    back = fds_back(p.pid, base)  # open ones close on idle_timeout
    if not back:
        print("# fds: %s" % sorted(os.readlink("/proc/%d/fd/%s" % (p.pid, f))
                                   for f in os.listdir("/proc/%d/fd"
                                                       % p.pid)))
    ok(hangs == 0, "%d mutated requests sent, %d hung over 3 s"
       % (ZZUF_COUNT, hangs))
    ok(p.poll() is None and healthy(sock),
       "same pid %d, healthy after them" % p.pid)
    ok(back, "fds back to %d" % base)
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def test_slowloris(tmp):
    """E16: 100 connections each sending a header byte every 0.5 s (under
    the idle timeout) while a normal client sends 5 requests a second."""
    p, sock = start(tmp, "idle_timeout = 2\n")
    base = fds_now(p.pid)
    head = b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-Slow: " + \
        b"a" * 4000
    stop = threading.Event()
    conns = [connect(sock) for _ in range(100)]

    def drip():
        i = 0
        while not stop.is_set() and i < len(head):
            for c in conns:
                try:
                    c.send(head[i:i + 1])
                except OSError:
                    pass
            i += 1
            stop.wait(0.5)

    t = threading.Thread(target=drip)
    t.start()
    time.sleep(0.5)
    c0 = cpu_seconds(p.pid)
    time.sleep(3)
    cpu = (cpu_seconds(p.pid) - c0) / 3
    codes, lat = [], []
    for _ in range(25):
        st, secs, _ = exchange(sock, small())
        codes.append(st)
        lat.append(secs)
        time.sleep(0.2)
    stop.set()
    t.join()
    for c in conns:
        c.close()
    lat.sort()
    ok(codes == [200] * 25, "the normal client: 25 requests, %d errors "
       "(p99 %.1f ms)" % (sum(c != 200 for c in codes), lat[-1] * 1e3))
    ok(cpu <= 0.05, "summd CPU with only the slow clients: %.1f %%"
       % (cpu * 100))
    ok(fds_back(p.pid, base), "fds back to %d after they leave (%d)"
       % (base, fds(p.pid)))
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def read_reply(s):
    """One reply off a kept-alive connection: its status, or None if the
    server closed the connection first."""
    got = b""
    while not whole_reply(got):
        c = s.recv(65536)
        if not c:
            return None
        got += c
    return int(got.split(b" ", 2)[1])


def trickle(s, data, t0):
    """Send data on s a byte every 0.25 s until summd closes it: the
    seconds from t0 to then, or None if all of it went."""
    for i in range(len(data)):
        try:
            s.send(data[i:i + 1])
        except OSError:
            return time.time() - t0
        time.sleep(0.25)
    return None


def test_trickle(tmp):
    """E16, the slow clients themselves: a connection has idle_timeout
    from its opening or its last answer to send a whole request. One
    that sends a header byte every 0.25 s is closed then, not held for
    ever; a kept-alive client pausing under idle_timeout between its
    requests, and a job that runs longer than it, are not cut off."""
    p, sock = start(tmp, "idle_timeout = 1\nmax_documents = 100000\n"
                         "max_body = 256M\nrequest_timeout = 0\n")
    base = fds_now(p.pid)
    head = b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-Slow: " + \
        b"a" * 100
    conns = [connect(sock, 10) for _ in range(20)]
    t0, closed_at = time.time(), {}
    for i in range(len(head)):
        for k, c in enumerate(conns):
            if k in closed_at:
                continue
            try:
                c.send(head[i:i + 1])
            except OSError:
                closed_at[k] = time.time() - t0
        if len(closed_at) == len(conns) or time.time() - t0 > 10:
            break
        time.sleep(0.25)
    for c in conns:
        c.close()
    late = sorted(closed_at.values())
    ok(len(late) == 20 and 0.75 <= late[0] and late[-1] <= 2.5,
       "20 connections sending a header byte every 0.25 s (idle_timeout "
       "1 s): %d closed by summd, after %.1f - %.1f s"
       % (len(late), late[0] if late else -1, late[-1] if late else -1))

    s = connect(sock, 10)
    codes = []
    for _ in range(5):
        s.sendall(small())
        codes.append(read_reply(s))
        t0 = time.time()
        time.sleep(0.7)
    gone = trickle(s, head, t0)
    s.close()
    ok(codes == [200] * 5, "a kept-alive client, 0.7 s between its "
       "requests, 3.5 s on one connection: %s" % codes)
    ok(gone is not None and 0.75 <= gone <= 2.5, "then trickling a "
       "header: closed %.1f s after its last answer" % (gone or -1))

    # The body is made before connecting: making it takes seconds, and
    # a connection idle that long is closed.
    for count in (4000, 8000, 16000, 32000, 64000):
        req = post(b"/v1/summarize", {"documents": synthetic(count),
                                      "length": {"sentences": 3}})
        s = connect(sock, 120)
        t = time.time()
        s.sendall(req)
        st, secs = read_reply(s), time.time() - t
        s.close()
        if st != 200 or secs > 1.5:
            break
    ok(st == 200 and secs > 1.5, "a job of %d articles answered %s after "
       "%.1f s (over idle_timeout)" % (count, st, secs))
    ok(fds_back(p.pid, base), "fds back to %d (%d)" % (base, fds(p.pid)))
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def test_idle_reload(tmp):
    """E16 and SIGHUP: a connection already waiting for its next request
    takes a reloaded idle_timeout, counted from its opening or its last
    answer. Raised from 1 s to 4 s, a kept-alive client pausing 2 s is
    served; lowered from 4 s to 1 s, a connection trickling a header is
    closed a second after it opened, not four."""
    p, sock = start(tmp, "idle_timeout = 1\n")
    conf = os.path.join(tmp, "c.conf")
    s = connect(sock, 10)
    s.sendall(small())
    codes = [read_reply(s)]
    with open(conf, "w") as f:
        f.write("idle_timeout = 4\n")
    p.send_signal(signal.SIGHUP)
    time.sleep(2)
    try:
        s.sendall(small())
        codes.append(read_reply(s))
    except OSError as e:
        codes.append(repr(e))
    s.close()
    ok(codes == [200, 200], "idle_timeout 1 s raised to 4 s by a reload: "
       "a kept-alive client pausing 2 s after its answer is served (%s)"
       % codes)

    head = b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-Slow: " + \
        b"a" * 100
    s, t0 = connect(sock, 10), time.time()
    time.sleep(0.5)
    with open(conf, "w") as f:
        f.write("idle_timeout = 1\n")
    p.send_signal(signal.SIGHUP)
    gone = trickle(s, head, t0)
    s.close()
    ok(gone is not None and gone < 2.5, "idle_timeout 4 s lowered to 1 s "
       "0.5 s after a connection opened: trickling a header, it is closed "
       "%.1f s after it opened" % (gone or -1))
    ok(healthy(sock), "healthy after")
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def test_slow_reader(tmp):
    """E18: a client asks for a large answer and never reads it."""
    p, sock = start(tmp, "idle_timeout = 1\nmax_documents = 100000\n"
                         "max_body = 64M\n")
    base, rss0 = fds_now(p.pid), rss(p.pid)
    req = post(b"/v1/summarize", {"documents": synthetic(300, 5),
                                  "length": {"sentences": 1000},
                                  "explain": True})
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(sock)
    s.sendall(req)
    time.sleep(1)
    served = healthy(sock)
    closed_at = None
    for i in range(300):
        if fds(p.pid) == base:
            closed_at = 1 + i * 0.1
            break
        time.sleep(0.1)
    ok(served, "other clients are served while it does not read")
    ok(closed_at is not None, "its connection is closed by the write "
       "timeout (fds back to %d after %.1f s)" % (base, closed_at or -1))
    # A sanitizer's shadow memory and quarantine swamp the figure.
    sanitized = any(k.endswith("SAN_OPTIONS") for k in os.environ)
    cap = 512 if sanitized else 64
    ok(rss(p.pid) - rss0 < cap * 1024, "RSS grew %d KiB (at most %d MiB)"
       % (rss(p.pid) - rss0, cap))
    s.close()
    ok(healthy(sock), "healthy after")
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def test_pathological(tmp):
    """D14: text that is legal but hostile to a summarizer. Each gets 200
    or 422, within the deadline, with RSS below the engine cap."""
    p, sock = start(tmp, "max_doc_bytes = 4M\nmax_body = 64M\n"
                         "request_timeout = 30s\nmax_documents = 1000\n")
    story = ARTICLES[0]
    cases = [
        ("a 1 MB sentence without punctuation",
         [{"text": ("word " * 210000)[:1 << 20]}]),
        ("100,000 one-word sentences",
         [{"text": "Yes. " * 100000}]),
        ("every byte 0x01-0x1F",
         [{"text": "".join(chr(c) for c in range(1, 32)) * 1000},
          {"text": story}]),
        ("100,000 combining marks on one base",
         [{"text": "a" + "\u0301" * 100000 + ". " + story}]),
        ("right-to-left and mixed scripts",
         [{"text": "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644"
                   "\u064a\u0643\u0645. \u05e9\u05dc\u05d5\u05dd "
                   "world \u4e16\u754c. " * 500}]),
        ("only stopwords",
         [{"text": "It is what it is and they are who they are. " * 200}]),
        ("one article 200 times",
         [{"text": story}] * 200),
        ("1 MB of script, style and comment tags that never end",
         [{"text": ("<script> <!-- <style> Rain. " * 40000)[:1 << 20]},
          {"text": story}]),
        # Each "](" once read up to 2 KiB ahead for its link's end: 6 s
        # for a megabyte of them, before a square bracket ended the search.
        ("1 MB of Markdown links that never close",
         [{"text": ("[](" * 350000)[:1 << 20]},
          {"text": ("[x](" * 270000)[:1 << 20]},
          {"text": ("**Rain](" * 140000)[:1 << 20]},
          {"text": story}]),
        # A title, a reference's label and a footnote's mark read ahead
        # too, each only as far as its own bound.
        ("1 MB of Markdown titles, labels and footnotes that never close",
         [{"text": ('[x](/a "' * 140000)[:1 << 20]},
          {"text": ("[x](/a (" * 140000)[:1 << 20]},
          {"text": ("[x](/a " + " " * 600) * 1700},
          {"text": ("[x][" * 270000)[:1 << 20]},
          {"text": ("[^" * 530000)[:1 << 20]},
          {"text": story}]),
        # A run of marks was measured again from each of its bytes: a
        # megabyte of "*" ran for minutes.
        ("1 MB runs of emphasis marks",
         [{"text": "*" * (1 << 20)},
          {"text": "The minister said " + "_" * (1 << 19) + " today."},
          {"text": ("*a " * 350000)[:1 << 20]},
          {"text": story}]),
    ]
    peak = 0
    for name, docs in cases:
        st, secs, _ = exchange(sock, post(b"/v1/summarize", {
            "documents": docs, "length": {"words": 100}}), 60)
        peak = max(peak, rss(p.pid))
        ok(st in (200, 422) and secs < 30,
           "%s: %s in %.2f s" % (name, st, secs))
    ok(p.poll() is None and healthy(sock), "healthy after them")
    ok(peak < 1024 * 1024, "RSS peak %d MiB, under the 1 GiB engine cap"
       % (peak // 1024))
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


def reply(sock, data):
    """Send data; (status, parsed JSON body or {})."""
    st, _, _, obj = exchange(sock, data, whole=True)
    return st, obj


# The kinds of sequence Markus Kuhn's UTF-8 decoder stress test lays out
# (its file is not copied here: these lines are written for this test).
# Each of these is valid and must be read as text.
UTF8_GOOD = [
    "Greek: \u03ba\u1f79\u03c3\u03bc\u03b5, Cyrillic: \u041c\u043e\u0441"
    "\u043a\u0432\u0430, CJK: \u6771\u4eac, emoji: \U0001f30a.",
    "The first of each length: \u0080 \u0800 \U00010000.",
    "The last of each length: \u007f \u07ff \uffff \U0010ffff.",
    "Around the surrogates: \ud7ff \ue000 \ufffd \ufffe.",
]
# Each of these is not UTF-8: the whole request is refused, 400
# invalid_utf8, naming the document (API.md: no line is dropped in
# silence).
UTF8_BAD = {
    "a lone continuation byte 80": b"\x80",
    "a lone continuation byte bf": b"\xbf",
    "two continuation bytes": b"\x80\xbf",
    "a lead byte c0 before a space": b"\xc0 ",
    "a lead byte e0 before a space": b"\xe0 ",
    "a lead byte f0 before a space": b"\xf0 ",
    "a 3-byte form missing its last byte": b"\xe2\x82",
    "a 4-byte form missing its last byte": b"\xf0\x9f\x8c",
    "fe": b"\xfe",
    "ff": b"\xff",
    "overlong '/' in 2 bytes (c0 af)": b"\xc0\xaf",
    "overlong '/' in 3 bytes (e0 80 af)": b"\xe0\x80\xaf",
    "overlong '/' in 4 bytes": b"\xf0\x80\x80\xaf",
    "overlong '/' in 5 bytes": b"\xf8\x80\x80\x80\xaf",
    "overlong '/' in 6 bytes": b"\xfc\x80\x80\x80\x80\xaf",
    "the largest overlong 2-byte form (c1 bf)": b"\xc1\xbf",
    "the largest overlong 3-byte form": b"\xe0\x9f\xbf",
    "the largest overlong 4-byte form": b"\xf0\x8f\xbf\xbf",
    "a high surrogate (ed a0 80)": b"\xed\xa0\x80",
    "a low surrogate (ed bf bf)": b"\xed\xbf\xbf",
    "a surrogate pair in UTF-8": b"\xed\xa0\x80\xed\xb0\x80",
    "past U+10FFFF (f4 90 80 80)": b"\xf4\x90\x80\x80",
    "a 5-byte form": b"\xf8\x88\x80\x80\x80",
    "a 6-byte form": b"\xfc\x84\x80\x80\x80\x80",
}


def test_utf8_stress(tmp):
    """RELIABILITY.md 13: a decoder stress test wrapped as a document."""
    p, sock = start(tmp, "")
    good = "\n".join(UTF8_GOOD + ARTICLES[:1])
    st, _ = reply(sock, post(b"/v1/summarize", {"documents": [
        {"text": ARTICLES[1]}, {"text": good}]}))
    ok(st == 200, "every valid form, first and last of each length: 200 "
       "(%s)" % st)
    wrong = []
    for name, seq in UTF8_BAD.items():
        text = (b"The harbor closed on Monday. A line with " + seq +
                b" in it. The storm passed by noon.")
        body = (b'{"documents":[{"text":' +
                json.dumps(ARTICLES[1]).encode() + b'},{"text":"' + text +
                b'"}]}')
        st, obj = reply(sock, b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(body) + body)
        err = obj.get("error", {})
        where = body.index(seq)
        if not (st == 400 and err.get("code") == "invalid_utf8" and
                err.get("field") == "documents[1].text" and
                "at byte %d of the body" % where in err.get("message", "")):
            wrong.append("%s: %s %s" % (name, st, err))
    ok(not wrong, "%d malformed sequences: each 400 invalid_utf8 naming "
       "documents[1].text and its byte%s" % (len(UTF8_BAD),
                                              "".join("; " + w
                                                      for w in wrong)))
    ok(p.poll() is None and healthy(sock), "healthy after them")
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


run([test_long_job, test_zzuf, test_slowloris, test_trickle,
     test_idle_reload, test_slow_reader,
     test_pathological, test_utf8_stress],
    "summd-hostile-")
