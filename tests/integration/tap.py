"""TAP output for the integration tests: one line a check, a plan at the
end, and an exit status that says whether any check failed."""

import sys

_count = 0
_failed = 0


def ok(cond, name):
    global _count, _failed
    _count += 1
    if not cond:
        _failed += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (_count, name),
          flush=True)
    return cond


def done():
    print("1..%d" % _count)
    sys.exit(1 if _failed else 0)


def run(tests, prefix):
    """Run each test function in a private directory of its own; one that
    raises is a failed check, and the others still run. Then the plan."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        for t in tests:
            sub = os.path.join(tmp, t.__name__)
            os.mkdir(sub)
            try:
                t(sub)
            except Exception as e:  # noqa: BLE001 - report, go on
                ok(False, "%s raised %r" % (t.__name__, e))
    done()
