"""What a corelab test asserts, and how it waits for what it asserts.

    check(cond, what, detail="")     prints "ok   WHAT" or "FAIL WHAT" (and the
                                     detail), counts a failure, goes on;
                                     returns cond
    require(cond, what, detail="")   the same, but a failure ends the test:
                                     it raises Failed
    finish()                         exits 0 when every check passed, else 1
                                     naming the failures
    skip(why)                        exits 77, which meson counts as skipped:
                                     for what this machine lacks, never for a
                                     part of corelab that does not work
    not_checked(what, why)           says that a check cannot be made on this
                                     machine (it has one CPU); finish()
                                     repeats it. A check that cannot run
                                     because corelab failed is a failed check.
    run_tests(tests, names=None)     runs the functions of the dict tests named
                                     in names (sys.argv[1:] by default; all of
                                     them when none is named); an
                                     AssertionError (Failed, a screen timeout,
                                     a bare assert) fails that test and the
                                     others still run; then finish()
    poll(cond, timeout, interval)    cond()'s first true value within timeout
                                     seconds, else its last (false) value
    wait_until(cond, timeout, what)  poll's value, or Failed("timed out after
                                     N s waiting for WHAT") at the deadline
    SANITIZED, SLOW                  whether corelab runs under a sanitizer, and
                                     how much slower it then is: scale deadlines
                                     by SLOW (never a time a test measures)

detail may be text, anything with a text() method (a tmux Screen: its text
is shown) or a function that returns the text (called only on a failure).
A costly condition (squeue, a corelab run) is polled no more often than it
takes: the pause after a try is interval or the try's own time, whichever is
longer. Set report_ok = False where a test makes thousands of checks: then
only failures are printed.
"""
import os
import sys
import time

SANITIZED = any(k in os.environ for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"))
SLOW = float(os.environ.get("CORELAB_TEST_SLOW", "1"))
if os.environ.get("TSAN_OPTIONS") or os.environ.get("ASAN_OPTIONS"):
    SLOW = max(SLOW, 4.0)

report_ok = True
failures = []
unchecked = []
passed = 0


class Failed(AssertionError):
    """A check that ends the test, or a wait that ran out of time."""

    def __init__(self, message, counted=False):
        super().__init__(message)
        self.counted = counted  # check() has already counted it


def _detail_text(detail):
    if hasattr(detail, "text"):
        return detail.text()
    return str((detail() if callable(detail) else detail) or "")


def check(cond, what, detail=""):
    global passed
    if cond:
        passed += 1
        if report_ok:
            print("ok   " + what, flush=True)
    else:
        text = _detail_text(detail)
        print("FAIL " + what + ("\n" + text if text else ""), flush=True)
        failures.append(what)
    return cond


def require(cond, what, detail=""):
    if not check(cond, what, detail):
        raise Failed(what, counted=True)
    return cond


def not_checked(what, why):
    print(f"NOT CHECKED {what}: {why}", flush=True)
    unchecked.append(what)


def finish():
    if unchecked:
        print(f"{len(unchecked)} not checked on this machine: " + "; ".join(unchecked), flush=True)
    if failures:
        print(f"{len(failures)} of {len(failures) + passed} checks failed: " + "; ".join(failures), flush=True)
        sys.exit(1)
    print(f"all {passed} checks passed", flush=True)
    sys.exit(0)


def skip(why):
    print("SKIP: " + why, flush=True)
    sys.exit(77)


def run_tests(tests, names=None):
    names = sys.argv[1:] if names is None else names
    for name in names or list(tests):
        if name not in tests:
            check(False, f"{name}: no such test (known: {', '.join(tests)})")
            continue
        try:
            tests[name]()
        except AssertionError as e:
            if not getattr(e, "counted", False):
                check(False, f"{name}: {e}")
            continue
        check(True, name)
    finish()


def poll(cond, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        start = time.monotonic()
        value = cond()
        now = time.monotonic()
        if value or now >= deadline:
            return value
        time.sleep(min(max(interval, now - start), deadline - now))


def wait_until(cond, timeout, what, interval=0.05, detail=""):
    value = poll(cond, timeout, interval)
    if not value:
        text = _detail_text(detail)
        raise Failed(f"timed out after {timeout:g} s waiting for {what}" + ("\n" + text if text else ""))
    return value
