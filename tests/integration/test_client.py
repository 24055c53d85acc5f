#!/usr/bin/env python3
"""Integration tests of the summ client against a real summd (and, for the
answers a healthy summd never gives, a fake one). Prints TAP."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from tap import done, ok
from unixhttp import full_backlog

SUMMD, SUMM, EXAMPLES = sys.argv[1], sys.argv[2], sys.argv[3]
FILES = sorted(os.path.join(EXAMPLES, f) for f in os.listdir(EXAMPLES))


def summ(*args, sock=None, stdin=None, env=None, pre=None):
    cmd = [SUMM] + (["-S", sock] if sock else []) + list(args)
    e = dict(os.environ)
    e.pop("SUMMD_SOCKET", None)
    if env:
        e.update(env)
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=60,
                          env=e, preexec_fn=pre)


def listening(path, backlog):
    """A socket at path that listens and does nothing more: a daemon
    stand-in whose connections the test handles itself."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(backlog)
    return srv


def flat(text):
    return " ".join(text.split())


def corpus():
    return [flat(open(f, encoding="utf-8").read()) for f in FILES]


def start_summd(tmp, conf=""):
    sock = os.path.join(tmp, "summd.sock")
    path = os.path.join(tmp, "summd.conf")
    with open(path, "w") as f:
        f.write(conf)
    p = subprocess.Popen([SUMMD, "-s", sock, "-c", path, "--state-dir",
                          os.path.join(tmp, "state")],
                         stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(tmp, "summd.err"), "w"))
    for _ in range(200):
        r = subprocess.run([SUMM, "-S", sock, "health"], capture_output=True)
        if r.returncode == 0:
            break
        time.sleep(0.05)
    return p, sock


