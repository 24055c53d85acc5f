#!/usr/bin/env python3
"""Clusters in German, French, Spanish, Russian and Chinese (three articles
each, written for these tests in tests/data/lang/): the language of each
article and of the summary is detected, the summary's sentences are whole
sentences of the articles at the offsets given, and a sentence two outlets
share word for word is chosen once. A Thai cluster, written without full
stops, is summarized in its sentences. Prints TAP.

    test_languages.py SUMMD DATA_DIR"""

import json
import os
import signal
import sys
import unicodedata

from proc import start
from tap import ok, run
from unixhttp import UnixHTTP

SUMMD, DATA = sys.argv[1], sys.argv[2]
ENDS = (".", "!", "?", "\u3002", "\uff01", "\uff1f")
CLOSERS = "\"'\u201d\u201c\u00bb\u300d\u300f) "



def summarize(sock, body):
    c = UnixHTTP(sock)
    c.request("POST", "/v1/summarize", json.dumps(body).encode(),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, json.loads(data)


def cluster(code):
    d = os.path.join(DATA, code)
    return [{"id": "%s-%s" % (code, f[:-4]),
             "text": open(os.path.join(d, f), encoding="utf-8").read()}
            for f in sorted(os.listdir(d))]


def check_cluster(sock, code):
    docs = cluster(code)
    st, js = summarize(sock, {"documents": docs,
                              "length": {"sentences": 3}})
    ok(st == 200 and js["language"] == code and
       [d["language"] for d in js["documents"]] == [code] * len(docs),
       "%s: each article and the summary read as %s (%s)"
       % (code, code, js.get("language") if st == 200 else js))
    if st != 200:
        return
    by_id = {d["id"]: d["text"].encode() for d in docs}
    whole = 0
    for s in js["sentences"]:
        raw = by_id[s["document"]][s["offset"]:s["offset"] + s["length"]]
        text = raw.decode()
        before = by_id[s["document"]][:s["offset"]].decode().rstrip(" ")
        whole += (text == s["text"] and text.rstrip(CLOSERS).endswith(ENDS)
                  and (before == "" or before.endswith(("\n",) + ENDS) or
                       before.rstrip(CLOSERS).endswith(ENDS)))
    ok(whole == len(js["sentences"]) == 3,
       "%s: 3 whole sentences of the articles, at their byte offsets (%d)"
       % (code, whole))
    # The lead of article 1 is repeated word for word in article 3.
    lead = [s for s in js["sentences"] if s["text"] in by_id[
        "%s-3" % code].decode() and s["text"] in by_id["%s-1" % code].decode()]
    texts = [s["text"] for s in js["sentences"]]
    ok(len(set(texts)) == len(texts) and len(lead) <= 1,
       "%s: the sentence two articles share is chosen once" % code)


# The sentences of tests/data/lang/th, as they were written: Thai ends a
# sentence with a space, and a space inside one ("อันนา แบร์ก", a name)
# ends nothing.
THAI = {
    "สะพานใหม่ข้ามแม่น้ำลินด์เปิดให้รถสัญจรอย่างเป็นทางการเมื่อเช้าวันจันทร์",
    "นายกเทศมนตรีอันนา แบร์ก ตัดริบบิ้นต่อหน้าผู้ชมราวสามพันคน",
    "การก่อสร้างสะพานใช้เวลาสองปีและใช้งบประมาณราวสี่สิบล้านยูโร",
    "สะพานเก่าสร้างขึ้นเมื่อปี 1968 และถูกมองว่าไม่ปลอดภัยมาหลายปี",
    "รถบรรทุกถูกห้ามใช้สะพานเก่ามานานแล้ว",
    "เทศบาลวางแผนจะรื้อสะพานเก่าในฤดูร้อนปีนี้",
    "ชาวเมืองหลายพันคนมาร่วมงานเปิดสะพานใหม่ข้ามแม่น้ำลินด์ในวันจันทร์",
    "นายกเทศมนตรีกล่าวว่าสะพานนี้จะช่วยลดรถติดในใจกลางเมืองได้มาก",
    "สะพานมีความยาวสามร้อยสิบเมตรและมีทางจักรยานทั้งสองฝั่ง",
    "นักวิจารณ์บางคนกล่าวว่างบประมาณสี่สิบล้านยูโรสูงเกินไปสำหรับเมืองขนาดเล็ก",
    "ร้านค้าริมแม่น้ำรายงานว่ามีลูกค้ามากที่สุดในรอบหลายปี",
    "เทศบาลประกาศว่าสะพานใหม่ข้ามแม่น้ำลินด์จะเปิดใช้ตั้งแต่วันจันทร์",
    "การก่อสร้างล่าช้าไปหกเดือนเพราะวิศวกรพบดินอ่อนใต้ฝั่งตะวันออก",
    "สะพานใหม่ใช้งบประมาณราวสี่สิบล้านยูโรและใช้เวลาสร้างสองปี",
    "รถบรรทุกจะกลับมาใช้เส้นทางข้ามแม่น้ำได้อีกครั้งหลังจากถูกห้ามบนสะพานเก่า",
    "สะพานเก่าจะถูกรื้อถอนในฤดูร้อนนี้",
}


def check_thai(sock):
    docs = cluster("th")
    st, js = summarize(sock, {"documents": docs,
                              "length": {"sentences": 3}})
    ok(st == 200 and js["language"] == "th" and
       [d["language"] for d in js["documents"]] == ["th"] * len(docs),
       "th: a Thai cluster, written without full stops, is summarized "
       "(%d %s)" % (st, js.get("language", js)))
    if st != 200:
        return
    by_id = {d["id"]: d["text"].encode() for d in docs}
    texts = [s["text"] for s in js["sentences"]]
    at = all(by_id[s["document"]][s["offset"]:s["offset"] + s["length"]] ==
             s["text"].encode() for s in js["sentences"])
    ok(len(texts) == 3 and at and set(texts) <= THAI,
       "th: 3 of the sentences as written, at their byte offsets (%s)"
       % [t for t in texts if t not in THAI])
    st, js = summarize(sock, {"documents": docs,
                              "length": {"words": 120}})
    # A character is a word; a vowel or tone mark above or below it is
    # part of it.
    shown = sum(1 for s in js.get("sentences", []) for ch in s["shown"]
                if unicodedata.category(ch) != "Mn")
    ok(st == 200 and 0 < shown <= 120 and
       {s["text"] for s in js["sentences"]} <= THAI,
       "th: a 120-word budget is 120 characters at most, headlines left "
       "out (%d: %s)" % (shown, [s["text"] for s in js.get("sentences", [])
                                 if s["text"] not in THAI]))


def test_clusters(tmp):
    p, sock, _ = start(SUMMD, tmp, "", ["--log-level", "warn"])
    for code in ("de", "fr", "es", "ru", "zh"):
        check_cluster(sock, code)
    check_thai(sock)

    st, js = summarize(sock, {"documents": cluster("zh"),
                              "length": {"words": 40}})
    count = sum(1 for ch in js.get("summary", "")
                if "\u4e00" <= ch <= "\u9fff")
    ok(st == 200 and 0 < count <= 40,
       "zh: a 40-word budget is 40 characters at most (%d)" % count)

    mixed = cluster("de")[:1] + cluster("fr")[:1] + cluster("ru")[:1] + [
        {"id": "en-1", "text": "The new bridge over the river Lind opened "
         "to traffic on Monday morning. It took two years to build."}]
    st, js = summarize(sock, {"documents": mixed,
                              "length": {"sentences": 2}})
    ok(st == 200 and [d["language"] for d in js["documents"]] ==
       ["de", "fr", "ru", "en"],
       "a mixed cluster: each article in its own language (%s)"
       % [d["language"] for d in js.get("documents", [])])

    st, js = summarize(sock, {"documents": cluster("fr"),
                              "language": "de", "length": {"sentences": 2}})
    ok(st == 200 and {d["language"] for d in js["documents"]} == {"de"},
       "\"language\": \"de\" reads every article as German")
    st, js = summarize(sock, {"documents": cluster("fr"),
                              "language": "xx"})
    ok(st == 422 and js["error"]["field"] == "language",
       "an unknown language: 422 naming the field")
    p.send_signal(signal.SIGTERM)
    ok(p.wait(30) == 0, "clean exit")


run([test_clusters], "summd-lang-")
