#!/usr/bin/env python3
"""Malformed HTTP (RELIABILITY.md C8): handcrafted requests as raw bytes on
summd's socket, each with the answer a careful server gives, and the daemon
healthy after every one. Prints TAP."""

import json
import os
import re
import random
import socket
import subprocess
import sys
import tempfile
import time

from tap import done, ok

SUMMD = sys.argv[1]
J = json.dumps({"documents": [{"text": "The harbor closed on Monday after "
                                        "the storm hit the coast."}]}).encode()
TE = b"Transfer-Encoding: chunked\r\n"
CT = b"Content-Type: application/json\r\n"


def chunked(body):
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


# name: (request bytes, allowed first statuses; None = no answer, closed by
# the idle timeout)
CASES = {
    "garbage request line": (b"HELLO\r\n\r\n", {400}),
    "HTTP/9.9": (b"GET /v1/health HTTP/9.9\r\n\r\n", {400, 505}),
    "no version": (b"GET /v1/health\r\n\r\n", {400}),
    "bare LF line ends (tolerated)":
        (b"GET /v1/health HTTP/1.1\nHost: x\n\n", {200}),
    "NUL in a header value (the value ends there)":
        (b"GET /v1/health HTTP/1.1\r\nX-A: a\x00b\r\n\r\n", {200}),
    "control byte in a header value":
        (b"GET /v1/health HTTP/1.1\r\nX-A: a\x01b\r\n\r\n", {400}),
    "10,000 headers": (b"GET /v1/health HTTP/1.1\r\n" +
                       b"".join(b"X-%d: y\r\n" % i for i in range(10000)) +
                       b"\r\n", {400, 431}),
    "a header over 8 KiB":
        (b"GET /v1/health HTTP/1.1\r\nX-L: " + b"a" * 9000 + b"\r\n\r\n",
         {400, 431}),
    "two Content-Lengths":
        (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
         b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", {400}),
    "two Content-Lengths, the first right":
        (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
         b"Content-Length: %d\r\nContent-Length: 5\r\n\r\n" % len(J) + J,
         {400}),
    "two Content-Types, the second another charset":
        (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
         b"Content-Type: application/json; charset=latin1\r\n"
         b"Content-Length: %d\r\n\r\n" % len(J) + J, {400}),
    "negative Content-Length":
        (b"POST /v1/summarize HTTP/1.1\r\nContent-Length: -1\r\n\r\n", {400}),
    "Content-Length 2^64":
        (b"POST /v1/summarize HTTP/1.1\r\n"
         b"Content-Length: 18446744073709551616\r\n\r\n", {400, 413}),
    "Content-Length not a number":
        (b"POST /v1/summarize HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
         {400}),
    "chunked, good": (b"POST /v1/summarize HTTP/1.1\r\n" + CT + TE + b"\r\n" +
                      chunked(J), {200}),
    "chunked, bad size": (b"POST /v1/summarize HTTP/1.1\r\n" + TE +
                          b"\r\nzz\r\nabc\r\n0\r\n\r\n", {400, 413}),
    "chunked, oversized chunk": (b"POST /v1/summarize HTTP/1.1\r\n" + TE +
                                 b"\r\nffffffffffff\r\nabc", {400, 413}),
    "chunked, no terminator": (b"POST /v1/summarize HTTP/1.1\r\n" + TE +
                               b"\r\n3\r\nabc\r\n", None),
    "Content-Length and Transfer-Encoding":
        (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
         b"Content-Length: 3\r\n" + TE + b"\r\n" + chunked(J), {400}),
    "PUT on our route": (b"PUT /v1/summarize HTTP/1.1\r\n"
                         b"Content-Length: 0\r\n\r\n", {405}),
    "DELETE on our route": (b"DELETE /v1/health HTTP/1.1\r\n\r\n", {405}),
    "TRACE": (b"TRACE / HTTP/1.1\r\n\r\n", {501}),
    "CONNECT": (b"CONNECT example:80 HTTP/1.1\r\n\r\n", {501}),
    "an unknown path": (b"GET /v2/nope HTTP/1.1\r\n\r\n", {404}),
    "a path with ..": (b"GET /v1/../v1/health HTTP/1.1\r\n\r\n", {404}),
    "an absolute URI": (b"GET http://localhost/v1/health HTTP/1.1\r\n"
                        b"Host: localhost\r\n\r\n", {200}),
    "a query string": (b"GET /v1/health?x=1 HTTP/1.1\r\n\r\n", {200}),
    "a query string on the metrics": (b"GET /metrics?x HTTP/1.1\r\n\r\n",
                                      {200}),
    # Options are in the body: one put in the URL would be ignored.
    "an option as a query string":
        (b"POST /v1/summarize?length=3 HTTP/1.1\r\n" + CT +
         b"Content-Length: %d\r\n\r\n" % len(J) + J, {400}),
    "a listing's query string": (b"GET /v1/clusters?limit=10 HTTP/1.1"
                                 b"\r\n\r\n", {400}),
    "Expect: 100-continue":
        (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
         b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(J) + J,
         {100, 200}),
    "HTTP/1.0": (b"GET /v1/health HTTP/1.0\r\n\r\n", {200}),
    "HEAD": (b"HEAD /v1/health HTTP/1.1\r\n\r\n", {200}),
    "pipelined, garbage between":
        (b"GET /v1/health HTTP/1.1\r\n\r\nGARBAGE\r\n\r\n"
         b"GET /v1/health HTTP/1.1\r\n\r\n", {200}),
    "nothing at all": (b"", None),
}


def send(sock, data, wait):
    """Send data; return (first status or None, seconds, closed?)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(wait)
    s.connect(sock)
    t0 = time.time()
    try:
        s.sendall(data)
    except OSError:
        pass
    got = b""
    closed = False
    try:
        while b"\r\n" not in got:
            c = s.recv(65536)
            if not c:
                closed = True
                break
            got += c
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    if got == b"" and not closed:
        # No answer: the connection must still be closed by the idle
        # timeout (1 s here) rather than hang.
        try:
            closed = s.recv(1) == b""
        except socket.timeout:
            closed = False
        except ConnectionResetError:
            closed = True
    took = time.time() - t0
    s.close()
    parts = got.split(b" ", 2)
    st = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return st, took, closed


def healthy(sock):
    st, _, _ = send(sock, b"GET /v1/health HTTP/1.1\r\n"
                          b"Connection: close\r\n\r\n", 2)
    return st == 200


def read_all(sock, data, pieces=()):
    """Send data on one connection, first the pieces of these sizes a
    moment apart; every byte until the server closes."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(3)
    s.connect(sock)
    for n in pieces:
        s.sendall(data[:n])
        data = data[n:]
        time.sleep(0.05)
    s.sendall(data)
    got = b""
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            got += c
    except socket.timeout:
        pass
    s.close()
    return got


def head_and_phrases(sock):
    """HEAD answers headers only, with the length a GET would carry, so a
    request after it on the same connection is read right; 422 has its
    reason phrase."""
    got = read_all(sock, b"HEAD /v1/health HTTP/1.1\r\n\r\n"
                         b"GET /v1/health HTTP/1.1\r\n"
                         b"Connection: close\r\n\r\n")
    head, _, rest = got.partition(b"\r\n\r\n")
    lengths = [l.split(b":")[1].strip() for l in head.split(b"\r\n")
               if l.lower().startswith(b"content-length:")]
    second, _, body = rest.partition(b"\r\n\r\n")
    ok(rest.startswith(b"HTTP/1.1 200"),
       "after a HEAD the next answer starts at once (%r)" % rest[:20])
    ok(lengths == [str(len(body)).encode()],
       "HEAD gives the GET's Content-Length (%s, GET body %d)"
       % (lengths, len(body)))
    got = read_all(sock, b"POST /v1/summarize HTTP/1.1\r\n" + CT +
                   b"Content-Length: 16\r\nConnection: close\r\n\r\n"
                   b'{"documents":[]}')
    ok(got.startswith(b"HTTP/1.1 422 Unprocessable Content\r\n"),
       "422 says Unprocessable Content (%r)" % got[:40])


def smuggling(sock):
    """A body evhttp would read as empty (any Transfer-Encoding but
    chunked alone) is refused, the connection closed at once: the request
    hidden in it is never run. libevent refuses some of them itself
    (400 bad_request); those summd sees get 400 bad_header naming the
    field."""
    hidden = b"GET /v1/health HTTP/1.1\r\n\r\n"
    for codings in ([b"identity"], [b"gzip, chunked"], [b"chunked, identity"],
                    [b"xchunked"], [b"chunked", b"identity"]):
        te = b"".join(b"Transfer-Encoding: %s\r\n" % c for c in codings)
        t0 = time.time()
        got = read_all(sock, b"POST /v1/summarize HTTP/1.1\r\n" + CT + te +
                       b"\r\n" + hidden)
        took = time.time() - t0
        _, _, body = got.partition(b"\r\n\r\n")
        try:
            err = json.loads(body)["error"]
            named = (err.get("code") == "bad_header" and
                     err.get("field", "").lower() == "transfer-encoding"
                     or err.get("code") in ("bad_request",
                                            "body_too_large"))
        except (ValueError, KeyError, AttributeError):
            named = False
        ok((got.startswith(b"HTTP/1.1 400 ") or
            got.startswith(b"HTTP/1.1 413 ")) and
           got.count(b"HTTP/1.1 ") == 1 and named and took < 0.8,
           "Transfer-Encoding %s: refused (%r), closed in %.2f s, the "
           "hidden request not run (%d answers)"
           % (b" + ".join(codings).decode(), got[9:12], took,
              got.count(b"HTTP/1.1 ")))


def responses(data):
    """The (status, body) of each answer in data, read by Content-Length."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        n = [int(l.split(b":")[1]) for l in head.split(b"\r\n")
             if l.lower().startswith(b"content-length:")]
        n = n[0] if n else 0
        out.append((int(head.split(b" ", 2)[1]), rest[:n]))
        data = rest[n:]
    return out


def article(seed, nbytes):
    """A made-up report of about nbytes, its words drawn from seed."""
    rng = random.Random(seed)
    places = ["harbor", "bridge", "airport", "school", "market", "station"]
    acts = ["closed", "reopened", "flooded", "was inspected", "lost power"]
    days = ["Monday", "Tuesday", "Friday", "Sunday"]
    out = []
    while sum(len(x) for x in out) < nbytes:
        out.append("The %s in district %d %s on %s after the storm, "
                   "officials said. " % (rng.choice(places),
                                         rng.randint(1, 99),
                                         rng.choice(acts), rng.choice(days)))
    return "".join(out)


def big_reads(sock):
    """Bodies larger than one socket read (libevent takes 4 KiB a read;
    summd reads the rest of a full one at once, up to 256 KiB held) give
    the answers they give alone: pipelined on one connection behind each
    other in one write, and trickled in pieces that straddle 4 KiB."""
    reqs, closing, alone = [], [], []
    for seed, size, docs in ((1, 90000, 3), (2, 700000, 4), (3, 3000, 2)):
        body = json.dumps({"documents": [
            {"id": "d%d" % i, "text": article(seed * 10 + i, size // docs)}
            for i in range(docs)], "length": {"words": 60}}).encode()
        head = b"POST /v1/summarize HTTP/1.1\r\n" + CT + \
            b"Content-Length: %d\r\n" % len(body)
        reqs.append(head + b"\r\n" + body)
        closing.append(head + b"Connection: close\r\n\r\n" + body)
        got = responses(read_all(sock, closing[-1]))
        alone.append(json.loads(got[0][1])["summary"] if got and
                     got[0][0] == 200 else None)
    ok(all(a for a in alone), "three bodies of 3 KiB - 700 KiB summarized "
       "alone (%s)" % [len(r) for r in reqs])
    got = responses(read_all(sock, b"".join(reqs) +
                             b"GET /v1/health HTTP/1.1\r\n"
                             b"Connection: close\r\n\r\n"))
    ok([st for st, _ in got] == [200, 200, 200, 200] and
       [json.loads(b)["summary"] for _, b in got[:3]] == alone,
       "pipelined in one write: the same three answers, in order, then "
       "health (%s)" % [st for st, _ in got])
    got = responses(read_all(sock, closing[0], (4095, 1, 4097, 70000, 8192)))
    ok(len(got) == 1 and got[0][0] == 200 and
       json.loads(got[0][1])["summary"] == alone[0],
       "trickled in pieces of 4095, 1, 4097, 70000, 8192 bytes: the same "
       "answer")


def parser_counts(sock):
    """summd_requests_total{route="other"} by status, from /metrics."""
    got = read_all(sock, b"GET /metrics HTTP/1.1\r\nConnection: close"
                         b"\r\n\r\n")
    counts = {}
    for line in got.decode(errors="replace").split("\n"):
        m = re.match(r'summd_requests_total\{route="other",status="(\d+)"\} '
                     r'(\d+)$', line)
        if m:
            counts[int(m.group(1))] = int(m.group(2))
    return counts


def parser_answers(sock):
    """What libevent's parser answers by itself (summd never sees the
    request) is the API's JSON error, not libevent's HTML page, and is
    counted in /metrics and logged, as summd's own answers are; a 100
    Continue is not an answer."""
    before = parser_counts(sock)
    for data, code in ((b"HELLO\r\n\r\n", "bad_request"),
                       (b"TRACE / HTTP/1.1\r\n\r\n",
                        "method_not_implemented"),
                       (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
                        b"Content-Length: %d\r\n\r\n" % (2 << 20),
                        "body_too_large"),
                       (b"GET /v1/health HTTP/1.1\r\nX-Big: " +
                        b"a" * 20000 + b"\r\n\r\n", "bad_request"),
                       (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
                        b"Expect: later\r\nContent-Length: 2\r\n\r\n{}",
                        "expectation_failed")):
        got = read_all(sock, data)
        head = got.partition(b"\r\n\r\n")[0].lower()
        try:
            err = json.loads(responses(got)[0][1])["error"]
        except (ValueError, KeyError, IndexError):
            err = {}
        ok(b"content-type: application/json" in head and
           err.get("code") == code and "field" in err and
           len(err.get("message", "")) > 20 and
           b"connection: close" in head,
           "%s...: the parser's refusal is the API's JSON error %s, "
           "the connection closed (%r)" % (data[:12], code, got[:300]))
    head = (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
            b"Expect: 100-continue\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n" % len(J))
    cont = read_all(sock, head + J, pieces=(len(head),))
    after = parser_counts(sock)
    grew = {k: after[k] - before.get(k, 0) for k in after
            if after[k] != before.get(k, 0)}
    ok(grew == {400: 2, 501: 1, 413: 1, 417: 1} and
       cont.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 "),
       "a garbage line, TRACE, a body over max_body, headers over "
       "max_headers and an unknown Expect: counted as route=\"other\" 400 "
       "(twice), 501, 413 and 417, a 100 Continue not "
       "(%s)" % grew)

    # After something was written on the connection (an answer, a 100
    # Continue) the bufferevent keeps its output's start frozen: the
    # refusal was neither read nor counted, and went as the HTML page.
    health = b"GET /v1/health HTTP/1.1\r\n\r\n"
    before = parser_counts(sock)
    for data, n, status, code in (
            (health + b"HELLO\r\n\r\n", 2, 400, "bad_request"),
            (health + health + b"TRACE / HTTP/1.1\r\n\r\n", 3, 501,
             "method_not_implemented"),
            (health + b"POST /v1/summarize HTTP/1.1\r\n" + CT +
             b"Content-Length: %d\r\n\r\n" % (2 << 20), 2, 413,
             "body_too_large")):
        got = responses(read_all(sock, data))
        try:
            err = json.loads(got[-1][1])["error"]
        except (ValueError, KeyError, IndexError):
            err = {}
        ok(len(got) == n and
           all(st == 200 for st, _ in got[:-1]) and
           got[-1][0] == status and err.get("code") == code,
           "kept alive, an answer before it: the parser's %d is the "
           "JSON error %s, the answers before it whole (%r)"
           % (status, code, got))
    head = (b"POST /v1/summarize HTTP/1.1\r\n" + CT +
            b"Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
    # A chunk's size over max_body is refused as it is read.
    got = read_all(sock, head + b"%x\r\n" % (2 << 20) + b"a" * 100,
                   pieces=(len(head),))
    cont, _, rest = got.partition(b"HTTP/1.1 100 Continue\r\n\r\n")
    ans = responses(rest)
    ok(cont == b"" and len(ans) == 1 and ans[0][0] == 413 and
       b'"body_too_large"' in ans[0][1] and b"<HTML>" not in got,
       "a 100 Continue, then a chunked body over max_body: 413 "
       "body_too_large in JSON (%r)" % got[:400])
    got = read_all(sock, b"HEAD /v1/health HTTP/1.1\r\nX-Big: " +
                   b"a" * 20000 + b"\r\n\r\n")
    hd, _, body = got.partition(b"\r\n\r\n")
    ok(hd.startswith(b"HTTP/1.1 400 ") and body == b"" and
       b"content-type: application/json" in hd.lower() and
       b"connection: close" in hd.lower(),
       "HEAD with headers over max_headers: a 400 with the JSON error's "
       "headers and no body (before: libevent's HTML page after it, "
       "though a HEAD's answer has none) (%r)" % got[:300])
    after = parser_counts(sock)
    grew = {k: after[k] - before.get(k, 0) for k in after
            if after[k] != before.get(k, 0)}
    ok(grew == {400: 2, 501: 1, 413: 2},
       "and each counted as route=\"other\" (%s)" % grew)


def main():
    with tempfile.TemporaryDirectory(prefix="summd-http-") as tmp:
        sock = os.path.join(tmp, "s.sock")
        conf = os.path.join(tmp, "c.conf")
        with open(conf, "w") as f:
            f.write("idle_timeout = 1\nmax_body = 1M\n")
        err = open(os.path.join(tmp, "err"), "w")
        p = subprocess.Popen([SUMMD, "-s", sock, "-c", conf, "--state-dir",
                              os.path.join(tmp, "state")], stderr=err,
                             stdout=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(sock):
                break
            time.sleep(0.02)
        try:
            for name, (data, want) in CASES.items():
                st, took, closed = send(sock, data, 2 if want else 1)
                if want is None:
                    ok(st is None and closed and took <= 3,
                       "%s: no answer, closed by the idle timeout (%.1f s)"
                       % (name, took))
                else:
                    ok(st in want and took <= 2,
                       "%s: %s in %.2f s (want %s)"
                       % (name, st, took, sorted(want)))
                ok(healthy(sock), "healthy after: %s" % name)
            head_and_phrases(sock)
            smuggling(sock)
            parser_answers(sock)
            big_reads(sock)
        finally:
            p.terminate()
            rc = p.wait(15)
            err.close()
        ok(rc == 0, "summd exits 0")
        with open(os.path.join(tmp, "err")) as f:
            text = f.read()
        ok("Sanitizer" not in text and "runtime error" not in text,
           "no sanitizer report")
        ok("501 from the HTTP parser" in text,
           "the parser's answers are logged")
    done()


main()
