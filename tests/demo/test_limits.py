#!/usr/bin/env python3
"""A worker process that cannot start is reported at once: under a limit on
processes (`ulimit -u`), `corelab demo pool|procs|pi --variant processes`
exits 1 with "cannot start a process: ..." instead of waiting for its
watchdog."""
import os
import resource
import subprocess
import time

from checks import SLOW, check, finish
from demolib import BIN
from procs import outcome, processes

# The user's own processes count towards RLIMIT_NPROC; root's are not
# limited, so as root the run drops to nobody first.
NOBODY = 65534


def own_tasks(uid):
    n = 0
    for p in processes():
        try:
            if p.uid == uid:
                n += len(os.listdir(f"/proc/{p.pid}/task"))
        except OSError:
            pass
    return n


def limited():
    uid = NOBODY if os.getuid() == 0 else os.getuid()
    # Room for the demo's own threads and a few workers, not for 16.
    room = own_tasks(uid) + 8

    def enter():
        if os.getuid() == 0:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        resource.setrlimit(resource.RLIMIT_NPROC, (room, room))
    return enter


def main():
    check(os.access(BIN, os.X_OK), f"{BIN} is not executable")
    for demo in ("pool", "procs", "pi"):
        args = [BIN, "demo", demo, "--variant", "processes", "--workers", "16", "--work", "100000000000"
                if demo == "pi" else "1000000", "--seconds", "20"]
        start = time.monotonic()
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=limited(), cwd="/")
        out, err, _ = outcome(p, 15 * SLOW)
        took = time.monotonic() - start
        check(p.returncode == 1, f"{demo}: exit {p.returncode}, expected 1; stderr {err!r}")
        check("cannot start a process: " in err, f"{demo}: stderr {err!r}")
        check(took < 5 * SLOW, f"{demo}: took {took:.1f} s to say so (the run's bound is 20 s)")
    finish()


main()
