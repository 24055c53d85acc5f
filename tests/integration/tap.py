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
