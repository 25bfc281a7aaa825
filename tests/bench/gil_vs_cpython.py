#!/usr/bin/env python3
"""The simulated GIL beside real CPython, row by row of REFERENCE.md's
"CPython's GIL" outcomes table, measured in one run on this machine.

    gil_vs_cpython.py GIL_DRIVER [--quick]

For every row it runs the same program twice: with python3 (threads counting
down; hashlib.sha256 on large buffers, which releases the GIL; a 0.2 ms sleep
beside spinning threads) and on the simulated GIL (tests/bench/gil_driver, or
`corelab demo gil` where noted). It prints the two figures side by side and
whether they agree within 10 %. A benchmark, not a test: it exits 0 whatever
the figures are (1 only if something could not run at all).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

# The python3 side: one scenario per process, one JSON line out.
PY_PROG = r'''
import hashlib, json, sys, threading, time

def countdown(n):
    while n > 0:
        n -= 1

def hash_loop(buf, k):
    for _ in range(k):
        hashlib.sha256(buf).digest()

def run_threads(target, argss):
    ts = [threading.Thread(target=target, args=a) for a in argss]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0

def split(total, n):
    return [total // n + (i < total % n) for i in range(n)]

def main(argv):
    s = argv[0]
    if s == "cpu":
        n, total, interval = int(argv[1]), int(argv[2]), float(argv[3])
        sys.setswitchinterval(interval)
        wall = run_threads(countdown, [(k,) for k in split(total, n)])
        return {"wall_s": wall}
    if s == "nogil":
        n, chunks, size = int(argv[1]), int(argv[2]), int(argv[3])
        buf = b"x" * size
        wall = run_threads(hash_loop, [(buf, k) for k in split(chunks, n)])
        return {"wall_s": wall}
    if s == "convoy":
        ncpu, ops, op_s, interval = int(argv[1]), int(argv[2]), float(argv[3]), float(argv[4])
        sys.setswitchinterval(interval)
        done = False
        def spin():
            n = 0
            while not done:
                n += 1
        ts = [threading.Thread(target=spin) for _ in range(ncpu)]
        for t in ts:
            t.start()
        time.sleep(0.05)
        total = 0.0
        for _ in range(ops):
            t0 = time.perf_counter()
            time.sleep(op_s)
            total += time.perf_counter() - t0
        done = True
        for t in ts:
            t.join()
        return {"op_latency_ms": total / ops * 1e3}
    if s == "rate":  # countdown iterations per second, to size the work
        t0 = time.perf_counter()
        countdown(2000000)
        return {"per_s": 2000000 / (time.perf_counter() - t0)}
    if s == "hash":  # seconds per sha256 of `size` bytes
        size = int(argv[1])
        buf = b"x" * size
        t0 = time.perf_counter()
        hash_loop(buf, 50)
        return {"each_s": (time.perf_counter() - t0) / 50}
    raise SystemExit("unknown scenario " + s)

print(json.dumps(main(sys.argv[1:])))
'''

TARGET_S = 0.6       # one thread's wall time for the CPU rows
HASH_SIZE = 1 << 20  # hashlib releases the GIL above 2047 bytes
OP_S = 0.0002        # the 0.2 ms blocking operation


def run_json(argv, timeout=120):
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def py(*args, python=sys.executable):
    return run_json([python, "-c", PY_PROG] + [str(a) for a in args])


class Sim:
    def __init__(self, driver):
        self.driver = driver

    def __call__(self, *args):
        return run_json([self.driver] + [str(a) for a in args])


def allowed_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def interleaved(fns, reps):
    """Run every measurement `reps` times, round-robin, so that a burst of
    load elsewhere on the machine hits all of them alike; returns the lists
    of results in the order of fns."""
    out = [[] for _ in fns]
    for _ in range(reps):
        for i, fn in enumerate(fns):
            out[i].append(fn())
    return out


def best_walls(fns, reps):
    """The least disturbed wall time of each measurement."""
    return [min(r["wall_s"] for r in rs) for rs in interleaved(fns, reps)]


def medians(fns, key, reps):
    return [statistics.median(r[key] for r in rs) for rs in interleaved(fns, reps)]


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return -1.0


def agree(a, b):
    return abs(a / b - 1) <= 0.10 if a > 0 and b > 0 else False


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    if len(args) != 1:
        print(__doc__)
        return 2
    sim = Sim(args[0])
    reps = 1 if quick else 3
    cpus = allowed_cpus()
    p = min(2, cpus) if cpus > 1 else 1
    scale = 0.3 if quick else 1.0

    # Size the work so one thread takes ~TARGET_S on either side.
    py_total = int(py("rate")["per_s"] * TARGET_S * scale)
    sim_unit_s = sim("unit")["ns"] * 1e-9
    sim_total = int(TARGET_S * scale / sim_unit_s)
    hash_each = py("hash", HASH_SIZE)["each_s"]
    chunks = max(8, int(TARGET_S * scale / hash_each))
    chunk_units = max(1, int(hash_each / sim_unit_s))
    ops = 40 if quick else 100

    load_before = load_average()
    rows = []  # (scenario, measure, python, sim, note)

    def ratio_pair(py_args_a, py_args_b, sim_args_a, sim_args_b):
        """wall(b) / wall(a) on either side, measured round-robin."""
        pa, pb, sa, sb = best_walls([lambda: py(*py_args_a), lambda: py(*py_args_b),
                                     lambda: sim(*sim_args_a), lambda: sim(*sim_args_b)], reps)
        return pb / pa, sb / sa

    for n in (2, 4):
        r_py, r_sim = ratio_pair(("cpu", 1, py_total, 0.005), ("cpu", n, py_total, 0.005),
                                 ("cpu", 1, sim_total, 0.005), ("cpu", n, sim_total, 0.005))
        rows.append((f"{n} CPU-bound threads, GIL held", f"wall {n}T / 1T", r_py, r_sim,
                     "expect ~1.0"))

    r_py, r_sim = ratio_pair(("nogil", p, chunks, HASH_SIZE), ("nogil", 1, chunks, HASH_SIZE),
                             ("nogil", p, chunks, chunk_units, 0.005),
                             ("nogil", 1, chunks, chunk_units, 0.005))
    rows.append((f"GIL released (sha256 of 1 MiB), {p} threads", "speedup", r_py, r_sim,
                 f"expect ~{p}"))

    def convoy(ncpu, interval, nops):
        return medians([lambda: py("convoy", ncpu, nops, OP_S, interval),
                        lambda: sim("convoy", ncpu, nops, OP_S, interval)],
                       "op_latency_ms", reps)

    alone = convoy(0, 0.005, ops)
    rows.append(("0.2 ms sleep alone", "op latency ms", *alone, "timer slack; not compared"))
    for interval, expect in ((0.005, "~5"), (0.001, "~1.2-1.5")):
        rows.append((f"0.2 ms sleep beside 1 CPU thread, {interval * 1e3:g} ms interval",
                     "op latency ms", *convoy(1, interval, ops), f"expect {expect}"))
    rows.append(("0.2 ms sleep beside 3 CPU threads, 5 ms interval", "op latency ms",
                 *convoy(3, 0.005, ops // 2), "expect > the 1-thread row"))

    r_py, r_sim = ratio_pair(("cpu", 4, py_total, 0.005), ("cpu", 4, py_total, 0.00001),
                             ("cpu", 4, sim_total, 0.005), ("cpu", 4, sim_total, 0.00001))
    rows.append(("4 CPU threads at 10 us vs 5 ms", "wall ratio", r_py, r_sim, "expect > 1"))

    free_py = shutil.which("python3.13t") or shutil.which("python3.14t")
    s1, sp = best_walls([lambda: sim("free", 1, sim_total), lambda: sim("free", p, sim_total)], reps)
    if free_py:
        f1, fp = best_walls([lambda: py("cpu", 1, py_total, 0.005, python=free_py),
                             lambda: py("cpu", p, py_total, 0.005, python=free_py)], reps)
        rows.append((f"no GIL, {p} CPU threads", "speedup", f1 / fp, s1 / sp, f"expect ~{p}"))
    else:
        rows.append((f"no GIL, {p} CPU threads", "speedup", None, s1 / sp,
                     f"expect ~{p}; no free-threaded python3 here"))

    print(f"simulated GIL vs {sys.executable} {sys.version.split()[0]} on {cpus} CPUs "
          f"(best/median of {reps}, load average {load_before:.2f} before, "
          f"{load_average():.2f} after); agree = within 10 %")
    head = f"{'scenario':<52} {'measure':<18} {'python3':>8} {'sim':>8}  agree  note"
    print(head)
    print("-" * len(head))
    compared = agreed = 0
    for name, measure, a, b, note in rows:
        if a is None:
            verdict, a_s = "n/a", "n/a"
        elif "not compared" in note:
            verdict, a_s = "-", f"{a:8.3f}"
        else:
            ok = agree(a, b)
            compared += 1
            agreed += ok
            verdict, a_s = ("yes" if ok else "NO"), f"{a:8.3f}"
        print(f"{name:<52} {measure:<18} {a_s:>8} {b:8.3f}  {verdict:<5}  {note}")
    print(f"{agreed} of {compared} compared rows agree within 10 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
