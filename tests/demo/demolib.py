"""Helpers for the demo tests: run `corelab demo ...`, parse its JSON lines,
and look at what it left behind in /proc."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
# alive() is the demo tests' too: they import it from here.
from procs import alive  # noqa: E402,F401

BIN = os.environ.get("CORELAB_BIN", "corelab")
# Sanitizer builds run several times slower; tests scale their waits.
SLOW = float(os.environ.get("CORELAB_TEST_SLOW", "1"))
if os.environ.get("TSAN_OPTIONS") or os.environ.get("ASAN_OPTIONS"):
    SLOW = max(SLOW, 4.0)

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)
    return cond


def finish():
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("ok")


def allowed_cpus():
    return len(os.sched_getaffinity(0))


def run(args, timeout=60):
    """Runs corelab demo ARGS; returns (rc, records, stdout, stderr)."""
    p = subprocess.run([BIN, "demo"] + args, capture_output=True, text=True,
                       timeout=timeout * SLOW)
    records = []
    if "--json" in args:
        for line in p.stdout.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                records.append({"type": "<unparsable>", "line": line})
    return p.returncode, records, p.stdout, p.stderr


def results(records):
    return [r for r in records if r.get("type") == "result"]


def children_of(pid):
    """Pids whose parent is pid (scanning /proc: works without
    CONFIG_PROC_CHILDREN), with their state letter."""
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces and parentheses
        rest = stat[stat.rindex(")") + 2:].split()
        if int(rest[1]) == pid:
            kids[int(name)] = rest[0]
    return kids


def wait_until(cond, timeout):
    end = time.monotonic() + timeout * SLOW
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()
