"""Shared set-up for the walker's screen tests: the fixture lessons, a
Screen that runs corelab on them, and small assertions."""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from tmuxscreen import BIN, LESSONS, Screen, ScreenTimeout  # noqa: E402,F401

FIXTURES = os.path.join(HERE, "fixtures")


# tmux 3.3a does not always record a dead pane's exit status
# (#{pane_dead_status} stays empty), so a small sh records it in
# $HOME/exit-status (HOME is the Screen's own temporary directory), and
# signals go to corelab itself, the child of that sh.
RECORD = 'ulimit -c 0; "$@"; echo $? > "$HOME/exit-status"'


class WalkerScreen(Screen):
    def program_pid(self, timeout=10.0):
        """corelab's pid: the child of the pane's sh."""
        sh = self.pane_pid()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        stat = f.read()
                except OSError:
                    continue
                fields = stat[stat.rfind(")") + 2:].split()
                if int(fields[1]) == sh:
                    return int(entry)
            time.sleep(0.05)
        raise AssertionError("corelab's process not found")

    def exit_status(self, timeout=10.0):
        path = os.path.join(self.tmpdir, "exit-status")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead() and os.path.exists(path):
                with open(path) as f:
                    text = f.read().strip()
                if text:
                    return int(text)
            time.sleep(0.05)
        raise ScreenTimeout("program did not exit; screen was:\n" + self.text())


def walker(*args, width=100, height=30, env=None, lessons=FIXTURES):
    """corelab on the fixture lessons (or lessons=None for the default)."""
    argv = ["sh", "-c", RECORD, "sh", BIN]
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
