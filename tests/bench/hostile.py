#!/usr/bin/env python3
"""Engine time on hostile text: for each pattern, a 600 KB document of it
alone and one with it between ordinary sentences (3, 300 and 30,000
repeats at a time), summarized by summ-bench. Prints the slowest cases; a
pattern whose time grows faster than its size is the bug to look for (a
megabyte of "A.A.A..." once took a worker seven minutes).

    tests/bench/hostile.py [BUILD]     (default: build)
"""

import os
import random
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
BENCH = os.path.join(TOP, sys.argv[1] if len(sys.argv) > 1 else "build",
                     "tests", "bench", "summ-bench")
SIZE = 600000
PATTERNS = {
    "initials": "A.", "lower initials": "a. ", "titles": "Mr. ",
    "acronyms": "U.S.", "digits and dots": "1.2.", "domain dots": "www.",
    "open brackets": "(", "straight quotes": '"', "curly quotes": "\u201c",
    "one letter": "A", "full stops": ". ", "ellipses": "\u2026",
    "CJK stops": "\u4e2d\u3002", "?!": "?!", "mixed": "Dr.A.b. ",
    "newlines": "\n", "short lines": "A\n\n", "colons": "A: ",
    "capitals": "ABC DEF. ", "no-break spaces": "\u00a0",
    "link lines": "Read more: x\n", "bylines": "By A B\n",
    "stopwords": "the ", "URLs": "http://a.b/c ", "datelines": "PARIS (AP) -- ",
    "brackets": "[A] ", "em dashes": "\u2014", "one digit": "1",
    "attribution": "he said ", "a name": "Harbor ", "hyphens": "a-",
}
WORDS = ("harbor storm river bridge mayor council flood water street police "
         "rescue boat wind rain coast city town school road power").split()


def sentence(rng):
    n = rng.randint(6, 20)
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ". "


def run(path, plain):
    t0 = time.perf_counter()
    r = subprocess.run([BENCH, "-w", "100", path, plain],
                       capture_output=True, timeout=600)
    return time.perf_counter() - t0, r.returncode


def main():
    if not os.access(BENCH, os.X_OK):
        sys.exit("hostile.py: no %s (build first)" % BENCH)
    rng = random.Random(1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="summd-hostile-") as tmp:
        plain = os.path.join(tmp, "plain.txt")
        with open(plain, "w") as f:
            f.write("".join(sentence(rng) for _ in range(2000)))
        for name, p in PATTERNS.items():
            for rep in (0, 3, 300, 30000):
                if rep == 0:
                    text = p * (SIZE // len(p.encode()))
                else:
                    parts, size = [], 0
                    while size < SIZE:
                        s = sentence(rng) + p * rep + " " + sentence(rng)
                        parts.append(s)
                        size += len(s.encode())
                    text = "".join(parts)
                path = os.path.join(tmp, "h.txt")
                with open(path, "w") as f:
                    f.write(text)
                secs, rc = run(path, plain)
                rows.append((secs, name, rep, rc))
    rows.sort(reverse=True)
    print("%-18s %8s %4s %9s" % ("pattern", "repeats", "exit", "seconds"))
    for secs, name, rep, rc in rows[:12]:
        print("%-18s %8s %4d %9.3f" % (name, rep or "alone", rc, secs))
    print("%d cases, slowest %.3f s, median %.3f s (600 KB each, with 2,000 "
          "ordinary sentences beside)" % (len(rows), rows[0][0],
                                           rows[len(rows) // 2][0]))


main()
