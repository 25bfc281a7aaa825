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
from procs import allowed_cpus, outcome, processes

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


def polite_limits():
    """More workers than 8 per allowed CPU, and a sweep that could outrun the
    bound of a whole invocation, are refused at once with a line that says
    so; --long lifts the time bound."""
    cap = 8 * allowed_cpus()
    r = subprocess.run([BIN, "demo", "procs", "--workers", str(cap + 1)], capture_output=True, text=True,
                       timeout=30)
    check(r.returncode == 2 and f"at most 8 per CPU ({cap} here)" in r.stderr,
          f"--workers {cap + 1} refused (exit {r.returncode}, {r.stderr.strip()!r})")
    r = subprocess.run([BIN, "demo", "pi", "--workers", "1-16", "--seconds", "60"], capture_output=True,
                       text=True, timeout=30)
    check(r.returncode == 2 and "bounded to 120 s" in r.stderr and "--long" in r.stderr,
          f"16 runs of 60 s refused (exit {r.returncode}, {r.stderr.strip()!r})")
    r = subprocess.run([BIN, "demo", "pi", "--workers", "1", "--seconds", "0.2", "--long"], capture_output=True,
                       text=True, timeout=60)
    check(r.returncode == 0, f"--long is accepted (exit {r.returncode}, {r.stderr.strip()!r})")


def main():
    check(os.access(BIN, os.X_OK), f"{BIN} is not executable")
    polite_limits()
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
