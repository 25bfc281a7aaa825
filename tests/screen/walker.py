"""Shared set-up for the walker's screen tests: the fixture lessons, a
Screen that runs corelab on them, and what they look at on it. Checks and
waits come from the kit in tests/lib (check goes on after a failure; run
reports every failure and exits 1 if there was one)."""
import os
import re
import resource
import signal

import checks
from checks import check, require, run_tests  # noqa: F401 (the screen tests' checks)
from tmuxscreen import BIN, LESSONS, Screen, ScreenTimeout  # noqa: F401

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
# The screen tests' messages say what went wrong: only failures are printed.
checks.report_ok = False


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


def wait_exit(s, expect=0):
    rc = s.exit_status()
    check(rc == expect, f"exit status {rc}, expected {expect}", s)
    return rc


def signal_ends_it(s, sig):
    """Send sig to corelab: it exits with 128 + sig and the terminal restored."""
    pid = s.program_pid()
    require(pid > 0, "corelab's pid is known")  # never kill(0): that is our own group
    os.kill(pid, sig)
    rc = s.exit_status()
    check(rc == 128 + sig, f"exit status after {signal.Signals(sig).name}: {rc}", s)
    check(s.alternate_screen_off(), f"terminal not restored after {signal.Signals(sig).name}")


def run(*tests):
    """Run the test functions: every failed check is reported, exit 1 if
    any."""
    run_tests({t.__name__: t for t in tests}, [])


NON_ASCII = re.compile(r"[^\x00-\x7f]")
