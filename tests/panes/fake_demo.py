#!/usr/bin/env python3
"""TEST FAKE of `corelab demo NAME ... --json`, for the panel's unit tests.

The panel test passes this file as the panel's self_exe, so the panel runs
`fake_demo.py demo NAME ... --json`. What it prints depends on the demo
NAME the fixture step gives:
  gil      an error record holding the argv it got (to check what the panel built)
  sweep    samples, GIL spans, results for the --workers list, a fit, exit 0
  garbage  garbage lines and an over-long line between good records, exit 0
  crash    a sample, then dies of SIGSEGV
  hang     a sample, starts a grandchild that sleeps, writes its pid to
           $FAKE_DEMO_PIDFILE, then sleeps (to test that stop kills the group)
  lingers  a result, then closes its output and ignores SIGTERM, writes its
           pid to $FAKE_DEMO_PIDFILE and sleeps (srun slow to release a step)
  stubborn ignores SIGTERM, writes its own pid to $FAKE_DEMO_PIDFILE, prints
           a sample, then sleeps (as a slow srun would: only SIGKILL ends it)

A traced run step makes the panel run `fake_demo.py trace --json -- COMMAND
ARGS...`: the fake replays a stream `corelab trace --json` recorded
(fixtures/trace_two_threads.jsonl) on stdout, runs COMMAND with its stdout
and stderr on the fake's stderr (as corelab trace does) between the first
records and the result, and exits with COMMAND's status; a COMMAND that is
not found gets corelab trace's error record, its line and status 127.
"""
import json
import os
import signal
import subprocess
import sys
import time


def out(rec):
    sys.stdout.write(json.dumps(rec) + "\n")
    sys.stdout.flush()


def workers_list(argv):
    if "--workers" in argv:
        return [int(w) for w in argv[argv.index("--workers") + 1].split(",")]
    return [1, 2]


def trace(argv):
    cmd = argv[argv.index("--") + 1:]
    fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "trace_two_threads.jsonl")
    with open(fixture) as f:
        records = f.read().splitlines()
    for line in records[:-1]:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    try:
        status = subprocess.run(cmd, stdout=sys.stderr.fileno()).returncode
    except FileNotFoundError:
        msg = f"{cmd[0]}: command not found"
        out({"type": "error", "message": msg})
        sys.stderr.write(f"corelab trace: {msg}\n")
        return 127
    sys.stdout.write(records[-1] + "\n")
    return status


def main():
    argv = sys.argv[1:]
    if argv[:1] == ["trace"]:
        return trace(argv)
    name = argv[1] if len(argv) > 1 else ""
    if name == "gil":
        out({"type": "error", "message": " ".join(argv)})
        return 1
    out({"type": "sample", "t": 0.2, "cpu": [55.0, 95.0]})
    if name == "sweep":
        for k in range(40):
            out({"type": "span", "t": k * 0.005, "dur": 0.005, "thread": k % 2, "state": "run", "cpu": 0})
            out({"type": "span", "t": k * 0.005, "dur": 0.005, "thread": 1 - k % 2, "state": "wait", "cpu": 1})
        for w in workers_list(argv):
            out({"type": "result", "demo": "gil", "variant": "cpu", "workers": w,
                 "wall_s": 2.0, "speedup": 1.0 if w == 1 else 0.98})
        out({"type": "fit", "serial_fraction": 0.97})
        return 0
    if name == "garbage":
        sys.stdout.write("this is not json\n")
        sys.stdout.write("{\"type\": \"sample\", \"cpu\": [1, \n")
        sys.stdout.write("x" * 200000 + "\n")
        out({"type": "result", "demo": "gil", "variant": "cpu", "workers": 1, "wall_s": 1.0, "speedup": 1.0})
        return 0
    if name == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if name == "lingers":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        out({"type": "result", "demo": "gil", "variant": "cpu", "workers": 1, "wall_s": 1.0, "speedup": 1.0})
        os.close(1)
        os.close(2)
        with open(os.environ["FAKE_DEMO_PIDFILE"], "w") as f:
            f.write(str(os.getpid()))
        time.sleep(1000)
    if name == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        with open(os.environ["FAKE_DEMO_PIDFILE"], "w") as f:
            f.write(str(os.getpid()))
        out({"type": "sample", "t": 0.4, "cpu": [10.0, 20.0]})
        time.sleep(1000)
    if name == "hang":
        child = subprocess.Popen(["sleep", "1000"])
        with open(os.environ["FAKE_DEMO_PIDFILE"], "w") as f:
            f.write(str(child.pid))
        out({"type": "sample", "t": 0.4, "cpu": [10.0, 20.0]})
        time.sleep(1000)
    return 0


sys.exit(main())
