#!/usr/bin/env python3
"""Integration tests of stored clusters (SQLite in the state directory):
articles added one by one, replaced and removed; revisions, ETags and 304;
update summaries; restart and kill -9; bad state directories; limits; the
learned IDF; and the summ subcommands. Prints TAP."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

from proc import synthetic
from tap import ok, run
from unixhttp import UnixHTTP

SUMMD, SUMM, EXAMPLES = sys.argv[1], sys.argv[2], sys.argv[3]
FILES = sorted(os.path.join(EXAMPLES, f) for f in os.listdir(EXAMPLES))

# An invented event in two waves: what everyone knew first, then news.
BEFORE = {
    "wire": "The new bridge over the river Lind opened to traffic on "
            "Monday morning. It took two years to build and cost 40 "
            "million euros. Mayor Anna Berg cut the ribbon in front of a "
            "crowd of three thousand people.",
    "times": "Mayor Anna Berg opened the Lind bridge on Monday before "
             "about three thousand onlookers. Building the bridge took two "
             "years at a cost of 40 million euros. Cars crossed it within "
             "minutes of the ceremony.",
    "radio": "Traffic began to cross the new Lind bridge on Monday after "
             "Mayor Anna Berg cut the ribbon. The crossing cost 40 million "
             "euros and took two years of work.",
}
AFTER = {
    "tram": "The city council voted on Thursday to run a tram line over "
            "the Lind bridge from 2028. The bridge opened to traffic on "
            "Monday morning. Tram tracks will be laid in the central lanes "
            "next spring.",
    "toll": "Drivers will pay no toll on the Lind bridge, the council "
            "decided on Thursday. Cycling groups welcomed the wide bike "
            "lanes on both sides of the deck.",
}



def req(sock, method, path, body=None, headers=None):
    c = UnixHTTP(sock)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    try:
        js = json.loads(data) if data else None
    except ValueError:
        js = None
    return r.status, dict(r.getheaders()), js, data


def put(sock, cluster, doc_id, text, **extra):
    return req(sock, "PUT", "/v1/clusters/%s/documents/%s" % (cluster, doc_id),
               dict(extra, text=text))


def summary(sock, cluster, body=None, headers=None):
    return req(sock, "POST", "/v1/clusters/%s/summary" % cluster,
               body if body is not None else {"length": {"sentences": 3}},
               headers)


class Daemon:
    def __init__(self, tmp, conf="", state=None, pre=None):
        self.sock = os.path.join(tmp, "s.sock")
        self.state = state or os.path.join(tmp, "state")
        path = os.path.join(tmp, "c.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.errpath = os.path.join(tmp, "err")
        self.p = subprocess.Popen(
            [SUMMD, "-s", self.sock, "-c", path, "--state-dir", self.state],
            stdout=subprocess.DEVNULL, stderr=open(self.errpath, "a"),
            preexec_fn=pre)

    def ready(self):
        for _ in range(400):
            if self.p.poll() is not None:
                return False
            try:
                if req(self.sock, "GET", "/v1/health")[0] == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.025)
        return False

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        return self.p.wait(timeout=30)


def started(tmp, conf=""):
    d = Daemon(tmp, conf)
    if not d.ready():
        raise RuntimeError("summd did not start: " + open(d.errpath).read())
    return d


def sentences_of(js):
    return [(s["document"], s["text"]) for s in (js or {}).get("sentences",
                                                               [])]


def test_add_one_by_one(tmp):
    d = started(tmp)
    texts = {os.path.basename(f): open(f, encoding="utf-8").read()
             for f in FILES}
    revs, good = [], 0
    for name, text in texts.items():
        st, _, js, _ = put(d.sock, "storm", name, text)
        revs.append(js["revision"] if st == 201 else -1)
        st, _, js, _ = summary(d.sock, "storm")
        good += (st == 200 and js["revision"] == revs[-1] and
                 len(js["sentences"]) >= 1 and
                 all(doc in texts and t in texts[doc]
                     for doc, t in sentences_of(js)))
    ok(all(b > a for a, b in zip(revs, revs[1:])) and revs[0] > 0,
       "each added article raises the revision (%s)" % revs)
    ok(good == len(texts), "after each one, a summary of the articles so far "
       "whose sentences are theirs (%d/%d)" % (good, len(texts)))
    st, _, js, _ = summary(d.sock, "storm")
    ok(len({doc for doc, _ in sentences_of(js)}) >= 2,
       "the summary draws on several articles")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters")
    ok(st == 200 and js["clusters"] == [
        {"cluster": "storm", "revision": revs[-1], "documents": len(texts),
         "bytes": sum(len(t.encode()) for t in texts.values())}],
       "GET /v1/clusters lists it with its revision, articles and bytes")
    st, h, js, _ = req(d.sock, "GET", "/v1/clusters/storm")
    ok(st == 200 and [x["id"] for x in js["documents"]] == list(texts) and
       re.fullmatch(r'"[0-9a-f]{8}r%d"' % revs[-1], h.get("ETag", "")),
       "GET /v1/clusters/storm lists its articles in the order added")
    ok(d.stop() == 0, "clean exit")


def test_replace_and_delete(tmp):
    d = started(tmp)
    for k, v in BEFORE.items():
        put(d.sock, "bridge", k, v)
    st, _, js, _ = put(d.sock, "bridge", "radio",
                       "Lind bridge radio report: engineers tested the "
                       "deck with forty loaded trucks on Sunday night.")
    ok(st == 200 and js["created"] is False,
       "PUT on an existing id replaces it: 200, created false")
    st, _, js, _ = summary(d.sock, "bridge", {"length": {"sentences": 10}})
    radio = [t for doc, t in sentences_of(js) if doc == "radio"]
    ok(st == 200 and all("trucks" in t for t in radio) and radio,
       "the summary sees the new text, not the old (%s)" % radio)
    st, _, js, _ = req(d.sock, "DELETE", "/v1/clusters/bridge/documents/radio")
    ok(st == 200 and js["id"] == "radio", "DELETE an article: 200")
    st, _, js, _ = summary(d.sock, "bridge", {"length": {"sentences": 10}})
    ok(st == 200 and all(doc != "radio" for doc, _ in sentences_of(js)),
       "its sentences are gone from the summary")
    st, _, js, _ = req(d.sock, "DELETE", "/v1/clusters/bridge/documents/radio")
    ok(st == 404 and js["error"]["field"] == "id",
       "DELETE it again: 404 naming the id")
    st, _, js, _ = req(d.sock, "DELETE", "/v1/clusters/bridge")
    ok(st == 200, "DELETE the cluster: 200")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/bridge")
    st2, _, js2, _ = summary(d.sock, "bridge")
    ok(st == 404 and st2 == 404 and js2["error"]["field"] == "cluster",
       "then it is not found, for listing or summary")
    st, _, js, _ = req(d.sock, "DELETE", "/v1/clusters/bridge/documents/x")
    ok(st == 404 and js["error"]["field"] == "cluster",
       "an article of a cluster that is gone: 404 naming the cluster (%s)"
       % js["error"]["field"])
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters")
    ok(js == {"clusters": []}, "and not listed")
    ok(d.stop() == 0, "clean exit")


def test_get_document(tmp):
    d = started(tmp)
    text = ("Rescuers reached the village of Åre on Friday \u2014 \u201cwe "
            "found them alive,\u201d a spokesman said. The storm closed "
            "every road into the valley for two days. Helicopters flew "
            "food and water to the 300 people cut off by the snow.")
    st, _, js, _ = put(d.sock, "storm", "wire-1", text, title="Snow",
                       date="2026-11-02")
    rev = js["revision"]
    path = "/v1/clusters/storm/documents/wire-1"
    st, h, js, body = req(d.sock, "GET", path)
    ok(st == 200 and js["text"] == text and js["id"] == "wire-1" and
       js["cluster"] == "storm",
       "GET an article: its text as it was put, non-ASCII and all")
    ok(js["title"] == "Snow" and js["date"] == "2026-11-02T00:00:00Z" and
       js["bytes"] == len(text.encode()) and js["revision"] == rev,
       "with its title, date, bytes and revision (%s)"
       % {k: v for k, v in js.items() if k != "text"})
    # A date is given back as summd reads dates, four digits of year:
    # what GET gives can be put again.
    for date in ("0999-12-31", "0000-01-01T00:00:00Z", "9999-12-31"):
        put(d.sock, "old", "a", text, date=date)
        _, _, js, _ = req(d.sock, "GET", "/v1/clusters/old/documents/a")
        again = put(d.sock, "old", "b", text, date=js["date"])[0]
        ok(js["date"][:4] == date[:4] and again in (200, 201),
           "the date %s comes back as %s, which can be put again (%d)"
           % (date, js["date"], again))
    # What the stored text is for: a summary's offsets count into it.
    for k, v in BEFORE.items():
        put(d.sock, "storm", k, v)
    st, _, sj, _ = summary(d.sock, "storm", {"length": {"sentences": 4}})
    raw = {}
    for s in sj["sentences"]:
        if s["document"] not in raw:
            raw[s["document"]] = req(d.sock, "GET", "/v1/clusters/storm/"
                                     "documents/" + s["document"])[2]["text"]
    picked = [raw[s["document"]].encode()[s["offset"]:s["offset"] +
                                          s["length"]].decode()
              for s in sj["sentences"]]
    ok(len(picked) == 4 and picked == [s["text"] for s in sj["sentences"]],
       "each summary sentence is its article's text at offset, length")
    tag = h.get("ETag", "")
    st, h2, _, b2 = req(d.sock, "GET", path, headers={"If-None-Match": tag})
    ok(re.fullmatch(r'"[0-9a-f]{8}d%d"' % rev, tag) and st == 304 and
       b2 == b"",
       "ETag %s; If-None-Match with it: 304, no body" % tag)
    st, h3, _, b3 = req(d.sock, "HEAD", path)
    ok(st == 200 and b3 == b"" and
       h3.get("Content-Length") == str(len(body)),
       "HEAD: the GET's Content-Length, no body")
    put(d.sock, "storm", "wire-1", "A correction: the village is Are.")
    st, h4, js, _ = req(d.sock, "GET", path, headers={"If-None-Match": tag})
    ok(st == 200 and js["text"] == "A correction: the village is Are." and
       js["revision"] > rev and js["title"] is None and
       h4.get("ETag") != tag,
       "replaced: the new text, a new revision and tag; the old tag is "
       "stale")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/storm/documents/nope")
    ok(st == 404 and js["error"]["field"] == "id",
       "an article that is not there: 404 naming the id")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/gone/documents/wire-1")
    ok(st == 404 and js["error"]["field"] == "cluster",
       "in a cluster that is not there: 404 naming the cluster")
    req(d.sock, "DELETE", path)
    st, _, js, _ = req(d.sock, "GET", path)
    ok(st == 404 and js["error"]["field"] == "id",
       "after DELETE: 404 naming the id")
    st, h, _, _ = req(d.sock, "POST", path, {"text": "A."})
    ok(st == 405 and h.get("Allow") == "GET, HEAD, PUT, DELETE",
       "POST on an article: 405, Allow %s" % h.get("Allow"))
    st, _, js, _ = put(d.sock, "storm", "wire-2", "A.", language="en")
    msg = js["error"]["message"]
    ok(st == 400 and js["error"]["field"] == "language" and
       msg.endswith("known fields here: title, date, text"),
       "an unknown key in a PUT body lists the keys a PUT takes, not id "
       "(%s)" % msg)
    ok(d.stop() == 0, "clean exit")


def test_etags(tmp):
    d = started(tmp)
    for k, v in BEFORE.items():
        put(d.sock, "bridge", k, v)
    st, h, js, body1 = summary(d.sock, "bridge")
    tag = h.get("ETag", "")
    ok(st == 200 and tag.startswith('"') and len(tag) > 2,
       "a summary carries an ETag (%s)" % tag)
    st, h, _, body = summary(d.sock, "bridge", headers={"If-None-Match": tag})
    ok(st == 304 and body == b"" and h.get("ETag") == tag,
       "If-None-Match with it: 304, no body")
    bad = []
    for body, field in ((b"this is not json", None),
                        ({"lenght": {"sentences": 3}}, "lenght")):
        st, _, bj, _ = summary(d.sock, "bridge", body,
                               {"If-None-Match": "*"})
        bad.append((st, (bj or {}).get("error", {}).get("field")))
    ok(bad == [(400, None), (400, "lenght")],
       "a body it would refuse is refused, If-None-Match: * or not (%s)"
       % bad)
    st, _, _, _ = summary(d.sock, "bridge", {"length": {"words": 1}},
                          {"If-None-Match": "*"})
    ok(st == 422, "If-None-Match: * does not match a summary: one the "
       "engine refuses (1 word) is still 422 (%d)" % st)
    st0, _, js0, _ = summary(d.sock, "bridge", b"")
    st1, _, js1, _ = summary(d.sock, "bridge", {})
    ok(st0 == 200 and st1 == 200 and js0.get("sentences") and
       js0.get("summary") == js1.get("summary"),
       "a POST with no body is a summary with every default, as {} (%d)"
       % st0)
    st, _, _, body2 = summary(d.sock, "bridge")
    ok(st == 200 and body2 == body1,
       "the same request again comes from the cache, byte for byte "
       "(elapsed_ms too)")
    st, h2, _, _ = summary(d.sock, "bridge", {"length": {"sentences": 2}})
    ok(h2.get("ETag") not in (None, tag), "other options, another ETag")
    put(d.sock, "bridge", "tram", AFTER["tram"])
    st, h3, js3, _ = summary(d.sock, "bridge",
                             headers={"If-None-Match": tag})
    ok(st == 200 and h3.get("ETag") != tag and
       js3["revision"] > js["revision"],
       "after a change the old tag does not match: 200, new revision")
    st, h, _, _ = req(d.sock, "GET", "/v1/clusters/bridge",
                      headers={"If-None-Match": h3.get("ETag", "")})
    st2, h, _, _ = req(d.sock, "GET", "/v1/clusters/bridge",
                       headers={"If-None-Match": h.get("ETag", "")})
    ok(st2 == 304, "GET /v1/clusters/{cluster} answers 304 to its own tag")
    ok(d.stop() == 0, "clean exit")


def test_update_summary(tmp):
    d = started(tmp)
    for k, v in BEFORE.items():
        _, _, js, _ = put(d.sock, "bridge", k, v)
    seen = js["revision"]
    for k, v in AFTER.items():
        put(d.sock, "bridge", k, v)
    st, _, js, _ = summary(d.sock, "bridge",
                           {"since": seen, "length": {"sentences": 4}})
    got = sentences_of(js)
    ok(st == 200 and js["since"] == seen and got,
       "since: %d gives an update summary (%d sentences)" % (seen, len(got)))
    ok(all(doc in AFTER for doc, _ in got),
       "every sentence comes from an article added after it (%s)"
       % [doc for doc, _ in got])
    ok(all("opened to traffic" not in t for _, t in got),
       "the old fact repeated in a new article is not told again")
    ok({doc for doc, _ in got} == set(AFTER),
       "both new articles are told: %s" % " ".join(t for _, t in got))
    st, _, js, _ = summary(d.sock, "bridge", {"since": js["revision"]})
    ok(st == 200 and js["sentences"] == [] and js["summary"] == "",
       "since the latest revision: nothing new, an empty summary (200)")
    st, _, js, raw = summary(d.sock, "bridge", {"since": 2 ** 53})
    ok(st == 200 and b'"since":9007199254740992' in raw.replace(b" ", b""),
       "since 2^53 is answered with every digit (%s)"
       % raw[raw.find(b'"since"'):][:30])
    st, _, js, _ = summary(d.sock, "bridge", {"since": -1})
    ok(st == 400 and js["error"]["field"] == "since", "since -1: 400 since")
    ok(d.stop() == 0, "clean exit")


def test_restart(tmp):
    d = started(tmp)
    for k, v in list(BEFORE.items()) + list(AFTER.items()):
        put(d.sock, "bridge", k, v, title="Bridge " + k,
            date="2026-03-0%dT10:00:00Z" % (len(k) % 9 + 1))
    put(d.sock, "other", "x", AFTER["toll"])
    _, _, before, _ = req(d.sock, "GET", "/v1/clusters")
    _, _, docs, _ = req(d.sock, "GET", "/v1/clusters/bridge")
    _, _, sum1, _ = summary(d.sock, "bridge")
    ok(d.stop() == 0, "stopped")
    d = started(tmp)
    _, _, after, _ = req(d.sock, "GET", "/v1/clusters")
    _, _, docs2, _ = req(d.sock, "GET", "/v1/clusters/bridge")
    _, _, sum2, _ = summary(d.sock, "bridge")
    ok(after == before and len(after["clusters"]) == 2,
       "after a restart every cluster is there, at the same revision")
    ok(docs2 == docs, "with the same articles, titles and dates")
    ok(sum2["summary"] == sum1["summary"], "and the same summary")
    st, _, js, _ = put(d.sock, "bridge", "late", "A late report.")
    ok(js["revision"] > after["clusters"][0]["revision"],
       "revisions go on from where they were")
    # A database made anew starts its revisions at 1 again: a tag the
    # old one gave for the same cluster, article and revision must not
    # get a 304 from it.
    def anew():
        ok(d.stop() == 0, "clean exit")
        for f in os.listdir(os.path.join(tmp, "state")):
            os.remove(os.path.join(tmp, "state", f))
        return started(tmp)

    d = anew()
    st, _, js, _ = put(d.sock, "fresh", "a",
                       "The first text of the old database stands here.")
    tags = [req(d.sock, "GET", p)[1].get("ETag") for p in (
        "/v1/clusters/fresh", "/v1/clusters/fresh/documents/a")]
    tags.append(summary(d.sock, "fresh")[1].get("ETag"))
    ok(js["revision"] == 1, "a new database: revision 1")
    d = anew()
    st, _, js, _ = put(d.sock, "fresh", "a",
                       "Another text of the new database stands here.")
    got = [req(d.sock, "GET", p, headers={"If-None-Match": t})[0]
           for p, t in (("/v1/clusters/fresh", tags[0]),
                        ("/v1/clusters/fresh/documents/a", tags[1]))]
    got.append(summary(d.sock, "fresh", headers={"If-None-Match":
                                                 tags[2]})[0])
    ok(js["revision"] == 1 and got == [200, 200, 200],
       "a database made anew (revision 1 again) answers 200, not 304, to "
       "the old one's tags (%s)" % got)
    ok(d.stop() == 0, "clean exit")


def test_tag_across_restart(tmp):
    """A summary's tag is this run's: summd restarted with other limits
    (or another engine) must not answer 304 to the last run's tag for an
    answer it would now refuse, or give otherwise."""
    d = started(tmp)
    for i, doc in enumerate(synthetic(40)):
        put(d.sock, "big", "d%d" % i, doc["text"])
    st, h, _, _ = summary(d.sock, "big")
    tag = h.get("ETag", "")
    ok(d.stop() == 0, "clean exit")
    d = started(tmp, "max_memory = 1M\n")
    st2, _, js, _ = summary(d.sock, "big", headers={"If-None-Match": tag})
    code = (js or {}).get("error", {}).get("code")
    ok(st == 200 and st2 == 413 and code == "too_large",
       "restarted with max_memory = 1M, the old tag gets %d %s, not 304"
       % (st2, code))
    ok(d.stop() == 0, "clean exit")
    d = started(tmp)
    st, h2, _, _ = summary(d.sock, "big", headers={"If-None-Match": tag})
    ok(st == 200 and h2.get("ETag") not in (None, tag),
       "restarted as before: 200 with a new tag (%d)" % st)
    ok(d.stop() == 0, "clean exit")


def test_kill9(tmp):
    """kill -9 in the middle of a stream of writes: every write that was
    acknowledged is there after a restart, and the database is sound."""
    d = started(tmp)
    acked, stop = [], threading.Event()

    def writer(w):
        i = 0
        while not stop.is_set():
            doc = "w%d-%d" % (w, i)
            try:
                st, _, _, _ = put(d.sock, "stream", doc,
                                  "Report %s. " % doc + BEFORE["wire"])
            except (OSError, http.client.HTTPException):
                return
            if st == 201:
                acked.append(doc)
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    deadline = time.time() + 20
    while len(acked) < 200 and time.time() < deadline:
        time.sleep(0.01)
    d.p.send_signal(signal.SIGKILL)
    d.p.wait()
    stop.set()
    for t in threads:
        t.join()
    ok(len(acked) >= 200, "%d writes acknowledged before kill -9"
       % len(acked))
    d = started(tmp)
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/stream")
    have = {x["id"] for x in js["documents"]} if st == 200 else set()
    lost = [a for a in acked if a not in have]
    ok(st == 200 and not lost, "after a restart all %d acknowledged writes "
       "are there (%d lost); %d stored" % (len(acked), len(lost), len(have)))
    ok(d.stop() == 0, "clean exit")
    db = sqlite3.connect(os.path.join(d.state, "summd.db"))
    check = db.execute("PRAGMA integrity_check").fetchall()
    db.close()
    ok(check == [("ok",)], "PRAGMA integrity_check: %s" % check)


def test_removed_db(tmp):
    """summd.db or its -wal removed while summd runs (alone, or with the
    whole state directory): SQLite goes on writing into the unlinked
    file, so a write acknowledged then is lost at the next start. Writes
    are refused instead."""
    for how in ("file", "wal", "directory"):
        sub = os.path.join(tmp, how)
        os.mkdir(sub)
        d = started(sub)
        st1 = put(d.sock, "a", "1", BEFORE["wire"])[0]
        if how == "directory":
            shutil.rmtree(d.state)
        else:
            os.remove(os.path.join(d.state, "summd.db" +
                                   ("-wal" if how == "wal" else "")))
        st2, _, js, _ = put(d.sock, "a", "2", BEFORE["times"])
        st3 = req(d.sock, "DELETE", "/v1/clusters/a")[0]
        st4 = req(d.sock, "POST", "/v1/idf",
                  {"documents": [{"text": BEFORE["radio"]}]})[0]
        err = open(d.errpath).read()
        ok(st1 == 201 and (st2, st3, st4) == (500, 500, 500) and
           "was removed or replaced" in err,
           "summd.db's %s removed: writes after it 500, logged (%d %d %d)"
           % (how, st2, st3, st4))
        d.stop(signal.SIGKILL)
        d = started(sub)
        st, _, js, _ = req(d.sock, "GET", "/v1/clusters/a")
        ids = [x["id"] for x in (js or {}).get("documents", [])]
        acked = [x for x, code in (("a/2", st2), ("drop", st3))
                 if code in (200, 201)]
        ok(st in (200, 404) and "2" not in ids and not acked,
           "after a restart no acknowledged write is missing (%s)" % acked)
        ok(d.stop() == 0, "clean exit")


def test_disk_full(tmp):
    """The file system of the state directory full (a 4 MiB tmpfs): a
    write is 507 disk_full and logged, not 422 store_full, which blames
    max_store_bytes (4G here); what was acknowledged stays, and writes go
    on once there is room."""
    state = os.path.join(tmp, "state")
    os.mkdir(state)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                       state], capture_output=True).returncode != 0:
        ok(True, "# SKIP needs root to mount a small tmpfs")
        return
    try:
        with open(os.path.join(state, "filler"), "wb") as f:
            f.write(b"x" * (2 << 20))
        d = started(tmp)
        text = "Storm report number %d from the harbor. " * 1000
        acked, st, js = [], 0, None
        for i in range(60):
            st, _, js, _ = put(d.sock, "a", str(i),
                               text % tuple(range(i, i + 1000)))
            if st != 201:
                break
            acked.append(str(i))
        code = (js or {}).get("error", {}).get("code")
        err = open(d.errpath).read()
        ok(st == 507 and code == "disk_full" and acked and
           "the file system is full" in err,
           "a write to a full file system: %d %s after %d, logged"
           % (st, code, len(acked)))
        os.remove(os.path.join(state, "filler"))
        st = put(d.sock, "a", "late", BEFORE["wire"])[0]
        ok(st == 201, "with room again, the next write is 201 (%d)" % st)
        d.stop(signal.SIGKILL)
        d = started(tmp)
        _, _, js, _ = req(d.sock, "GET", "/v1/clusters/a")
        have = [x["id"] for x in (js or {}).get("documents", [])]
        ok(have == acked + ["late"],
           "after kill -9 and a restart, the %d acknowledged writes are "
           "there (%d)" % (len(acked) + 1, len(have)))
        ok(d.stop() == 0, "clean exit")
    finally:
        subprocess.run(["umount", "-l", state])


def bad_start(tmp, state, pre=None):
    d = Daemon(tmp, state=state, pre=pre)
    try:
        rc = d.p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        d.stop(signal.SIGKILL)
        rc = None
    return rc, open(d.errpath).read()


def test_bad_state_dir(tmp):
    path = os.path.join(tmp, "afile")
    with open(path, "w") as f:
        f.write("x")
    rc, err = bad_start(tmp, path)
    ok(rc == 1 and "state directory %s" % path in err,
       "a state directory that is a file: exit 1, named (%s)"
       % err.strip().splitlines()[-1:])

    corrupt = os.path.join(tmp, "corrupt")
    os.mkdir(corrupt)
    with open(os.path.join(corrupt, "summd.db"), "wb") as f:
        f.write(os.urandom(8192))
    rc, err = bad_start(tmp, corrupt)
    ok(rc == 1 and "summd.db" in err and "not a database" in err,
       "a corrupt database: exit 1 naming the file (%s)"
       % err.strip().splitlines()[-1:])

    newer = os.path.join(tmp, "newer")
    os.mkdir(newer)
    db = sqlite3.connect(os.path.join(newer, "summd.db"))
    db.execute("PRAGMA user_version = 99")
    db.close()
    rc, err = bad_start(tmp, newer)
    ok(rc == 1 and "schema version 99 is newer" in err,
       "a database from a newer summd: exit 1, says so")

    locked = os.path.join(tmp, "locked")
    os.mkdir(locked, 0o755)
    if os.getuid() == 0:
        def nobody():
            os.setgid(65534)
            os.setuid(65534)
        os.chmod(tmp, 0o755)
        os.chmod(os.path.dirname(tmp), 0o755)
        # The build may be where uid 65534 cannot go (a clone in /root).
        global SUMMD
        mine, SUMMD = SUMMD, os.path.join(tmp, "summd")
        shutil.copy(mine, SUMMD)
        # The socket is taken before the state directory is opened: one
        # that nobody may make it in.
        mine_dir = os.path.join(tmp, "nobody")
        os.mkdir(mine_dir)
        os.chmod(mine_dir, 0o777)
        rc, err = bad_start(mine_dir, os.path.join(locked, "state"),
                            pre=nobody)
        SUMMD = mine
        ok(rc == 1 and "Permission denied" in err and locked in err,
           "an unwritable state directory: exit 1, says why (%s)"
           % err.strip().splitlines()[-1:])
    else:
        os.chmod(locked, 0o555)
        rc, err = bad_start(tmp, os.path.join(locked, "state"))
        ok(rc == 1 and "Permission denied" in err,
           "an unwritable state directory: exit 1, says why")


def test_upgrade(tmp):
    """A database of schema version 1 (before the learned IDF) is brought
    up to date at startup, its articles kept and counted into the model."""
    state = os.path.join(tmp, "state")
    os.mkdir(state)
    db = sqlite3.connect(os.path.join(state, "summd.db"))
    db.executescript("""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)
            WITHOUT ROWID;
        INSERT INTO meta VALUES('revision', 2);
        CREATE TABLE clusters(name TEXT PRIMARY KEY, revision INTEGER NOT
            NULL, created INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE documents(cluster TEXT NOT NULL, id TEXT NOT NULL,
            title TEXT, date INTEGER, text TEXT NOT NULL, bytes INTEGER NOT
            NULL, revision INTEGER NOT NULL, PRIMARY KEY (cluster, id));
        CREATE INDEX documents_by_revision ON documents(cluster, revision);
        INSERT INTO clusters VALUES('old', 2, 0);
        PRAGMA user_version = 1;
    """)
    for i, (k, v) in enumerate(list(BEFORE.items())[:2]):
        db.execute("INSERT INTO documents VALUES('old', ?, NULL, NULL, ?, "
                   "?, ?)", (k, v, len(v.encode()), i + 1))
    db.commit()
    db.close()
    d = started(tmp)
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/old")
    ok(st == 200 and js["revision"] == 2 and
       [x["id"] for x in js["documents"]] == list(BEFORE)[:2],
       "a version 1 database opens, its cluster intact")
    _, _, idf, _ = req(d.sock, "GET", "/v1/idf")
    ok(idf["documents"] == 2 and idf["terms"] > 10,
       "its articles are counted into the learned IDF (%s)" % idf)
    st, _, js, _ = summary(d.sock, "old")
    ok(st == 200 and js["sentences"], "and it summarizes")
    ok(d.stop() == 0, "clean exit")
    db = sqlite3.connect(os.path.join(state, "summd.db"))
    ver = db.execute("PRAGMA user_version").fetchone()[0]
    # What lists the clusters and a cluster's articles is read from an
    # index that holds it, not from rows whose texts lie before it.
    plans = [" ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + q))
             for q in ("SELECT id, title, date, revision, bytes FROM "
                       "documents WHERE cluster = 'old' ORDER BY "
                       "revision, id",
                       "SELECT count(id), sum(bytes) FROM documents "
                       "WHERE cluster = 'old'")]
    indexes = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND "
        "tbl_name = 'documents' AND sql IS NOT NULL")}
    db.close()
    ok(ver == 3, "the database is at schema version 3 (%d)" % ver)
    ok(indexes == {"documents_listed"} and
       all("COVERING INDEX documents_listed" in p for p in plans),
       "a listing reads the index, not the texts (%s; %s)" %
       (sorted(indexes), plans))


def test_two_at_once(tmp):
    """Two summd started at the same moment on a new state directory
    (summd.8: not refused, SQLite keeps the database whole): both serve,
    each sees what the other stored. The schema was once made by both,
    and one of them died of it."""
    bad = []
    for i in range(6):
        state = os.path.join(tmp, "state%d" % i)
        ds = []
        for k in range(2):
            sub = os.path.join(tmp, "d%d-%d" % (i, k))
            os.mkdir(sub)
            ds.append(Daemon(sub, state=state))
        up = [d.ready() for d in ds]
        st = -1
        if all(up):
            st = put(ds[0].sock, "both", "a", BEFORE[list(BEFORE)[0]])[0]
            st2, _, js, _ = req(ds[1].sock, "GET", "/v1/clusters/both")
            if st2 != 200 or [x["id"] for x in js["documents"]] != ["a"]:
                st = -2
        codes = [d.stop() for d in ds]
        if not all(up) or st != 201 or codes != [0, 0]:
            bad.append("try %d: up %s, put %d, exits %s: %s" % (
                i, up, st, codes, " ".join(open(d.errpath).read()[-200:]
                                           for d in ds)))
    ok(not bad, "6 times two daemons at once on a new state directory: "
       "both serve and see each other's writes%s" % "".join(
           "; " + b for b in bad))


def test_limits(tmp):
    d = started(tmp, "max_clusters = 2\nmax_cluster_documents = 3\n"
                     "max_store_bytes = 1M\n")
    put(d.sock, "a", "1", BEFORE["wire"])
    put(d.sock, "b", "1", BEFORE["wire"])
    st, _, js, _ = put(d.sock, "c", "1", BEFORE["wire"])
    ok(st == 422 and js["error"]["code"] == "too_many_clusters",
       "a third cluster past max_clusters = 2: 422 too_many_clusters")
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters")
    ok([c["cluster"] for c in js["clusters"]] == ["a", "b"],
       "and nothing of it was written")
    for i in (2, 3):
        put(d.sock, "a", str(i), BEFORE["times"])
    st, _, js, _ = put(d.sock, "a", "4", BEFORE["times"])
    ok(st == 422 and js["error"]["code"] == "too_many_documents",
       "a fourth article past max_cluster_documents = 3: 422")
    st, _, _, _ = put(d.sock, "a", "3", BEFORE["radio"])
    ok(st == 200, "replacing one of the three is still allowed")
    big = "Storm report number %d from the harbor. " * 11000
    st1, _, _, _ = put(d.sock, "b", "big1", big % tuple(range(11000)))
    st2, _, js, _ = put(d.sock, "b", "big2", big % tuple(range(11000)))
    ok(st1 == 201 and st2 == 422 and js["error"]["code"] == "store_full",
       "an article that would pass max_store_bytes = 1M: 422 store_full "
       "(%d, %d)" % (st1, st2))
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/b")
    ok([x["id"] for x in js["documents"]] == ["1", "big1"],
       "and nothing of it was written")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters/a")
    ok(st == 200 and len(js["documents"]) == 3,
       "what was stored before is intact")
    st, _, _, _ = summary(d.sock, "a")
    ok(st == 200, "and summarizes")
    ok(d.stop() == 0, "clean exit")


def peak_rss(pid):
    """The most resident memory pid has had, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def test_too_large_unread(tmp):
    """A summary of a cluster whose texts alone pass max_memory is 413
    too_large without its 24 MB being read into memory (it was read, and
    the engine then refused it)."""
    d = started(tmp, "max_memory = 1M\n")
    for k, v in BEFORE.items():
        put(d.sock, "small", k, v)
    st, _, _, _ = summary(d.sock, "small")
    ok(st == 200, "a cluster under the cap summarizes (%d)" % st)
    line = synthetic(1)[0]["text"]
    for i in range(24):
        text = ("%d " % i + line * (1000000 // len(line)))[:1000000]
        put(d.sock, "big", "d%d" % i, text)
    size = req(d.sock, "GET", "/v1/clusters/big")[2]["bytes"]
    before = peak_rss(d.p.pid)
    st, _, js, _ = summary(d.sock, "big")
    grew = peak_rss(d.p.pid) - before
    code = (js or {}).get("error", {}).get("code")
    msg = (js or {}).get("error", {}).get("message", "")
    ok(st == 413 and code == "too_large" and str(size) in msg and
       grew < 8000,
       "24 MB of text under max_memory = 1M: %d %s, peak RSS +%d KiB (%s)"
       % (st, code, grew, msg))
    ok(d.stop() == 0, "clean exit")


def test_learned_idf(tmp):
    d = started(tmp, "idf_min_documents = 6\nidf_refresh = 0\n")
    for k, v in BEFORE.items():
        put(d.sock, "bridge", k, v)
    st, _, js, _ = summary(d.sock, "bridge")
    ok(js["idf"] == {"source": "cluster"},
       "below idf_min_documents the cluster's own IDF is used")
    st, _, js, _ = req(d.sock, "POST", "/v1/idf", {"documents": [
        {"text": open(f, encoding="utf-8").read()} for f in FILES]})
    ok(st == 200 and js["documents"] == 3 + len(FILES) and js["in_use"],
       "POST /v1/idf imports a corpus: %s" % js)
    st, _, js, _ = summary(d.sock, "bridge")
    src = js.get("idf", {})
    ok(src.get("source") == "learned" and src.get("documents") == 7 and
       src.get("snapshot", 0) > 0,
       "then summaries use the learned IDF and name the snapshot (%s)" % src)
    st, _, one, _ = req(d.sock, "POST", "/v1/summarize", {
        "documents": [{"text": v} for v in AFTER.values()]})
    ok(one["idf"]["source"] == "learned", "one-shot summaries too")
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    ok(js["documents"] == 3 + len(FILES),
       "one-shot requests are not counted unless configured")
    ok(js.get("min_documents") == 6 and js.get("snapshot", 0) > 0,
       "GET /v1/idf says the idf_min_documents in force and the snapshot "
       "(%s)" % js)
    st, _, bj, _ = req(d.sock, "POST", "/v1/idf", {"documents": [
        {"text": "A real article about the bridge."},
        {"text": " \u00a0\u3000... \n "}]})
    _, _, js2, _ = req(d.sock, "GET", "/v1/idf")
    ok(st == 422 and bj["error"]["field"] == "documents[1].text" and
       js2["documents"] == js["documents"],
       "a corpus with a blank document: 422 naming it, nothing counted")

    # Summaries while imports change the model under them.
    codes = []

    def summarize_loop():
        for _ in range(15):
            codes.append(req(d.sock, "POST", "/v1/summarize", {
                "documents": [{"text": v} for v in AFTER.values()]})[0])

    def import_loop():
        for i in range(15):
            codes.append(req(d.sock, "POST", "/v1/idf", {"documents": [
                {"text": "Import %d of the harbor report." % i}]})[0])

    threads = [threading.Thread(target=summarize_loop) for _ in range(4)]
    threads.append(threading.Thread(target=import_loop))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok(codes == [200] * 75, "75 summaries and imports at once: all 200")
    req(d.sock, "POST", "/v1/idf", {"documents": [
        {"text": "One more."}]})
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    ok(js["documents"] == 3 + len(FILES) + 16, "every import counted")
    req(d.sock, "DELETE", "/v1/clusters/bridge")
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    ok(js["documents"] == len(FILES) + 16,
       "dropping the cluster takes its articles out of the model")
    ok(d.stop() == 0, "clean exit")

    os.mkdir(os.path.join(tmp, "learn"))
    d = started(os.path.join(tmp, "learn"), "idf_learn_requests = yes\n")
    st, _, one, _ = req(d.sock, "POST", "/v1/summarize", {
        "documents": [{"text": v} for v in AFTER.values()] +
        [{"text": "\u2014 \u2026 \u00a0..."}]})
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    ok(st == 200 and one["idf"] == {"source": "cluster"} and
       js["documents"] == len(AFTER),
       "idf_learn_requests = yes counts one-shot articles in, not one "
       "without a word (%s)" % js)
    ok(d.stop() == 0, "clean exit")
    bad = os.path.join(tmp, "bad.conf")
    with open(bad, "w") as f:
        f.write("idf_learn_requests = maybe\n")
    r = subprocess.run([SUMMD, "-t", "-c", bad], capture_output=True)
    ok(r.returncode == 78 and b"yes or no" in r.stderr,
       "idf_learn_requests = maybe: exit 78, yes or no")


def test_validation(tmp):
    d = started(tmp)
    put(d.sock, "ok", "a", BEFORE["wire"])
    cases = [
        ("PUT", "/v1/clusters/%s/documents/x" % ("c" * 65), {"text": "A."},
         400, "cluster"),
        ("PUT", "/v1/clusters/ok/documents/%s" % ("i" * 257), {"text": "A."},
         400, "id"),
        ("PUT", "/v1/clusters/../documents/x", {"text": "A."}, 400,
         "cluster"),
        ("PUT", "/v1/clusters/a%20b/documents/x", {"text": "A."}, 400,
         "cluster"),
        ("PUT", "/v1/clusters/ok/documents/x", {"title": "T"}, 400, "text"),
        ("PUT", "/v1/clusters/ok/documents/x", {"text": 5}, 400, "text"),
        ("PUT", "/v1/clusters/ok/documents/x", {"text": ""}, 422, "text"),
        ("PUT", "/v1/clusters/ok/documents/x", {"text": " \u00a0... \n"},
         422, "text"),
        ("PUT", "/v1/clusters/ok/documents/x", {"text": "A.", "id": "y"},
         400, "id"),
        ("PUT", "/v1/clusters/ok/documents/x", {"text": "A.",
                                                 "date": "Monday"},
         400, "date"),
        ("POST", "/v1/clusters/ok/summary", {"documents": []}, 400,
         "documents"),
        ("POST", "/v1/clusters/ok/summary", {"since": 1.5}, 400, "since"),
        # In the URL it would be ignored: a whole summary, not what is new.
        ("POST", "/v1/clusters/ok/summary?since=1", {}, 400, "since"),
    ]
    good = 0
    for method, path, body, want, field in cases:
        st, _, js, _ = req(d.sock, method, path, body)
        err = (js or {}).get("error", {})
        good += st == want and err.get("field") == field
        if st != want or err.get("field") != field:
            print("# %s %s -> %d %s" % (method, path[:40], st, err))
    ok(good == len(cases), "bad names and bodies: 400 naming the field "
       "(%d/%d)" % (good, len(cases)))
    st, h, _, _ = req(d.sock, "GET", "/v1/clusters/ok/summary")
    ok(st == 405 and h.get("Allow") == "POST", "wrong method: 405 with Allow")
    st, _, _, _ = req(d.sock, "PUT", "/v1/clusters/ok/documents/x", b"text",
                      {"Content-Type": "text/plain"})
    ok(st == 415, "a body that is not JSON: 415")
    st, _, js, _ = req(d.sock, "GET", "/v1/clusters")
    ok(st == 200 and [(c["cluster"], c["documents"]) for c in js["clusters"]]
       == [("ok", 1)], "nothing more was stored, and summd still serves")
    metrics = req(d.sock, "GET", "/metrics")[3].decode()
    doc400 = [l for l in metrics.splitlines() if l.startswith(
        'summd_requests_total{route="/v1/clusters/{cluster}/documents/{id}",'
        'status="400"}')]
    bad_doc_paths = sum(1 for m, path, _, want, _ in cases
                        if want == 400 and "/documents/" in path)
    ok(doc400 and int(doc400[0].split()[-1]) == bad_doc_paths,
       "the metrics count a bad name under the route it was sent to "
       "(%s, want %d)" % (doc400, bad_doc_paths))
    ok(d.stop() == 0, "clean exit")


def test_no_store(tmp):
    sock = os.path.join(tmp, "s.sock")
    p = subprocess.Popen([SUMMD, "-s", sock, "--state-dir", ""],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.025)
    time.sleep(0.1)
    st, _, js, _ = req(sock, "GET", "/v1/clusters")
    ok(st == 404 and js["error"]["code"] == "no_store",
       "with state_dir empty the cluster routes answer 404 no_store")
    st, _, js, _ = req(sock, "POST", "/v1/summarize", {
        "documents": [{"text": v} for v in BEFORE.values()]})
    ok(st == 200 and js["idf"] == {"source": "cluster"},
       "and /v1/summarize works")
    r = summ(sock, "list")
    ok(r.returncode == 69 and b"state" in r.stderr,
       "summ list against a daemon without a store: 69, the service is "
       "not there (%d)" % r.returncode)
    p.send_signal(signal.SIGTERM)
    ok(p.wait(timeout=30) == 0, "clean exit")


def df_model(state):
    """The learned IDF as stored: its terms and counts, and its number of
    articles."""
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(state, "summd.db"),
                         uri=True)
    rows = db.execute("SELECT term, n FROM df ORDER BY term").fetchall()
    docs = db.execute("SELECT value FROM meta WHERE key = 'idf_documents'"
                      ).fetchall()
    db.close()
    return rows, docs


def test_import_counts(tmp):
    """A corpus imported in one request counts each term as many times as
    its articles carry it, and each article once: the model the same
    articles make stored one by one."""
    texts = ([open(f, encoding="utf-8").read() for f in FILES] +
             list(BEFORE.values()) + list(AFTER.values()))
    models = []
    for how in ("put", "import"):
        sub = os.path.join(tmp, how)
        os.mkdir(sub)
        d = started(sub)
        if how == "put":
            for i, t in enumerate(texts):
                put(d.sock, "c", "d%d" % i, t)
        else:
            req(d.sock, "POST", "/v1/idf",
                {"documents": [{"text": t} for t in texts]})
        models.append(df_model(d.state))
        d.stop()
    put_model, import_model = models
    ok(len(put_model[0]) > 50 and import_model == put_model and
       put_model[1] == [(len(texts),)],
       "an import of %d articles: the model of storing them (%d terms, "
       "%d imported; articles %s, %s)"
       % (len(texts), len(put_model[0]), len(import_model[0]), put_model[1],
          import_model[1]))


def test_drop_counts_out(tmp):
    """Dropping a cluster takes each of its terms out of the learned IDF as
    many times as its articles carry it, no more, no less: the model is
    as it was before the cluster came."""
    d = started(tmp)
    req(d.sock, "POST", "/v1/idf", {"documents": [
        {"text": open(f, encoding="utf-8").read()} for f in FILES]})
    before = df_model(d.state)
    for k, v in list(BEFORE.items()) + list(AFTER.items()):
        put(d.sock, "storm", k, v)
    during = df_model(d.state)
    req(d.sock, "DELETE", "/v1/clusters/storm")
    after = df_model(d.state)
    ok(len(during[0]) > len(before[0]) and after == before,
       "a dropped cluster of %d articles leaves the model as it was (%d "
       "terms, %d with it)" % (len(BEFORE) + len(AFTER), len(before[0]),
                               len(during[0])))
    ok(d.stop() == 0, "clean exit")


def test_replace_counts_out(tmp):
    """Replacing an article counts its old text out of the learned IDF
    and the new one in; deleting it counts it out: the model is then as
    if the old text had never come. (The old text's terms are found
    before the store is held, and used only if it is still that text.)"""
    d = started(tmp)
    old, new = list(BEFORE.values())[0], list(AFTER.values())[0]
    before = df_model(d.state)
    put(d.sock, "swap", "x", new)
    only_new = df_model(d.state)
    req(d.sock, "DELETE", "/v1/clusters/swap/documents/x")
    gone = df_model(d.state)
    put(d.sock, "swap", "x", old)
    put(d.sock, "swap", "x", new)
    replaced = df_model(d.state)
    req(d.sock, "DELETE", "/v1/clusters/swap/documents/x")
    after = df_model(d.state)
    ok(gone == before and replaced == only_new and after == before and
       only_new != before,
       "an article put, replaced and deleted: the model holds the new "
       "text's terms alone, then as it was (%d terms, %d with it)"
       % (len(before[0]), len(only_new[0])))
    ok(d.stop() == 0, "clean exit")


def test_reload_during_write(tmp):
    """SIGHUP while a worker holds the store through a long write (a
    cluster dropped while another process holds the database's write lock,
    so that the drop waits inside SQLite with the store held): the event
    loop does not wait for it, and the new limits apply after."""
    d = started(tmp, "idf_min_documents = 1\n")
    for i, f in enumerate(FILES):
        put(d.sock, "huge", "d%d" % i, open(f, encoding="utf-8").read())
    done = {}

    def drop():
        try:
            done["st"] = req(d.sock, "DELETE", "/v1/clusters/huge")[0]
        except Exception as e:  # noqa: BLE001 - reported
            done["st"] = repr(e)

    other = sqlite3.connect(os.path.join(d.state, "summd.db"),
                            isolation_level=None, timeout=10)
    other.execute("BEGIN IMMEDIATE")
    t = threading.Thread(target=drop)
    t.start()
    end = time.time() + 10
    while time.time() < end and t.is_alive():
        if b"summd_jobs_in_flight 1" in req(d.sock, "GET", "/metrics")[3]:
            break
    with open(os.path.join(tmp, "c.conf"), "w") as f:
        f.write("idf_min_documents = 1\nmax_clusters = 1\n")
    d.p.send_signal(signal.SIGHUP)
    time.sleep(0.1)  # the loop takes the signal before the next request
    st = req(d.sock, "GET", "/v1/health")[0]
    running = t.is_alive()
    other.execute("ROLLBACK")
    other.close()
    t.join(60)
    ok(st == 200 and running and done.get("st") == 200,
       "health answered while the drop still ran (%s), the drop done (%s)"
       % (running, done.get("st")))
    # A summary cached before a reload is judged by the new limits.
    for i, f in enumerate(FILES):
        put(d.sock, "small", "f%d" % i, open(f, encoding="utf-8").read())
    st1, h1, _, _ = summary(d.sock, "small", {"length": {"sentences": 3}})
    with open(os.path.join(tmp, "c.conf"), "w") as f:
        f.write("idf_min_documents = 1\nmax_clusters = 2\n"
                "max_sentences = 2\n")
    d.p.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    st2, _, js, _ = summary(d.sock, "small", {"length": {"sentences": 3}})
    code = (js or {}).get("error", {}).get("code")
    ok(st1 == 200 and st2 == 422 and code == "length_too_large",
       "a cached summary is asked again after max_sentences = 2: %d, then "
       "%d %s" % (st1, st2, code))
    st3, _, js, _ = summary(d.sock, "small", {"length": {"sentences": 3}},
                            {"If-None-Match": h1.get("ETag", "")})
    code = (js or {}).get("error", {}).get("code")
    ok(st3 == 422 and code == "length_too_large",
       "and with the ETag it had before: %d %s, not 304" % (st3, code))
    put(d.sock, "one", "a", "A first article about the harbor storm.")
    st, _, js, _ = put(d.sock, "two", "a", "A second one about it.")
    code = (js or {}).get("error", {}).get("code")
    ok(st == 422 and code == "too_many_clusters",
       "the reloaded max_clusters = 2 applies to the next write (%d %s)"
       % (st, code))
    ok(d.stop() == 0, "clean exit")


def test_reload_while_queued(tmp):
    """A summary asked for before a reload and made after it, under the
    limits it came with, is not cached for requests under the new ones:
    after max_memory = 1M the same request is 413, not the old answer.
    (The summary waits for the store behind a drop that waits for another
    process's write lock, as in test_reload_during_write.)"""
    d = started(tmp, "threads = 2\n")
    for i, doc in enumerate(synthetic(40)):
        put(d.sock, "big", "d%d" % i, doc["text"])
    put(d.sock, "other", "a", BEFORE["wire"])
    other = sqlite3.connect(os.path.join(d.state, "summd.db"),
                            isolation_level=None, timeout=10)
    other.execute("BEGIN IMMEDIATE")
    got = {}

    def ask(key, method, path, body=None):
        try:
            got[key] = req(d.sock, method, path, body)
        except Exception as e:  # noqa: BLE001 - reported
            got[key] = (repr(e), None, None, None)

    drop = threading.Thread(target=ask, args=(
        "drop", "DELETE", "/v1/clusters/other"))
    drop.start()
    end = time.time() + 10
    while time.time() < end and b"summd_jobs_in_flight 1" not in req(
            d.sock, "GET", "/metrics")[3]:
        time.sleep(0.01)
    first = threading.Thread(target=ask, args=(
        "first", "POST", "/v1/clusters/big/summary", {}))
    first.start()
    while time.time() < end and b"summd_jobs_in_flight 2" not in req(
            d.sock, "GET", "/metrics")[3]:
        time.sleep(0.01)
    with open(os.path.join(tmp, "c.conf"), "w") as f:
        f.write("threads = 2\nmax_memory = 1M\n")
    d.p.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    other.execute("ROLLBACK")
    other.close()
    drop.join(30)
    first.join(30)
    st, h, js, _ = summary(d.sock, "big", {})
    code = (js or {}).get("error", {}).get("code")
    ok(got["drop"][0] == 200 and got["first"][0] == 200 and st == 413 and
       code == "too_large",
       "asked before the reload: %s; the same after it: %d %s, not the "
       "first's answer from the cache" % (got["first"][0], st, code))
    st2, _, _, _ = summary(d.sock, "big", {}, {
        "If-None-Match": got["first"][1].get("ETag", "")})
    ok(st2 == 413, "nor 304 to the first's tag (%d)" % st2)
    ok(d.stop() == 0, "clean exit")


def test_cache_after_reload(tmp):
    """A reload empties the cache, and the cache fills again after it: it
    once kept the count of the entries it had freed, so that after 64
    answers and a SIGHUP it kept none."""
    d = started(tmp)
    for k, v in BEFORE.items():
        put(d.sock, "bridge", k, v)
    for n in range(1, 65):
        summary(d.sock, "bridge", {"length": {"words": 20 + n}})
    d.p.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    again = [summary(d.sock, "bridge", {"length": {"words": 50}})[3]
             for _ in range(2)]
    same = again[0] == again[1] and b'"sentences"' in again[0]
    ok(same, "after 64 answers and a reload, an answer asked for twice "
       "comes from the cache the second time, byte for byte (%s)" % same)
    ok(d.stop() == 0, "clean exit")


def test_cache_big_request(tmp):
    """A summary asked for with a body over the cache's 16 MiB (here {}
    and white space) is not cached, and does not push out every answer
    that is: it once was put in, and the cache emptied itself of all."""
    d = started(tmp)
    for k, v in BEFORE.items():
        put(d.sock, "bridge", k, v)
    first = summary(d.sock, "bridge")[3]
    st = summary(d.sock, "bridge", b"{}" + b" " * (17 << 20))[0]
    again = summary(d.sock, "bridge")[3]
    ok(st == 200 and again == first,
       "after a 17 MiB request, an answer cached before still comes from "
       "the cache, byte for byte (%d, %s)" % (st, again == first))
    ok(d.stop() == 0, "clean exit")


def test_locked(tmp):
    """Another process holding the database's write lock past the busy
    timeout (5 s; a second summd's long drop, a backup): a write is 503
    store_busy with Retry-After, to be tried again, not 500 internal,
    which says summd is at fault."""
    d = started(tmp)
    put(d.sock, "a", "1", BEFORE["wire"])
    other = sqlite3.connect(os.path.join(d.state, "summd.db"),
                            isolation_level=None, timeout=10)
    other.execute("BEGIN IMMEDIATE")
    st, h, js, _ = put(d.sock, "a", "2", BEFORE["times"])
    other.execute("ROLLBACK")
    other.close()
    code = (js or {}).get("error", {}).get("code")
    ok(st == 503 and code == "store_busy" and h.get("Retry-After"),
       "a write while the database is locked: %d %s, Retry-After %s"
       % (st, code, h.get("Retry-After")))
    st = put(d.sock, "a", "2", BEFORE["times"])[0]
    ok(st == 201, "tried again once the lock is gone: %d" % st)
    ok(d.stop() == 0, "clean exit")


def summ(sock, *args):
    return subprocess.run([SUMM, "-S", sock] + list(args),
                          capture_output=True, timeout=60)


def test_client(tmp):
    d = started(tmp)
    r = summ(d.sock, "add", "storm", *FILES)
    lines = r.stdout.decode().splitlines()
    ok(r.returncode == 0 and len(lines) == len(FILES) and
       all(l.startswith("added storm/") for l in lines),
       "summ add: one line per file (%s)" % lines[:1])
    r = summ(d.sock, "add", "storm", FILES[0])
    ok(r.returncode == 0 and r.stdout.startswith(b"replaced"),
       "adding a file again replaces it")
    # Two files of one name in two folders would be one document.
    twin = os.path.join(tmp, "twin")
    os.makedirs(twin, exist_ok=True)
    other = os.path.join(twin, os.path.basename(FILES[1]))
    with open(other, "w", encoding="utf-8") as f:
        f.write("A different article that happens to share a name.\n")
    r = summ(d.sock, "add", "twins", FILES[1], other)
    st, _, _, _ = req(d.sock, "GET", "/v1/clusters/twins")
    ok(r.returncode == 64 and b"would both be document" in r.stderr and
       st == 404,
       "files that would share an id are refused, nothing sent (%d, %s)"
       % (r.returncode, r.stderr.decode().strip()[:90]))
    with open("/dev/full", "wb") as full:
        codes = [subprocess.run([SUMM, "-S", d.sock] + cmd, stdout=full,
                                stderr=subprocess.DEVNULL,
                                timeout=60).returncode
                 for cmd in (["list"], ["-n", "2", "summary", "storm"],
                             ["idf"])]
    ok(codes == [74, 74, 74],
       "list, summary, idf to a full disk: 74 each (%s)" % codes)
    r = summ(d.sock, "add", "partial", FILES[0],
             os.path.join(tmp, "no-such-file.txt"))
    st, _, _, _ = req(d.sock, "GET", "/v1/clusters/partial")
    ok(r.returncode == 66 and b"no-such-file.txt" in r.stderr and st == 404,
       "summ add GOOD MISSING: 66, and nothing stored, not GOOD alone "
       "(%d, %d)" % (r.returncode, st))
    # Found only by reading: a directory, and a file that is not UTF-8.
    bad = os.path.join(tmp, "latin1.txt")
    with open(bad, "wb") as f:
        f.write(b"Caf\xe9 owners met on Monday.")
    for other, code in ((tmp, 66), (bad, 65)):
        r = summ(d.sock, "add", "partial", FILES[0], other)
        st, _, _, _ = req(d.sock, "GET", "/v1/clusters/partial")
        ok(r.returncode == code and st == 404,
           "summ add GOOD %s: %d, and nothing stored (%d, %d: %s)"
           % ("DIRECTORY" if other == tmp else "LATIN-1", code,
              r.returncode, st,
              r.stderr.decode().strip().replace("\n", " / ")))
    r = summ(d.sock, "list")
    ok(r.returncode == 0 and b"storm" in r.stdout and
       (" %d " % len(FILES)).encode() in r.stdout, "summ list")
    r = summ(d.sock, "list", "storm")
    ok(r.returncode == 0 and all(os.path.basename(f).encode() in r.stdout
                                 for f in FILES), "summ list storm")
    r = summ(d.sock, "-n", "3", "summary", "storm")
    texts = [" ".join(open(f, encoding="utf-8").read().split())
             for f in FILES]
    lines = r.stdout.decode().splitlines()
    ok(r.returncode == 0 and len(lines) == 3 and
       all(any(l in t for t in texts) for l in lines),
       "summ summary: three sentences of the articles")
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/storm")
    r = summ(d.sock, "summary", "storm", "--since", str(js["revision"]))
    ok(r.returncode == 0 and r.stdout == b"",
       "summ summary --since the latest revision prints nothing")
    # A revision of 16 digits goes as it was given (cJSON's own number
    # sent 2^53 - 1 as 9.00719925474099e+15, 9007199254740990: it takes
    # 15 digits as enough when they are within DBL_EPSILON of the value),
    # and one past summd's 2^53 is refused here, as summd would refuse it.
    r = summ(d.sock, "--json", "summary", "storm", "--since",
             "9007199254740991")
    got = json.loads(r.stdout).get("since") if r.returncode == 0 else None
    ok(got == 9007199254740991,
       "summ summary --since 9007199254740991 sends that revision (%s)"
       % got)
    r = summ(d.sock, "summary", "storm", "--since", "9007199254740994")
    ok(r.returncode == 64 and b"--since" in r.stderr,
       "summ summary --since past 2^53: 64 (%d)" % r.returncode)
    r = summ(d.sock, "summary", "nosuch")
    ok(r.returncode == 66 and b"nosuch" in r.stderr,
       "a cluster that is not there: 66 (as a missing file), named (%d)"
       % r.returncode)
    r = summ(d.sock, "summary", "bad/name")
    ok(r.returncode == 64, "a bad cluster name: 64")
    r = summ(d.sock, "cat", "storm", os.path.basename(FILES[1]))
    ok(r.returncode == 0 and r.stdout == open(FILES[1], "rb").read(),
       "summ cat: the stored article, byte for byte as the file")
    r = summ(d.sock, "cat", "storm", "nosuch")
    ok(r.returncode == 66 and b"nosuch" in r.stderr and r.stdout == b"",
       "summ cat of an article that is not there: 66, named")
    with open("/dev/full", "wb") as full:
        r = subprocess.run([SUMM, "-S", d.sock, "cat", "storm",
                            os.path.basename(FILES[1])],
                           stdout=full, stderr=subprocess.PIPE, timeout=60)
    ok(r.returncode == 74 and b"standard output" in r.stderr,
       "summ cat to a full disk: 74 (%d)" % r.returncode)
    # Titles and dates come from --input, ids from each document.
    jl = os.path.join(tmp, "docs.jsonl")
    with open(jl, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "w1", "title": "Bridge opens",
                            "date": "2026-03-02",
                            "text": BEFORE["wire"]}) + "\n")
        f.write(json.dumps({"id": "w2", "date": "2026-03-05T10:00:00Z",
                            "text": AFTER["tram"]}) + "\n")
    r = summ(d.sock, "--input", jl, "add", "dated")
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/dated")
    got = [(x["id"], x["title"], x["date"])
           for x in (js or {}).get("documents", [])]
    ok(r.returncode == 0 and got == [
        ("w1", "Bridge opens", "2026-03-02T00:00:00Z"),
        ("w2", None, "2026-03-05T10:00:00Z")],
       "summ --input DOCS add CLUSTER: ids, titles and dates stored (%s)"
       % got)
    for name, docs, why in (
            ("noid.json", [{"id": "n1", "text": "One."}, {"text": "Two."}],
             b"document 1"),
            ("dup.json", [{"id": "n1", "text": "One."},
                          {"id": "n1", "text": "Two."}], b"two documents"),
            ("badid.json", [{"id": "a/b", "text": "One."}], b"a/b")):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(docs, f)
        r = summ(d.sock, "--input", path, "add", "refused")
        st, _, _, _ = req(d.sock, "GET", "/v1/clusters/refused")
        ok(r.returncode == 65 and why in r.stderr and st == 404,
           "summ --input %s add: 65 before anything is sent (%s)"
           % (name, r.stderr.decode().strip()[:80]))
    path = os.path.join(tmp, "baddate.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump([{"id": "late", "text": "A.", "date": "yesterday"}], f)
    r = summ(d.sock, "--input", path, "add", "dated")
    ok(r.returncode == 65 and b"document late" in r.stderr and
       b"date" in r.stderr,
       "a document summd refuses: 65, named with its field")
    r = summ(d.sock, "--input", jl, "add", "dated", FILES[0])
    ok(r.returncode == 64, "summ --input DOCS add CLUSTER FILE: 64")
    for args in (("-n", "3", "list"), ("-w", "100", "add", "storm", FILES[0]),
                 ("--ratio", "0.5", "rm", "storm"), ("-q", "storm", "cat",
                 "storm", "x"), ("-v", "--input", jl, "add", "dated")):
        r = summ(d.sock, *args)
        ok(r.returncode == 64 and b"is for summaries" in r.stderr,
           "summ %s: 64, an option that shapes a summary is not dropped "
           "unsaid" % " ".join(os.path.basename(a) for a in args))
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/storm")
    ok(len(js["documents"]) == len(FILES),
       "a refused summ add or rm changed nothing stored")
    r = summ(d.sock, "-n", "2", "summary", "storm")
    ok(r.returncode == 0 and len(r.stdout.strip().split(b"\n")) == 2,
       "summ -n 2 summary CLUSTER: still two sentences")
    r = summ(d.sock, "--input", jl, "list")
    ok(r.returncode == 64 and b"--input is for summarizing, or for add"
       in r.stderr, "--input with list: 64, saying what --input is for")
    put(d.sock, "dated", "odd", "A short text.",
        title="Line one\nLine \x1b[31mred\u0085 \u00c5re")
    r = summ(d.sock, "list", "dated")
    row = [l for l in r.stdout.split(b"\n") if l.startswith(b"odd ")]
    ok(r.returncode == 0 and len(row) == 1 and b"\x1b" not in r.stdout and
       row[0].endswith("Line one?Line ?[31mred? \u00c5re".encode()),
       "summ list: a title's newline, escape and C1 control print as ?, "
       "its letters as they are (%s)" % row)
    r = summ(d.sock, "rm", "storm", os.path.basename(FILES[0]))
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/storm")
    ok(r.returncode == 0 and len(js["documents"]) == len(FILES) - 1,
       "summ rm CLUSTER ID removes one article")
    r = summ(d.sock, "idf", "import", *FILES)
    ok(r.returncode == 0 and b"learned IDF:" in r.stdout,
       "summ idf import: %s" % r.stdout.decode().strip())
    r = summ(d.sock, "rm", "storm")
    r2 = summ(d.sock, "list", "storm")
    ok(r.returncode == 0 and r2.returncode == 66, "summ rm CLUSTER drops it")
    for i in range(3):
        put(d.sock, "three", "t%d" % i, "Article number %d." % i)
    r = summ(d.sock, "rm", "three", "t0", "nosuch", "t2")
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/three")
    left = [x["id"] for x in js["documents"]]
    ok(r.returncode == 66 and b"nosuch" in r.stderr and left == ["t1"],
       "summ rm A MISSING B: as rm(1), B is still removed, the missing one "
       "named, exit 66 (%d, left %s)" % (r.returncode, left))
    r = summ(d.sock, "--json", "rm", "three", "t1")
    ok(r.returncode == 0 and json.loads(r.stdout)["id"] == "t1",
       "summ --json rm prints summd's answer")
    empty = os.path.join(tmp, "empty.json")
    with open(empty, "w") as f:
        f.write("[]")
    r = summ(d.sock, "--input", empty, "add", "three")
    ok(r.returncode == 65 and b"no documents" in r.stderr,
       "summ --input EMPTY add: 65, not a silent success")
    # Long names: the whole id reaches summd, and rm takes that article,
    # not one whose id is the start of it.
    cluster = "c" * 64
    long_dir = os.path.join(tmp, "long")
    os.makedirs(long_dir, exist_ok=True)
    long_name = "a" * 196 + ".txt"
    with open(os.path.join(long_dir, long_name), "w", encoding="utf-8") as f:
        f.write(open(FILES[0], encoding="utf-8").read())
    short_name = long_name[:150]
    put(d.sock, cluster, short_name, open(FILES[1], encoding="utf-8").read())
    r = summ(d.sock, "add", cluster, os.path.join(long_dir, long_name))
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/" + cluster)
    ids = sorted(x["id"] for x in js.get("documents", []))
    ok(r.returncode == 0 and ids == sorted([long_name, short_name]),
       "summ add: a 200-byte id in a 64-byte cluster arrives whole (%s)"
       % [len(i) for i in ids])
    r = summ(d.sock, "rm", cluster, long_name)
    _, _, js, _ = req(d.sock, "GET", "/v1/clusters/" + cluster)
    ids = [x["id"] for x in js.get("documents", [])]
    ok(r.returncode == 0 and ids == [short_name],
       "summ rm removes that article and leaves the one named by its start")
    # The last file skipped (invalid UTF-8): the batch before it still goes.
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    before = js["documents"]
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"Not UTF-8: \xff\xfe.\n")
    blank = os.path.join(tmp, "blank.txt")
    with open(blank, "w", encoding="utf-8") as f:
        f.write(" \n\t... \u2014 \u00a0\n")
    r = summ(d.sock, "idf", "import", FILES[0], blank, bad)
    _, _, js, _ = req(d.sock, "GET", "/v1/idf")
    ok(r.returncode == 65 and js["documents"] == before + 1 and
       r.stderr.count(b"skipped") == 2 and b"learned IDF:" in r.stdout,
       "summ idf import GOOD BLANK BAD: the good one counted (%d -> %d), "
       "the two skipped named, exit 65 (%d)"
       % (before, js["documents"], r.returncode))
    ok(b"not used (idf_min_documents = 0)" in r.stdout and
       js.get("min_documents") == 0 and js.get("snapshot", "absent") is None,
       "with idf_min_documents = 0 it says the model is not used, not "
       "'not yet'; GET /v1/idf: min_documents 0, snapshot null (%s)"
       % r.stdout.decode().strip())
    ok(d.stop() == 0, "clean exit")