def fake_daemon(path, status, body):
    """A socket that answers every request with one fixed reply."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(8)

    def serve():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            c.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                want = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        want = int(line.split(b":")[1])
                while len(rest) < want:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
                c.sendall(b"HTTP/1.1 %d X\r\nContent-Type: application/json"
                          b"\r\nRetry-After: 1\r\nContent-Length: %d\r\n"
                          b"Connection: close\r\n\r\n" % (status, len(body))
                          + body)
            except OSError:
                pass
            c.close()

    threading.Thread(target=serve, daemon=True).start()
    return srv


def test_output(sock):
    texts = corpus()
    r = summ("-n", "3", *FILES, sock=sock)
    lines = r.stdout.decode().splitlines()
    ok(r.returncode == 0 and len(lines) == 3,
       "three sentences, one per line (%d)" % r.returncode)
    ok(all(any(l in t for t in texts) for l in lines),
       "each line is a sentence of the articles")
    r = summ("--json", "-n", "2", *FILES, sock=sock)
    ans = json.loads(r.stdout) if r.returncode == 0 else {}
    ok(len(ans.get("sentences", [])) == 2 and "summary" in ans,
       "--json prints the daemon's answer")
    r = summ("-v", "-n", "2", *FILES, sock=sock)
    rows = [l.split("\t") for l in r.stdout.decode().splitlines()]
    ok(len(rows) == 2 and all(len(x) == 3 and x[0].rsplit(":", 1)[0] in FILES
                              for x in rows),
       "-v names the file and offset, then the score")
    if len(rows) == 2:
        name, off = rows[0][0].rsplit(":", 1)
        raw = open(name, "rb").read()[int(off):]
        ok(flat(raw.decode(errors="replace")).startswith(rows[0][2]),
           "and the offset points at the sentence")
    with open(FILES[1], "rb") as f:
        r = summ("-n", "2", "-", sock=sock, stdin=f.read())
    lines = r.stdout.decode().splitlines()
    ok(r.returncode == 0 and len(lines) == 2 and
       all(l in texts[1] for l in lines), "- reads an article from stdin")
    r = summ("-w", "40", *FILES, sock=sock)
    words = len(r.stdout.decode().split())
    ok(r.returncode == 0 and 0 < words <= 40, "-w 40 (%d words)" % words)
    r = summ("health", sock=sock)
    ok(r.returncode == 0 and b"ok" in r.stdout, "summ health")
    r = summ("health", env={"SUMMD_SOCKET": sock})
    ok(r.returncode == 0, "$SUMMD_SOCKET names the socket")
    # An empty $XDG_RUNTIME_DIR is none: the default socket, not the root's.
    r = summ("health", env={"XDG_RUNTIME_DIR": ""})
    ok(r.returncode == 0 or b"/run/summd/summd.sock" in r.stderr,
       "empty $XDG_RUNTIME_DIR: the default socket (%s)"
       % r.stderr.decode().strip()[:70])


def html(text):
    """text as a web page: paragraphs in <p>, every fourth word in <em>,
    quotes and apostrophes as entities."""
    paras = []
    for para in text.split("\n\n"):
        words = para.split()
        for i in range(1, len(words), 4):
            words[i] = "<em>%s</em>" % words[i]
        para = " ".join(words).replace('"', "&quot;").replace("'", "&#39;")
        paras.append("<p>%s</p>" % para)
    return "<html><body>\n%s\n</body></html>\n" % "\n".join(paras)


def test_markup(sock, tmp):
    """A web page's sentences print as a reader reads them: no tags, no
    entities; --json keeps the bytes in text and the same in shown."""
    texts = corpus()
    pages = []
    for i, f in enumerate(FILES):
        pages.append(os.path.join(tmp, "page%d.html" % i))
        with open(pages[-1], "w", encoding="utf-8") as out:
            out.write(html(open(f, encoding="utf-8").read()))
    r = summ("-n", "4", *pages, sock=sock)
    lines = r.stdout.decode().splitlines()
    ok(r.returncode == 0 and len(lines) == 4,
       "four sentences of the pages (%d, %d)" % (r.returncode, len(lines)))
    ok(lines and not any("<" in l or "&" in l for l in lines),
       "no tag or entity printed: %r" % [l for l in lines if "<" in l or
                                         "&" in l][:1])
    ok(lines and all(any(l in t for t in texts) for l in lines),
       "each line reads as the plain article's sentence")
    r = summ("--json", "-n", "4", *pages, sock=sock)
    ans = json.loads(r.stdout) if r.returncode == 0 else {}
    sents = ans.get("sentences", [])
    ok(len(sents) == 4 and any("<em>" in s["text"] for s in sents) and
       [s.get("shown") for s in sents] == lines,
       "--json: text has the tags, shown is what summ prints")


def test_golden(sock):
    """Summaries read and approved by hand (tests/data/): the same input
    must keep giving them, byte for byte."""
    data = os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "data")
    cases = [("example-5-sentences.txt", ["-n", "5"]),
             ("example-60-words-by-score.txt", ["-w", "60", "-o", "score"])]
    same = 0
    for name, args in cases:
        want = open(os.path.join(data, name), "rb").read()
        r = summ(*args, *FILES, sock=sock)
        same += r.returncode == 0 and r.stdout == want
    ok(same == len(cases), "golden summaries: %d/%d byte-identical"
       % (same, len(cases)))


def test_input(sock, tmp):
    """Titles and dates travel with --input; dates decide the order."""
    a = {"id": "early", "title": "Ferries return to Lindholm",
         "text": "Ferries returned to the harbor on Friday after "
                 "repairs were finished early."}
    b = {"id": "late", "title": "Lindholm mayor thanks engineers",
         "text": "The mayor thanked the engineers who rebuilt the "
                 "landing stages in record time."}

    def run(first_date, second_date, name):
        docs = [dict(a, date=first_date), dict(b, date=second_date)]
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            for d in docs:  # one document per line
                f.write(json.dumps(d) + "\n")
        r = summ("-v", "-n", "2", "--input", path, sock=sock)
        return r, [l.split("\t")[0].split(":")[0]
                   for l in r.stdout.decode().splitlines()]

    r, order1 = run("2025-03-01", "2025-03-02", "in1.jsonl")
    ok(r.returncode == 0 and order1 == ["early", "late"],
       "--input: dated in order, shown in order (%s)" % order1)
    r, order2 = run("2025-03-05", "2025-03-02", "in2.jsonl")
    ok(order2 == ["late", "early"],
       "later date on the first: the order turns (%s)" % order2)
    path = os.path.join(tmp, "arr.json")
    with open(path, "w") as f:
        json.dump([a, b], f)
    r = summ("-n", "1", "--input", path, sock=sock)
    ok(r.returncode == 0 and len(r.stdout.splitlines()) == 1,
       "--input takes a JSON array too")
    path = os.path.join(tmp, "body.json")
    with open(path, "w") as f:
        json.dump({"documents": [a, b], "length": {"sentences": 1}}, f)
    r = summ("-n", "2", "--input", path, sock=sock)
    ok(r.returncode == 0 and len(r.stdout.splitlines()) == 2 and
       b'"length" is not read' in r.stderr,
       "--input takes a request body's documents, and says what it left "
       "(%d, %s)" % (r.returncode, r.stderr.decode().strip()[:80]))
    # \u0000 would end the text where cJSON reads it, as a NUL: summd
    # refuses it, and the client must not send what is left of it.
    path = os.path.join(tmp, "nul.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps(dict(a, text=a["text"] + "\0" + b["text"])) +
                "\n")
    r = summ("-n", "2", "--input", path, sock=sock)
    ok(r.returncode == 65 and b"nul.jsonl" in r.stderr and
       b"\\u0000" in r.stderr,
       "--input with \\u0000 in a text: 65, not cut there (%d, %s)"
       % (r.returncode, r.stderr.decode().strip()[:80]))
    # Bytes not in UTF-8 are named by their place in the file, as a
    # file's are, and found before add stores the documents before them.
    path = os.path.join(tmp, "latin1.jsonl")
    raw = (json.dumps(a) + "\n" + json.dumps(b) + "\n").encode()
    at = raw.index(b"engineers")
    with open(path, "wb") as f:
        f.write(raw[:at] + b"\xe9" + raw[at:])
    r = summ("--input", path, "add", "latin1", sock=sock)
    stored = summ("list", "latin1", sock=sock)
    ok(r.returncode == 65 and
       b"latin1.jsonl: invalid UTF-8 at byte %d" % at in r.stderr and
       stored.returncode == 66,
       "--input not in UTF-8: 65, the file's byte named, nothing stored "
       "(%d, %s; list %d)" % (r.returncode, r.stderr.decode(
           errors="replace").strip()[-60:], stored.returncode))
    # A large file is read in linear time: naming its documents counted
    # each from the file's start (100,000 documents: 23 s before, 0.5 s).
    # No bound on the time is asserted, which a loaded machine would
    # break: 300,000 read that way would take minutes, past summ()'s
    # limit of 60 s, and read once they take a second or two.
    path = os.path.join(tmp, "many.jsonl")
    with open(path, "w") as f:
        for i in range(300000):
            f.write('{"id": "d%d", "text": "Document %d."}\n' % (i, i))
    t0 = time.monotonic()
    r = summ("--input", path, sock=sock)
    took = time.monotonic() - t0
    ok(r.returncode == 65 and b"300000 documents" in r.stderr,
       "--input of 300,000 documents: refused for max_documents (%.1f s)"
       % took)
    # An array with a line appended: the line is not dropped unsaid.
    for name, first in (("more.json", [a]),
                        ("more-body.json", {"documents": [a]})):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(json.dumps(first) + "\n" + json.dumps(b) + "\n")
        r = summ("-n", "2", "--input", path, sock=sock)
        ok(r.returncode == 65 and b"data after the JSON" in r.stderr and
           name.encode() in r.stderr,
           "--input %s with a document after it: 65, not dropped (%d, %s)"
           % (type(first).__name__, r.returncode,
              r.stderr.decode().strip()[:80]))


def test_names(sock, tmp):
    """A file's path names it in the answer; a path summd would not take
    as an id (not UTF-8, over 256 bytes) must not fail the summary."""
    deep = os.path.join(tmp, *["d" * 60] * 4)
    os.makedirs(deep)
    long_path = os.path.join(deep, "wire.txt")
    latin1 = os.path.join(tmp.encode(), b"caf\xe9.txt")
    shutil.copy(FILES[0], long_path)
    shutil.copy(FILES[1], latin1)
    r = summ("--json", "-n", "10", long_path, latin1, sock=sock)
    ans = json.loads(r.stdout) if r.returncode == 0 else {}
    ids = [d["id"] for d in ans.get("documents", [])]
    ok(r.returncode == 0 and len(ids) == 2,
       "a path over 256 bytes, and one not UTF-8: summarized (%d %s)"
       % (r.returncode, r.stderr.decode(errors="replace").strip()[-80:]))
    ok(len(ids) == 2 and ids[0].endswith("/wire.txt") and
       len(ids[0].encode()) <= 256 and ids[1] == tmp + "/caf?.txt",
       "named by the path's end, and with '?' for what is not UTF-8 (%s)"
       % [i[-20:] for i in ids])


def test_exit_codes(sock, tmp):
    r = summ("-n", "x", *FILES, sock=sock)
    ok(r.returncode == 64, "a bad length is a usage error: 64")
    r = summ(sock=sock)
    ok(r.returncode == 64, "no files: 64")
    r = summ("-n", "3", "--ratio", "0.1", *FILES, sock=sock)
    ok(r.returncode == 64 and b"give one length" in r.stderr,
       "two lengths: 64, not the last one silently (%s)"
       % r.stderr.decode().strip())
    r = summ("--since", "3", *FILES, sock=sock)
    ok(r.returncode == 64 and b"--since" in r.stderr,
       "--since without summary: 64, not ignored")
    for path, why in (("", b"empty"), ("/tmp/" + "s" * 120, b"too long")):
        r = summ("-S", path, "health")
        ok(r.returncode == 64 and why in r.stderr,
           "socket path %s: 64 (%s)" % (why.decode(),
                                        r.stderr.decode().strip()[:60]))
    r = summ(os.path.join(tmp, "missing.txt"), sock=sock)
    ok(r.returncode == 66 and b"missing.txt" in r.stderr,
       "a missing file: 66, named (%s)" % r.stderr.decode().strip())
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"A fine start. Then a bad \xc0\xaf byte.")
    r = summ(FILES[0], bad, sock=sock)
    ok(r.returncode == 65 and b"bad.txt: invalid UTF-8 at byte 25"
       in r.stderr, "invalid UTF-8: 65, naming file and byte (%s)"
       % r.stderr.decode().strip())
    r = summ("-w", "2", *FILES, sock=sock)
    ok(r.returncode == 65 and b"length" in r.stderr,
       "a request summd refuses: 65 with its reason")
    with open("/dev/full", "wb") as full:
        r = subprocess.run([SUMM, "-S", sock, "-n", "2"] + FILES,
                           stdout=full, stderr=subprocess.PIPE, timeout=60)
    ok(r.returncode == 74 and b"standard output" in r.stderr,
       "a summary that cannot be written (a full disk): 74, not 0 (%d)"
       % r.returncode)
    with open("/dev/full", "wb") as full:
        r = subprocess.run([SUMM, "--help"], stdout=full,
                           stderr=subprocess.PIPE, timeout=60)
    ok(r.returncode == 74 and b"standard output" in r.stderr,
       "--help that cannot be written: 74, not 0 (%d)" % r.returncode)
    r = summ(*FILES, sock=os.path.join(tmp, "nobody.sock"))
    ok(r.returncode == 69 and b"is summd running" in r.stderr and
       b"nobody.sock" in r.stderr, "no daemon: 69, with the socket tried")

    busy = os.path.join(tmp, "busy.sock")
    srv = fake_daemon(busy, 503, json.dumps({"error": {
        "code": "overloaded", "message": "the work queue is full",
        "field": None}}).encode())
    r = summ(*FILES, sock=busy)
    ok(r.returncode == 75 and b"queue is full" in r.stderr,
       "a daemon answering 503: 75 (%d)" % r.returncode)
    srv.close()
    # A daemon whose backlog is full (max_connections open, as many more
    # waiting): the connect fails at once, but summd is there, and busy.
    full = os.path.join(tmp, "full.sock")
    srv, waiting = full_backlog(full)
    r = summ("health", sock=full)
    ok(r.returncode == 75 and b"busy" in r.stderr,
       "a daemon with its backlog full: 75, busy, not \"is summd "
       "running?\" (%d, %s)" % (r.returncode, r.stderr.decode().strip()))
    for c in waiting:
        c.close()
    srv.close()
    # A daemon that dies with the request read (killed, or a crash):
    # said so, not "is summd running?", which it was.
    dying = os.path.join(tmp, "dying.sock")
    srv = listening(dying, 8)

    def die():
        c, _ = srv.accept()
        c.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        c.close()

    t = threading.Thread(target=die, daemon=True)
    t.start()
    r = summ(*FILES, sock=dying)
    ok(r.returncode == 69 and b"without an answer" in r.stderr and
       b"is summd running" not in r.stderr,
       "a daemon gone mid-request: 69, said so (%s)"
       % r.stderr.decode().strip())
    t.join(5)
    srv.close()
    # A daemon that takes the request and never answers: stuck, not
    # missing; how long to wait is SUMM_TIMEOUT's.
    stuck = os.path.join(tmp, "stuck.sock")
    srv = listening(stuck, 8)
    held = []
    t = threading.Thread(target=lambda: held.append(srv.accept()[0]),
                         daemon=True)
    t.start()
    r = summ("health", sock=stuck, env={"SUMM_TIMEOUT": "1"})
    ok(r.returncode == 75 and b"did not answer within 1 s" in r.stderr and
       b"is summd running" not in r.stderr,
       "a daemon that never answers: 75 after SUMM_TIMEOUT, said so "
       "(%d, %s)" % (r.returncode, r.stderr.decode().strip()))
    t.join(5)
    for c in held:
        c.close()
    srv.close()
    r = summ("health", sock=stuck, env={"SUMM_TIMEOUT": "soon"})
    ok(r.returncode == 64 and b"SUMM_TIMEOUT" in r.stderr,
       "a SUMM_TIMEOUT that is no number of seconds: 64, named")
    broken = os.path.join(tmp, "broken.sock")
    srv = fake_daemon(broken, 500, b'{"error":{"code":"internal",'
                                   b'"message":"bug","field":null}}')
    r = summ(*FILES, sock=broken)
    ok(r.returncode == 70, "a daemon answering 500: 70")
    srv.close()
    field = os.path.join(tmp, "field.sock")
    srv = fake_daemon(field, 413, json.dumps({"error": {
        "code": "document_too_large", "message": "too long",
        "field": "documents[1].text"}}).encode())
    r = summ(*FILES, sock=field)
    ok(r.returncode == 65 and FILES[1].encode() + b": too long" in r.stderr,
       "an error about documents[1] names the second file")
    srv.close()
    # Over max_body libevent answers 413 before summd sees the request
    # (body_too_large, in place of its HTML page): the client says why,
    # and which file.
    small = os.path.join(tmp, "small")
    os.makedirs(small)
    d, small_sock = start_summd(small, "max_body = 1K\n")
    try:
        big = max(FILES, key=os.path.getsize)
        r = summ(*FILES, sock=small_sock)
        ok(r.returncode == 65 and b"max_body" in r.stderr and
           os.path.basename(big).encode() in r.stderr,
           "a request over max_body: 65, the reason and the largest file "
           "(%s)" % r.stderr.decode().strip())
        # A body far over max_body: libevent answers 413 and closes while
        # the body is still being sent; summ must still say why, not
        # "is summd running?" over the broken pipe (two runs in three).
        huge = os.path.join(small, "huge.txt")
        with open(huge, "w") as f:
            f.write("The bridge opened on Monday. " * 150000)
        codes = []
        for _ in range(5):
            r = summ(huge, sock=small_sock)
            codes.append(r.returncode if b"max_body" in r.stderr else
                         r.stderr.decode().strip()[-40:])
        ok(codes == [65] * 5, "a 4 MB body over max_body: 65 and why, each "
           "time (%s)" % codes)
        # add sends an article a request: the one over max_body is named.
        r = summ("add", "small", FILES[0], huge, sock=small_sock)
        ok(r.returncode == 65 and b"huge.txt: " in r.stderr and
           b"max_body" in r.stderr,
           "add: the article over max_body named (%s)"
           % r.stderr.decode().strip())
        # The same of --input: its largest document, not the first.
        path = os.path.join(small, "docs.jsonl")
        with open(path, "w") as f:
            for i, name in enumerate(FILES):
                f.write(json.dumps({"id": "doc%d" % i, "text": open(
                    name, encoding="utf-8").read()}) + "\n")
        r = summ("--input", path, sock=small_sock)
        want = b"document doc%d, %d bytes" % (
            FILES.index(big), os.path.getsize(big))
        ok(r.returncode == 65 and want in r.stderr,
           "--input over max_body: its largest document named (%s)"
           % r.stderr.decode().strip())
    finally:
        d.terminate()
        d.wait(15)


def test_permission(sock, tmp):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        ok(True, "# SKIP needs root and setpriv to act as another user")
        return
    # A file its mode keeps from the user is a file that cannot be read:
    # 66 (summ.1, sysexits.h); 77 is the socket's.
    secret = os.path.join(tmp, "secret.txt")
    shutil.copy(FILES[0], secret)
    os.chmod(secret, 0o600)
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                        "--clear-groups", SUMM, "-S", sock, secret],
                       capture_output=True, timeout=30)
    ok(r.returncode == 66 and b"secret.txt: Permission denied" in r.stderr,
       "a file the user may not read: 66 (%d %s)"
       % (r.returncode, r.stderr.decode().strip()))
    # The socket is root's, mode 0660: an unprivileged user is refused.
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                        "--clear-groups", SUMM, "-S", sock, "health"],
                       capture_output=True, timeout=30)
    ok(r.returncode == 77 and b"permission denied" in r.stderr,
       "outside the socket's group: 77 (%d %s)"
       % (r.returncode, r.stderr.decode().strip()))


def main():
    with tempfile.TemporaryDirectory(prefix="summ-it-") as tmp:
        os.chmod(tmp, 0o755)
        p, sock = start_summd(tmp)
        try:
            for t in (lambda: test_output(sock),
                      lambda: test_golden(sock),
                      lambda: test_input(sock, tmp),
                      lambda: test_markup(sock, tmp),
                      lambda: test_names(sock, tmp),
                      lambda: test_exit_codes(sock, tmp),
                      lambda: test_permission(sock, tmp)):
                try:
                    t()
                except Exception as e:  # noqa: BLE001 - report, go on
                    ok(False, "raised %r" % e)
        finally:
            p.terminate()
            ok(p.wait(15) == 0, "summd exits 0")
    done()


main()
