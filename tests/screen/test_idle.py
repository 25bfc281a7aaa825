#!/usr/bin/env python3
"""An idle walker sends (almost) nothing to the terminal: no full repaints
per tick, only the clock when the minute changes. A step change sends far
less than a full screen repaint would... and a fatal signal still leaves the
terminal restored."""
import os
import signal
import time

from procs import cpu_seconds
from walker import check, run, signal_ends_it, walker


def bytes_during(s, seconds):
    out = os.path.join(s.tmpdir, "pane-output")
    s._tmux("pipe-pane", "-o", "-t", "t", f"cat > {out}")
    time.sleep(seconds)  # measuring what happens in this time, not waiting for a condition
    s._tmux("pipe-pane", "-t", "t")
    time.sleep(0.2)
    with open(out, "rb") as f:
        return f.read()


def cpu_during(pid, seconds):
    c0 = cpu_seconds(pid)
    time.sleep(seconds)  # measuring, as above
    return cpu_seconds(pid) - c0


def test():
    with walker("--open", "alpha") as s:  # --open: no start-up hint to expire meanwhile
        s.wait_for("step 1/4")
        s.wait_for("Objectives")
        data = bytes_during(s, 2.5)
        # At most one clock change (a minute boundary) may fall in the window.
        check(len(data) < 120, f"{len(data)} bytes sent while idle: {data[:200]!r}")
        pid = s.program_pid()
        # No busy loop: idle on a text step, and with the index over a demo step.
        used = cpu_during(pid, 2.0)
        check(used < 0.15, f"idle walker used {used:.2f} s of CPU in 2 s")
        s.send("Right", "Right", "Right")
        s.wait_for("step 4/4")
        s.send("g")
        s.wait_for("Lessons")
        used = cpu_during(pid, 2.0)
        check(used < 0.15, f"index over a demo step used {used:.2f} s of CPU in 2 s")
        s.send("Escape")
        s.wait_gone("Lessons")
        signal_ends_it(s, signal.SIGABRT)


run(test)
