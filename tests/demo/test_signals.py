#!/usr/bin/env python3
"""SIGTERM and SIGINT end every thread and child process, --seconds holds,
and the watchdog ends a run whose workers do not stop."""
import json
import os
import signal
import subprocess
import time

from checks import SLOW, check, finish, poll
from demolib import BIN
from procs import alive, children, outcome

BIG = "1000000000000"


def start(args):
    return subprocess.Popen([BIN, "demo"] + args + ["--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def first_result_or_span(p):
    """Reads lines until a span arrives (the workers are running)."""
    for line in p.stdout:
        if json.loads(line)["type"] in ("span", "sample"):
            return True
    return False


def interrupt(args, sig, nkids):
    p = start(args)
    kids = {}
    if nkids:
        check(poll(lambda: len(children(p.pid, zombies=True)) >= nkids, 10 * SLOW),
              f"{args}: {nkids} worker processes never appeared")
        kids = [k.pid for k in children(p.pid, zombies=True)]
    else:
        check(first_result_or_span(p), f"{args}: no output before the signal")
    p.send_signal(sig)
    out, err, ended = outcome(p, 10 * SLOW)
    check(ended, f"{args}: still running 10 s after {sig.name}")
    check(p.returncode == 128 + sig, f"{args}: exit {p.returncode} after {sig.name}, stderr {err!r}")
    recs = [json.loads(line) for line in out.splitlines()]
    check(any(r["type"] == "error" and "interrupted" in r["message"] for r in recs),
          f"{args}: no error record after {sig.name}")
    for pid in kids:
        check(not alive(pid), f"{args}: child {pid} still alive after {sig.name}")
    check(not children(p.pid, zombies=True), f"{args}: children left behind (zombies?)")


def seconds_hold():
    for args in (["pi", "--workers", "1", "--work", BIG],
                 ["pi", "--variant", "processes", "--workers", "2", "--work", BIG],
                 ["gil", "--variant", "cpu", "--workers", "2", "--work", "100000000000"],
                 ["gil", "--variant", "convoy", "--workers", "1", "--work", "100000000"],
                 ["race", "--variant", "mutex", "--workers", "2", "--work", "10000000000"],
                 ["sched", "--variant", "static", "--workers", "2", "--work", "1000000"],
                 ["pool", "--variant", "processes", "--workers", "2", "--work", "100000000", "--chunksize", "1"]):
        t0 = time.monotonic()
        p = start(args + ["--seconds", "0.5"])
        out, err, _ = outcome(p, 15 * SLOW)
        took = time.monotonic() - t0
        check(p.returncode == 0, f"{args}: exit {p.returncode}: {err!r}")
        check(took < 0.5 + 2.5 * SLOW, f"{args}: --seconds 0.5 took {took:.2f} s")
        res = [json.loads(line) for line in out.splitlines() if '"result"' in line]
        check(len(res) == 1 and res[0]["stopped"] is True, f"{args}: result not marked stopped: {res}")


def every_run_gets_its_time():
    """A run stopped at --seconds must not cut the next one short."""
    for args in (["pi", "--workers", "1,2,1", "--work", BIG],
                 ["gil", "--variant", "convoy", "--workers", "1,2", "--work", "100000"]):
        p = start(args + ["--seconds", "0.5"])
        out, err = p.communicate(timeout=30 * SLOW)
        res = [json.loads(line) for line in out.splitlines() if '"result"' in line]
        check(p.returncode == 0 and len(res) == len(args[args.index("--workers") + 1].split(",")),
              f"{args}: exit {p.returncode}, {len(res)} results: {err!r}")
        for r in res:
            check(r["stopped"] and r["wall_s"] > 0.3, f"{args}: a run was cut short: {r}")


def watchdog():
    """A worker process that cannot stop (SIGSTOPped) is killed at the
    deadline plus the grace period, with an error line."""
    t0 = time.monotonic()
    p = start(["pi", "--variant", "processes", "--workers", "2", "--work", BIG, "--seconds", "3"])
    check(poll(lambda: len(children(p.pid, zombies=True)) >= 2, 10 * SLOW), "watchdog: workers never appeared")
    kids = [k.pid for k in children(p.pid, zombies=True)]
    for pid in kids:
        os.kill(pid, signal.SIGSTOP)
    out, err, ended = outcome(p, 20 * SLOW)
    check(ended, "watchdog: the demo outlived its deadline by far")
    took = time.monotonic() - t0
    check(p.returncode not in (0, None), f"watchdog: exit {p.returncode}")
    check(took < 3 + 2.0 + 2.0 * SLOW, f"watchdog: took {took:.2f} s")
    check('"type":"error"' in out and "did not stop" in out, f"watchdog: no error record: {out[-300:]!r}")
    for pid in kids:
        check(poll(lambda: not alive(pid), 2 * SLOW), f"watchdog: child {pid} survived")


def main():
    interrupt(["pi", "--variant", "processes", "--workers", "2", "--work", BIG], signal.SIGTERM, 2)
    interrupt(["pool", "--variant", "processes", "--workers", "2", "--work", "100000000"], signal.SIGINT, 2)
    interrupt(["procs", "--variant", "processes", "--workers", "2", "--work", "1000000000"], signal.SIGTERM, 2)
    interrupt(["gil", "--variant", "convoy", "--workers", "2", "--work", "100000000"], signal.SIGTERM, 0)
    interrupt(["sched", "--workers", "2", "--work", "1000000"], signal.SIGINT, 0)
    seconds_hold()
    every_run_gets_its_time()
    watchdog()
    finish()


main()
