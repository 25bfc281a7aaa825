"""What the checkers share: run the learner's program, under a given
multiprocessing start method or as it is, note what it did, and report.

A checker gets the learner's file as its argument, prints what it observes,
and exits 0 when the exercise is solved, 1 when it is not yet. corelab shows
the checker's last line as the verdict.

The learner's program runs as __main__ (so spawned processes import it as
__mp_main__, exactly as for `python3 file.py`), inside a small wrapper that
notes, in a file, what the program did: which Pool methods it called, how
many processes each Pool had, which processes ran the tasks, whether it
took anything from a multiprocessing.Queue, and how long it ran. This file
is on the program's path while it runs, so that worker processes started
by spawn or forkserver can find the note-taking code too.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

METHODS = ("fork", "forkserver", "spawn")
HERE = os.path.dirname(os.path.abspath(__file__))
TASK_METHODS = ("map", "imap", "imap_unordered", "starmap", "map_async", "starmap_async")

# Runs in the learner's process: checklib itself does the work.
WRAPPER = r"""
import sys
sys.path.insert(0, sys.argv[1])
import checklib
checklib.run_learner(*sys.argv[2:])
"""


# ---- in the learner's process (and its workers) ----

def _note(notes, line):
    with open(notes, "a") as f:
        f.write(line + "\n")


_noted_pids = set()
_took_from_queue = []


class Probe:
    """A Pool task's function, wrapped so that every worker process that
    runs it notes its pid once. Pickled by reference to this module, which
    the workers import."""

    def __init__(self, func, notes):
        self.func = func
        self.notes = notes

    def __call__(self, *args, **kwargs):
        pid = os.getpid()
        if pid not in _noted_pids:
            _noted_pids.add(pid)
            _note(self.notes, f"pid {pid}")
        return self.func(*args, **kwargs)


def _time_map(pool, call, probe, items, chunksize):
    start = time.perf_counter()
    call(pool, probe, items, chunksize)
    return time.perf_counter() - start


def _measure_chunks(pool, call, probe, items, chunksize, notes):
    """The learner's chunksize against chunksize 1, in this process on this
    pool, taking turns: the best of three of the learner's (a burst of
    other load slows one round, not the best), the best of two of
    chunksize 1 (load can only make it look slower, never faster)."""
    _note(notes, f"chunksize {chunksize}")
    if chunksize == 1:
        return
    mine = [_time_map(pool, call, probe, items, chunksize)]
    one = []
    for _ in range(2):
        one.append(_time_map(pool, call, probe, items, 1))
        mine.append(_time_map(pool, call, probe, items, chunksize))
    _note(notes, f"timing {min(mine):.6f} {min(one):.6f}")


def _noting_method(name, call, notes, measure):
    measured = []

    def wrapped(self, func, iterable, *args, **kwargs):
        _note(notes, "call " + name)
        probe = Probe(func, notes)
        if measure and name == "map" and not measured:
            measured.append(True)
            iterable = list(iterable)
            chunksize = args[0] if args else kwargs.get("chunksize")
            _measure_chunks(self, call, probe, iterable, chunksize, notes)
        return call(self, probe, iterable, *args, **kwargs)
    return wrapped


def _patch(notes, measure):
    import multiprocessing.pool
    import multiprocessing.queues
    pool_class = multiprocessing.pool.Pool
    init = pool_class.__init__

    def noting_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _note(notes, f"pool {self._processes}")
    pool_class.__init__ = noting_init
    for name in TASK_METHODS:
        setattr(pool_class, name, _noting_method(name, getattr(pool_class, name), notes, measure))
    # A Pool's own queues are SimpleQueues, so this notes only the program's.
    get = multiprocessing.queues.Queue.get

    def noting_get(self, *args, **kwargs):
        item = get(self, *args, **kwargs)
        if not _took_from_queue:
            _took_from_queue.append(True)
            _note(notes, "queue get")
        return item
    multiprocessing.queues.Queue.get = noting_get


def run_learner(method, path, notes, options):
    """The wrapper's work: set the start method, note, run the file."""
    import multiprocessing
    import runpy
    opts = json.loads(options)
    if opts.get("cpus"):
        os.sched_setaffinity(0, opts["cpus"])
    if method != "-":
        multiprocessing.set_start_method(method, force=True)
        multiprocessing.set_start_method = lambda *args, **kwargs: None
    _patch(notes, opts.get("measure_chunks", False))
    _note(notes, f"parent {os.getpid()}")
    sys.argv = [path]
    start = time.perf_counter()
    try:
        runpy.run_path(path, run_name="__main__")
    finally:
        _note(notes, f"wall {time.perf_counter() - start:.6f}")


