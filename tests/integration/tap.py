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


def _stop_children():
    """What a test that raised left running (a summd it started and never
    stopped): this process's own children, found by parent PID and killed
    by PID, so that no daemon outlives the suite."""
    import os
    import signal

    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            try:
                os.kill(int(name), signal.SIGKILL)
                os.waitpid(int(name), 0)
            except OSError:
                pass


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
                _stop_children()
    done()
