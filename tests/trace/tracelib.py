"""Helpers for the trace tests: real python3 programs, `corelab trace` on
them, its JSON records and its text report."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from checks import SLOW, check, finish  # noqa: E402,F401
from procs import alive, allowed_cpus  # noqa: E402,F401

BIN = os.environ.get("CORELAB_BIN", "corelab")
# The learner's python in CI (REFERENCE.md: Debian's 3.11).
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

STATES = {"idle", "run", "wait", "nogil", "io", "ready"}

# Programs a learner might write. Each prints one line when it is done.
PROGRAMS = {
    # two CPU-bound threads: the GIL lets one run at a time
    "gil": r'''
import sys, threading
def countdown(n):
    while n > 0:
        n -= 1
n = int(sys.argv[1]) if len(sys.argv) > 1 else 6_000_000
ts = [threading.Thread(target=countdown, args=(n,)) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
print("counted down")
''',
    # two threads hashing large buffers: hashlib releases the GIL
    "hash": r'''
import hashlib, sys, threading
buf = b"x" * (8 << 20)
k = int(sys.argv[1]) if len(sys.argv) > 1 else 24
def work():
    for _ in range(k):
        hashlib.sha256(buf).digest()
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
print("hashed")
''',
    # a Pool of 4 worker processes
    "pool": r'''
from multiprocessing import Pool
def work(n):
    s = 0
    for i in range(n):
        s += i
    return s
if __name__ == "__main__":
    with Pool(4) as p:
        print(len(p.map(work, [4_000_000] * 8)), "tasks")
''',
    # 0.2 ms sleeps beside a CPU-bound thread: the convoy
    "convoy": r'''
import sys, threading, time
ops = int(sys.argv[1]) if len(sys.argv) > 1 else 100
done = False
def spin():
    n = 0
    while not done:
        n += 1
t = threading.Thread(target=spin)
t.start()
time.sleep(0.05)
t0 = time.perf_counter()
for _ in range(ops):
    time.sleep(0.0002)
lat = (time.perf_counter() - t0) / ops
done = True
t.join()
print(f"{ops} sleeps, {lat * 1e3:.2f} ms each")
''',
    "exits": "pass\n",
    # 1000 threads waiting on one event
    "many": r'''
import threading
ev = threading.Event()
ts = [threading.Thread(target=ev.wait) for _ in range(1000)]
for t in ts: t.start()
ev.set()
for t in ts: t.join()
print(len(ts), "threads")
''',
    # outlives any --seconds: a spinning thread and a sleeping child
    "forever": r'''
import os, threading, time
def spin():
    while True:
        pass
threading.Thread(target=spin, daemon=True).start()
if os.fork() == 0:
    while True:
        time.sleep(1)
print("started", flush=True)
time.sleep(3600)
''',
    # threads and processes that end between samples
    "brief": r'''
import os, threading
for _ in range(300):
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
for _ in range(20):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
print("brief ones done")
''',
    "output": r'''
import sys
print("to stdout")
print("to stderr", file=sys.stderr)
sys.exit(3)
''',
}


class Traced:
    """One `corelab trace` run: rc, stdout, stderr, and with --json the
    records (type -> list) and the result."""

    def __init__(self, proc, json_mode):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.records = []
        self.garbage = []
        if json_mode:
            for line in self.out.splitlines():
                try:
                    self.records.append(json.loads(line))
                except ValueError:
                    self.garbage.append(line)
        results = self.of("result")
        self.result = results[-1] if results else None

    def of(self, kind):
        return [r for r in self.records if r.get("type") == kind]

    def rows(self):
        """The result's per-thread columns as one dict per row."""
        r = self.result
        keys = ["pid", "tid", "name", "process", "cpu_s", "run_s", "wait_s", "io_s", "ready_s", "life_s"]
        return [{k: r[k][i] for k in keys} for i in range(len(r["pid"]))]

    def verdict(self):
        for line in self.err.splitlines():
            if line.startswith("verdict: "):
                return line[len("verdict: "):]
        return None


def program(name, workdir):
    """Writes PROGRAMS[name] into workdir; returns its path."""
    path = os.path.join(workdir, name + ".py")
    with open(path, "w") as f:
        f.write(PROGRAMS[name])
    os.chmod(path, 0o644)
    return path


def workdir():
    d = tempfile.mkdtemp(prefix="corelab-trace-")
    os.chmod(d, 0o755)  # readable by another user for the non-root checks
    return d


def trace(argv, json_mode=True, options=(), timeout=120, prefix=()):
    cmd = list(prefix) + [BIN, "trace"] + (["--json"] if json_mode else []) + list(options) + ["--"] + argv
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * SLOW)
    return Traced(p, json_mode)


def trace_py(name, wd, args=(), **kw):
    return trace([PYTHON, program(name, wd)] + [str(a) for a in args], **kw)


def run_tests(*tests):
    """Each test(wd) in turn in one new work folder, removed after; then
    the verdict (exits)."""
    wd = workdir()
    for test in tests:
        test(wd)
    shutil.rmtree(wd, ignore_errors=True)
    finish()


def busy_rows(t, share=0.5):
    rows = t.rows()
    top = max(r["cpu_s"] for r in rows)
    return [r for r in rows if r["cpu_s"] >= max(0.01, share * top)]


def share(rows, key):
    life = sum(r["life_s"] for r in rows)
    return sum(r[key] for r in rows) / life if life > 0 else 0.0


def note(message):
    print("note:", message)