# ---- in the checker ----

class Run:
    """One run of the learner's program: its exit status and output, and
    what the wrapper noted. calls: the Pool methods called, in order;
    pools: each Pool's number of processes; workers: the pids of the
    processes (other than the program's own) that ran pool tasks;
    chunksizes and timings: what measure_chunks found, timings as (the
    learner's chunksize, chunksize 1) in seconds; took_from_queue: whether
    the program took an item from a multiprocessing.Queue; wall: seconds
    the program ran, from its first line to its end (None if stopped)."""

    def __init__(self, status, output, notes, timed_out):
        self.status = status
        self.output = output
        self.timed_out = timed_out
        self.calls, self.pools, self.chunksizes, self.timings = [], [], [], []
        self.took_from_queue, self.wall, parent, pids = False, None, None, set()
        for line in notes.splitlines():
            word, _, rest = line.partition(" ")
            if word == "call":
                self.calls.append(rest)
            elif word == "pool":
                self.pools.append(int(rest))
            elif word == "pid":
                pids.add(int(rest))
            elif word == "parent":
                parent = int(rest)
            elif word == "chunksize":
                self.chunksizes.append(None if rest == "None" else int(rest))
            elif word == "timing":
                self.timings.append(tuple(float(t) for t in rest.split()))
            elif word == "queue":
                self.took_from_queue = True
            elif word == "wall":
                self.wall = float(rest)
        self.workers = pids - {parent}

    def last_line(self, like=None):
        """The last line of output, or the last one containing like."""
        lines = [l.strip() for l in self.output.splitlines() if l.strip()]
        if like and any(like in l for l in lines):
            lines = [l for l in lines if like in l]
        return lines[-1] if lines else "(nothing)"

    def failed(self, seconds, where=""):
        """What went wrong when the program did not finish well, else None."""
        where = where + " " if where else ""
        if self.timed_out:
            return f"{where}the program did not finish in {seconds:g} s"
        if self.status != 0:
            return f"{where}the program failed (exit status {self.status})"
        return None


def _descendants(pid):
    """The processes below pid, read from /proc (Linux; elsewhere none)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(child) for child in f.read().split()]
    except OSError:
        return []
    return found + [d for child in found for d in _descendants(child)]


def _kill_tree(pid):
    """Stop a program that ran out of time, and the workers it started,
    which would otherwise hang on in a deadlock."""
    for victim in [pid] + _descendants(pid):
        try:
            os.kill(victim, signal.SIGKILL)
        except OSError:
            pass


def run(path, method=None, timeout=10, env=None, cpus=None, measure_chunks=False, label=None):
    """Run path under method (None: as it is, for a program without
    processes); its output is echoed so that the learner sees it. env: the
    variables to set, a value of None unsets one; cpus: an affinity mask
    for the program; measure_chunks: time the first pool.map against
    chunksize 1."""
    environ = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    options = json.dumps({"cpus": sorted(cpus) if cpus else None, "measure_chunks": measure_chunks})
    argv = [sys.executable, "-c", WRAPPER, HERE, method or "-", os.path.abspath(path), "", options]
    with tempfile.NamedTemporaryFile("r", prefix="corelab-notes-") as notes:
        argv[6] = notes.name
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             errors="replace", env=environ)
        try:
            out, _ = p.communicate(timeout=timeout)
            result = Run(p.returncode, out, notes.read(), False)
        except subprocess.TimeoutExpired:
            _kill_tree(p.pid)
            out, _ = p.communicate()
            result = Run(None, out, notes.read(), True)
    where = label or (f"under {method}" if method else "")
    print(f"--- {os.path.basename(path)} {where}:".replace(" :", ":"))
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