def test_client_idf_batches(tmp):
    """summ idf import sends its files in batches of up to 500; a daemon
    whose max_documents or max_body is smaller refuses such a batch (413),
    and summ sends it again in halves, so every file is counted."""
    for conf in ("max_documents = 2\n", "max_body = 1K\n"):
        sub = os.path.join(tmp, conf.split()[0])
        os.mkdir(sub)
        d = started(sub, conf)
        r = summ(d.sock, "idf", "import", *FILES)
        _, _, js, _ = req(d.sock, "GET", "/v1/idf")
        ok(r.returncode == 0 and js["documents"] == len(FILES),
           "summ idf import of %d files, %s: all counted (exit %d, %s "
           "counted; %s)" % (len(FILES), conf.strip(), r.returncode,
                             js["documents"], r.stderr.decode().strip()))
        d.stop()


run([test_add_one_by_one, test_replace_and_delete, test_get_document,
     test_etags, test_update_summary, test_restart, test_tag_across_restart,
     test_kill9, test_removed_db, test_disk_full, test_bad_state_dir,
     test_upgrade, test_two_at_once, test_limits, test_too_large_unread,
     test_learned_idf,
     test_validation, test_no_store, test_drop_counts_out,
     test_replace_counts_out,
     test_import_counts, test_reload_during_write, test_reload_while_queued,
     test_cache_after_reload, test_cache_big_request, test_locked,
     test_client, test_client_idf_batches],
    "summd-store-")
