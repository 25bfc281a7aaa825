#!/usr/bin/env python3
"""What `corelab demo` and `corelab list` print for a reader (issue 13):
ASCII outside UTF-8 (LANG=C), the convoy's header in blocking operations
of 0.2 ms, a run cut by --seconds or too short to time said as such
instead of compared, "chunks of 1 task", "0 lessons" for an empty folder;
and inline code in bold when there is no colour (NO_COLOR)."""
import os
import re
import subprocess
import tempfile

from walker import BIN, check, run, walker

C = {"LANG": "C", "LC_ALL": "C"}
UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
BUSY = "not conclusive (machine busy)"


def corelab(args, env=None):
    full = dict(os.environ)
    full.update(env or {})
    p = subprocess.run([BIN] + args, capture_output=True, text=True, env=full, timeout=120)
    return p.returncode, p.stdout, p.stderr


def last_line(out):
    lines = out.strip().splitlines()
    return lines[-1] if lines else ""


def test():
    # Outside UTF-8 no byte of µ or × reaches the terminal.
    for args in (["demo", "list"], ["demo", "gil", "--help"], ["demo", "pool", "--help"],
                 ["demo", "procs", "--variant", "threads", "--workers", "1,2", "--work", "20000"],
                 ["demo", "pool", "--variant", "threads", "--workers", "1,2", "--work", "20000"],
                 ["demo", "pi", "--workers", "1,2", "--work", "2000000"]):
        rc, out, err = corelab(args, C)
        check(rc == 0, f"{args}: exit {rc}: {err}")
        check(all(ord(ch) < 128 for ch in out), f"{args} under LANG=C: not ASCII: {out!r}")
    rc, out, _ = corelab(["demo", "gil", "--help"], UTF8)
    check("µs" in out, f"gil --help under UTF-8 lost its µ: {out!r}")
    rc, out, _ = corelab(["demo", "gil", "--help"], C)
    check("~0.1 us" in out, f"gil --help under LANG=C: {out!r}")

    # The convoy's work is blocking operations of 0.2 ms, not work units.
    rc, out, err = corelab(["demo", "gil", "--variant", "convoy", "--workers", "1", "--work", "5"])
    check(rc == 0 and "5 blocking operations of 0.2 ms in every run" in out, f"convoy header: {out!r} {err}")

    # A run cut by --seconds is said, not compared.
    rc, out, err = corelab(["demo", "pi", "--workers", "1,2", "--work", "100000000000", "--seconds", "0.2"])
    check(rc == 0 and "the --seconds limit of 0.2 s cut the runs with 1 and 2 workers short" in last_line(out),
          f"a cut run: {out!r} {err}")
    check("took" not in last_line(out), f"a cut run compared: {out!r}")

    # Too little work to time.
    rc, out, err = corelab(["demo", "pi", "--workers", "1,2", "--work", "100"])
    check(rc == 0 and last_line(out).startswith("too little work to time"), f"too little work: {out!r} {err}")

    # "chunks of 1 task", unless the machine was too busy to conclude.
    rc, out, err = corelab(["demo", "pool", "--variant", "threads", "--workers", "1,2", "--work", "4000",
                            "--chunksize", "1"])
    said = last_line(out)
    check(rc == 0 and ("with chunks of 1 task," in said or said.startswith(BUSY)), f"pool chunks: {out!r} {err}")

    # An empty folder has 0 lessons.
    with tempfile.TemporaryDirectory() as empty:
        rc, out, err = corelab(["list", "--lessons", empty])
        total = [l for l in out.splitlines() if l.startswith("total")]
        check(total and re.match(r"total\s+0 lessons\s+0\s+0$", total[0]), f"list of nothing: {out!r}")

    # NO_COLOR: inline code is bold, so that it still stands out.
    with walker(env={"NO_COLOR": "1"}) as s:
        s.wait_for("inline code")
        styled = s.text(escapes=True)
        m = re.search(r"\x1b\[([0-9;]*)m(?:[^\x1b]*)inline code", styled)
        check(m and "1" in m.group(1).split(";"), f"inline code not bold without colour: {styled!r}")


run(test)
