#!/usr/bin/env python3
"""The simulated GIL beside real CPython, row by row of REFERENCE.md's
"CPython's GIL" outcomes table, measured in one run on this machine.

    gil_vs_cpython.py GIL_DRIVER [--quick] [--reps=N]

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

from procs import allowed_cpus

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


class Corelab:
    """The same scenarios through the real binary, `corelab demo gil ...
    --json` (the gil demo's runner on the same simulated GIL); returns the
    driver's fields, taken from the demo's `result` record."""

    def __init__(self, binary):
        self.binary = binary

    def demo(self, variant, workers, work, interval):
        argv = [self.binary, "demo", "gil", "--variant", variant, "--workers", str(workers),
                "--work", str(work), "--switch-interval", f"{interval * 1e3:g}",
                "--seconds", "60", "--json"]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)
        for line in out.stdout.splitlines():
            rec = json.loads(line)
            if rec.get("type") == "result":
                if rec.get("stopped"):
                    raise RuntimeError("cut short at --seconds: " + " ".join(argv))
                return rec
        raise RuntimeError("no result record from " + " ".join(argv))

    def __call__(self, scenario, *args):
        if scenario in ("cpu", "free"):
            n, total = args[0], args[1]
            interval = args[2] if scenario == "cpu" else 0.005
            return {"wall_s": self.demo(scenario, n, total, interval)["wall_s"]}
        if scenario == "nogil":
            n, chunks, chunk_units, interval = args
            return {"wall_s": self.demo("nogil", n, chunks * chunk_units, interval)["wall_s"]}
        if scenario == "convoy":
            ncpu, ops, _op_s, interval = args
            rec = self.demo("convoy", max(1, ncpu), ops, interval)
            return {"op_latency_ms": rec["op_latency_ms"] if ncpu else rec["alone_ms"]}
        raise ValueError(scenario)

    def works(self):
        try:
            self.demo("cpu", 1, 1000, 0.005)
            return True
        except (OSError, subprocess.SubprocessError, ValueError, RuntimeError):
            return False


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


class Side:
    """One way of running the scenarios, with work sized for it."""

    def __init__(self, name, run, total, chunks, chunk_arg):
        self.name, self.run = name, run
        self.total = total          # countdown iterations / work units, 1 thread ~TARGET_S
        self.chunks = chunks        # large hashes / released chunks in total
        self.chunk_arg = chunk_arg  # bytes per hash / units per released chunk


def parse_args(argv):
    """(driver, quick, reps), or None when the arguments are not right."""
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        return None
    quick = "--quick" in argv
    reps = 1 if quick else 5
    for a in argv:
        if a.startswith("--reps="):
            reps = max(1, int(a.split("=", 1)[1]))
    return args[0], quick, reps


def sized_sides(sim, scale):
    """Every side with its work sized so that one thread takes ~TARGET_S
    (times scale) on it; and the python3 side's countdown total."""
    py_total = int(py("rate")["per_s"] * TARGET_S * scale)
    sim_unit_s = sim("unit")["ns"] * 1e-9
    sim_total = int(TARGET_S * scale / sim_unit_s)
    hash_each = py("hash", HASH_SIZE)["each_s"]
    chunks = max(8, int(TARGET_S * scale / hash_each))
    chunk_units = max(1, int(hash_each / sim_unit_s))
    sides = [Side("python3", py, py_total, chunks, HASH_SIZE),
             Side("driver", sim, sim_total, chunks, chunk_units)]
    binary = os.environ.get("CORELAB_BIN")
    if binary and Corelab(binary).works():
        sides.append(Side("corelab", Corelab(binary), sim_total, chunks, chunk_units))
    else:
        print(f"(no working `corelab demo gil` at {binary!r}: the driver column only)")
    return sides, py_total


def ratios(sides, reps, args_a, args_b):
    """wall(b) / wall(a) on every side, measured round-robin."""
    fns = []
    for sd in sides:
        fns += [lambda sd=sd: sd.run(*args_a(sd)), lambda sd=sd: sd.run(*args_b(sd))]
    walls = best_walls(fns, reps)
    return [walls[2 * i + 1] / walls[2 * i] for i in range(len(sides))]


def latencies(sides, reps, ncpu, interval, nops):
    return medians([lambda sd=sd: sd.run("convoy", ncpu, nops, OP_S, interval) for sd in sides],
                   "op_latency_ms", reps)


def gil_rows(sides, reps, p, ops):
    """The rows with a GIL: (scenario, measure, [value per side], note)."""
    rows = []
    for n in (2, 4):
        rows.append((f"{n} CPU-bound threads, GIL held", f"wall {n}T / 1T",
                     ratios(sides, reps, lambda sd: ("cpu", 1, sd.total, 0.005),
                            lambda sd, n=n: ("cpu", n, sd.total, 0.005)), "expect ~1.0"))
    rows.append((f"GIL released (sha256 of 1 MiB), {p} threads", "speedup",
                 ratios(sides, reps, lambda sd: ("nogil", p, sd.chunks, sd.chunk_arg, 0.005),
                        lambda sd: ("nogil", 1, sd.chunks, sd.chunk_arg, 0.005)),
                 f"expect ~{p}"))
    rows.append(("0.2 ms sleep alone", "op latency ms", latencies(sides, reps, 0, 0.005, ops),
                 "timer slack; not compared"))
    for interval, expect in ((0.005, "~5"), (0.001, "~1.2-1.5")):
        rows.append((f"0.2 ms sleep beside 1 CPU thread, {interval * 1e3:g} ms interval",
                     "op latency ms", latencies(sides, reps, 1, interval, ops), f"expect {expect}"))
    # Beside 2 or more CPU threads an operation waits 1 to 10+ intervals,
    # depending on the order of the waiters' timeouts: a mean over 50 ops
    # moved by a third from one run to the next (python3 and the simulation
    # alike), so these rows average 2x as many operations.
    for ncpu in (2, 3, 4):
        rows.append((f"0.2 ms sleep beside {ncpu} CPU threads, 5 ms interval", "op latency ms",
                     latencies(sides, reps, ncpu, 0.005, ops * 2), "expect > the 1-thread row"))
    rows.append(("4 CPU threads at 10 us vs 5 ms", "wall ratio",
                 ratios(sides, reps, lambda sd: ("cpu", 4, sd.total, 0.005),
                        lambda sd: ("cpu", 4, sd.total, 0.00001)), "expect > 1"))
    return rows


def free_row(sides, reps, p, py_total):
    """No GIL: python3.13t/3.14t when installed; the sims' `free`."""
    free_py = shutil.which("python3.13t") or shutil.which("python3.14t")
    free_sides = sides[1:]
    if free_py:
        free_sides = [Side("python3t", lambda *a: py(*a, python=free_py), py_total, 0, 0)] + free_sides
    fns = []
    for sd in free_sides:
        kind = "cpu" if sd.name == "python3t" else "free"
        fns += [lambda sd=sd, k=kind: sd.run(k, p, sd.total, 0.005),
                lambda sd=sd, k=kind: sd.run(k, 1, sd.total, 0.005)]
    walls = best_walls(fns, reps)
    free = [walls[2 * i + 1] / walls[2 * i] for i in range(len(free_sides))]
    if not free_py:
        free = [None] + free
    return (f"no GIL, {p} CPU threads", "speedup", free,
            f"expect ~{p}" + ("" if free_py else "; no free-threaded python3 here"))


def print_table(rows, sides, reps, cpus, load_before):
    print(f"simulated GIL vs {sys.executable} {sys.version.split()[0]} on {cpus} CPUs "
          f"(best/median of {reps}; load average {load_before:.2f} before, "
          f"{load_average():.2f} after); agree: {sides[-1].name} within 10 % of python3")
    head = f"{'scenario':<50} {'measure':<14}" + "".join(f" {sd.name:>8}" for sd in sides) + "  agree  note"
    print(head)
    print("-" * len(head))
    compared = agreed = 0
    for name, measure, vals, note in rows:
        cells = "".join(" {:>8}".format("n/a" if v is None else f"{v:.3f}") for v in vals)
        if vals[0] is None:
            verdict = "n/a"
        elif "not compared" in note:
            verdict = "-"
        else:
            ok = agree(vals[0], vals[-1])
            compared += 1
            agreed += ok
            verdict = "yes" if ok else "NO"
        print(f"{name:<50} {measure:<14}{cells}  {verdict:<5}  {note}")
    print(f"{agreed} of {compared} compared rows agree within 10 %")


def main():
    parsed = parse_args(sys.argv[1:])
    if not parsed:
        print(__doc__)
        return 2
    driver, quick, reps = parsed
    cpus = allowed_cpus()
    p = min(2, cpus)
    sides, py_total = sized_sides(Sim(driver), 0.3 if quick else 1.0)
    load_before = load_average()
    rows = gil_rows(sides, reps, p, 40 if quick else 100)
    rows.append(free_row(sides, reps, p, py_total))
    print_table(rows, sides, reps, cpus, load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
