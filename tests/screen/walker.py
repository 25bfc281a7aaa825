"""Shared set-up for the walker's screen tests: the fixture lessons, a
Screen that runs corelab on them, and small assertions."""
import os
import re
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from tmuxscreen import BIN, LESSONS, Screen, ScreenTimeout  # noqa: E402,F401

FIXTURES = os.path.join(HERE, "fixtures")


# No core files from the signal tests (the tmux server, and so every
# program it starts, inherits this limit).
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class WalkerScreen(Screen):
    def program_pid(self, timeout=10.0):
        """corelab's pid (tmuxscreen's pane_pid is the program's)."""
        return self.pane_pid(timeout=timeout)


def walker(*args, width=100, height=30, env=None, lessons=FIXTURES):
    """corelab on the fixture lessons (or lessons=None for the default)."""
    argv = [BIN]
    if lessons:
        argv += ["--lessons", lessons]
    return WalkerScreen(argv + list(args), width=width, height=height, env=env)


def status_line(screen_text):
    lines = [l for l in screen_text.rstrip("\n").split("\n")]
    return lines[-1] if lines else ""


def capture_escapes(s):
    """The screen with its attributes as escape sequences (tmux -e)."""
    r = s._tmux("capture-pane", "-p", "-e", "-t", "t", check=False)
    return r.stdout


def wait_exit(s, expect=0):
    rc = s.exit_status()
    if rc != expect:
        raise AssertionError(f"exit status {rc}, expected {expect}; screen:\n{s.text()}")
    return rc


def check(cond, msg, s=None):
    if not cond:
        raise AssertionError(msg + ("\nscreen:\n" + s.text() if s else ""))


def wait_all(s, words, timeout=10.0):
    """Poll until every word is on the screen at once (tmux may show a
    half-painted screen for a moment); return the screen."""
    deadline = time.monotonic() + timeout
    while True:
        t = s.text()
        missing = [w for w in words if w not in t]
        if not missing:
            return t
        if time.monotonic() > deadline:
            raise ScreenTimeout(f"missing {missing!r}; screen was:\n{t}")
        time.sleep(0.05)


def run(test):
    """Run one test function and turn a failure into exit 1 with a message."""
    try:
        test()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
    print("ok")


NON_ASCII = re.compile(r"[^\x00-\x7f]")
