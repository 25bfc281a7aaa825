"""What the checkers share: run the learner's program under a given
multiprocessing start method, and report.

A checker gets the learner's file as its argument, prints what it observes,
and exits 0 when the exercise is solved, 1 when it is not yet. corelab shows
the checker's last line as the verdict.
"""
import os
import subprocess
import sys
import tempfile

METHODS = ("fork", "forkserver", "spawn")

# Runs the learner's file as __main__ (so spawned processes import it as
# __mp_main__, exactly as for `python3 file.py`) under one start method.
# The pool methods are wrapped to note that they were called.
WRAPPER = r"""
import multiprocessing, multiprocessing.pool, runpy, sys
method, path, notes = sys.argv[1], sys.argv[2], sys.argv[3]
multiprocessing.set_start_method(method, force=True)
multiprocessing.set_start_method = lambda *args, **kwargs: None

def noting(name, call):
    def wrapped(*args, **kwargs):
        with open(notes, "a") as f:
            f.write(name + "\n")
        return call(*args, **kwargs)
    return wrapped

for name in ("map", "imap", "imap_unordered", "starmap", "map_async", "starmap_async"):
    setattr(multiprocessing.pool.Pool, name, noting(name, getattr(multiprocessing.pool.Pool, name)))
sys.argv = [path]
runpy.run_path(path, run_name="__main__")
"""


class Run:
    """One run of the learner's program: its exit status, its output, and
    which pool methods it called."""

    def __init__(self, status, output, calls, timed_out):
        self.status = status
        self.output = output
        self.calls = calls
        self.timed_out = timed_out

    def last_line(self, like=None):
        """The last line of output, or the last one containing like."""
        lines = [l.strip() for l in self.output.splitlines() if l.strip()]
        if like and any(like in l for l in lines):
            lines = [l for l in lines if like in l]
        return lines[-1] if lines else "(nothing)"


def run(path, method, timeout=10):
    """Run path under method; its output is echoed so that the learner sees it."""
    with tempfile.NamedTemporaryFile("r", prefix="corelab-notes-") as notes:
        try:
            p = subprocess.run([sys.executable, "-c", WRAPPER, method, os.path.abspath(path), notes.name],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace", timeout=timeout)
            result = Run(p.returncode, p.stdout, notes.read().split(), False)
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            result = Run(None, out, notes.read().split(), True)
    print(f"--- {os.path.basename(path)} under {method}:")
    print(result.output, end="" if result.output.endswith("\n") or not result.output else "\n")
    return result


def passed(message):
    print(message)
    sys.exit(0)


def not_yet(message):
    print(message)
    sys.exit(1)


def learner_file():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} FILE", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1]
