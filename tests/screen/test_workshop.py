#!/usr/bin/env python3
"""Every step of the bundled workshop shows, in ASCII at 80x24: the status
bar counts through each lesson, nothing on any screen is non-ASCII, and
the walk ends at the last step of the last lesson."""
import re
import subprocess

from walker import BIN, LESSONS, NON_ASCII, check, require, run, status_line, walker, wait_exit

STEP = re.compile(r"step (\d+)/(\d+)")


def where(text):
    st = status_line(text)
    m = STEP.search(st)
    return (st[:m.start()].strip(), int(m.group(1)), int(m.group(2))) if m else None


def test():
    listing = subprocess.run([BIN, "list", "--lessons", LESSONS], capture_output=True, text=True, timeout=20)
    require(listing.returncode == 0, "corelab list failed: " + listing.stderr)
    total = int(re.findall(r"\d+", listing.stdout.strip().split("\n")[-1])[-2])
    with walker("--ascii", width=80, height=24, lessons=LESSONS) as s:
        t = s.wait_for(r"step 1/\d+", regex=True)
        seen = 1
        here = where(t)
        while True:
            bad = NON_ASCII.findall(t)
            check(not bad, f"non-ASCII {bad[:5]} at {here}:\n{t}")
            check(t.split("\n")[0].strip(), f"no step title at {here}", s)
            s.send("Right")
            t = s.wait_screen(lambda t: where(t) not in (None, here) or "last step of the last lesson" in t,
                              what=f"Right to move from {here}")
            now = where(t)
            if now in (None, here):  # the last step of the last lesson
                break
            check(now[1] == 1 or now[1] == here[1] + 1, f"skipped from {here} to {now}", s)
            here = now
            seen += 1
        check(here[1] == here[2], f"walk ended at {here}, not a lesson's last step")
        check(seen == total, f"walked {seen} steps, corelab list says {total}")
        s.send("q")
        wait_exit(s, 0)


run(test)
