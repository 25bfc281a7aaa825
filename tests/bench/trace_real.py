#!/usr/bin/env python3
"""`corelab trace` on real python3, measured in one run on this machine:

  cost          the sampler's CPU (share of one core while it traces 8
                threads), the traced program's wall time against the
                untraced one (ratios; goals 3 % and 1.03), the cells' length
  faithfulness  REFERENCE.md's outcomes as the trace of python3 shows them,
                beside the same figure from the simulated GIL's spans
                (`corelab demo gil|pool --json`): two CPU-bound threads
                overlap at most 0.10; two threads hashing large buffers at
                least 0.6 on 2 idle CPUs; a 4-process Pool has a row per
                worker and keeps min(4, CPUs) cores busy; a 0.2 ms sleep
                beside a CPU-bound thread splits into io and about one
                switch interval of lock wait

    trace_real.py [--quick] [--reps=N]

A benchmark, not a test: it prints the figures and whether each meets its
goal, and exits 0 whatever they are (1 only if something could not run)."""
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "trace"))
from tracelib import BIN, PROGRAMS, PYTHON, allowed_cpus, busy_rows, workdir  # noqa: E402

CELL = 0.002  # the cell of the overlap: corelab trace's default interval

PROGRAMS = dict(PROGRAMS)
# 8 CPU-bound threads under the GIL; prints its own wall time
PROGRAMS["eight"] = r'''
import sys, threading, time
def countdown(n):
    while n > 0:
        n -= 1
n = int(sys.argv[1])
ts = [threading.Thread(target=countdown, args=(n,)) for _ in range(8)]
t0 = time.perf_counter()
for t in ts: t.start()
for t in ts: t.join()
print("wall", time.perf_counter() - t0, flush=True)
'''
# one process per CPU, each CPU-bound: every core busy
PROGRAMS["saturate"] = r'''
import os, sys, time
from multiprocessing import Pool
def countdown(n):
    while n > 0:
        n -= 1
if __name__ == "__main__":
    n, k = int(sys.argv[1]), len(os.sched_getaffinity(0))
    t0 = time.perf_counter()
    with Pool(k) as p:
        p.map(countdown, [n] * k)
    print("wall", time.perf_counter() - t0, flush=True)
'''


def write(name, wd):
    path = os.path.join(wd, name + ".py")
    with open(path, "w") as f:
        f.write(PROGRAMS[name])
    return path


def run(argv, timeout=300):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def wall_of(text):
    for line in text.splitlines():
        if line.startswith("wall "):
            return float(line.split()[1])
    raise RuntimeError("no wall time in: " + text[-300:])


def traced(argv, interval=None):
    """corelab trace --json on argv: (result record, program output)."""
    opts = ["--interval", str(interval)] if interval else []
    p = run([BIN, "trace", "--json"] + opts + ["--"] + argv)
    for line in p.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "result":
            return rec, p.stderr
    raise RuntimeError("no result from corelab trace: " + p.stderr[-300:])


def demo(args):
    """corelab demo ... --json: (result, spans)."""
    p = run([BIN, "demo"] + args + ["--json"])
    recs = [json.loads(line) for line in p.stdout.splitlines()]
    res = [r for r in recs if r.get("type") == "result"]
    if not res:
        raise RuntimeError("no result from corelab demo " + " ".join(args))
    return res[-1], [r for r in recs if r.get("type") == "span"]


def spans_overlap(spans):
    """The trace's overlap from exact spans: cells of CELL seconds in which
    two or more threads each ran more than half (on a CPU: holding the
    simulated GIL, or computing with it released)."""
    run_by = {}
    end = 0.0
    for s in spans:
        end = max(end, s["t"] + s["dur"])
        if s["state"] not in ("run", "nogil"):
            continue
        cells = run_by.setdefault(s["thread"], {})
        t, stop = s["t"], s["t"] + s["dur"]
        while t < stop:
            k = int(t / CELL)
            edge = min(stop, (k + 1) * CELL)
            cells[k] = cells.get(k, 0.0) + edge - t
            t = edge
    n = int(end / CELL) + 1
    both = sum(1 for k in range(n) if sum(1 for c in run_by.values() if c.get(k, 0) > CELL / 2) >= 2)
    return both / n if n else 0.0


def demo_cores_busy(args):
    """Cores busy during a demo's run, from its per-core samples (the demo
    cannot see its own CPU time the way wait4 does)."""
    p = run([BIN, "demo"] + args + ["--json"])
    recs = [json.loads(line) for line in p.stdout.splitlines()]
    busy = [sum(c for c in r["cpu"] if c is not None) / 100 for r in recs if r.get("type") == "sample"]
    return statistics.mean(busy[1:-1]) if len(busy) > 2 else None


def spans_total(spans, thread, state):
    return sum(s["dur"] for s in spans if s["thread"] == thread and s["state"] == state)


class Bench:
    def __init__(self, reps, quick):
        self.reps, self.quick = reps, quick
        self.cpus = allowed_cpus()
        self.wd = workdir()
        self.rows = []  # (section, what, python3 traced, simulated, goal text, met)

    def add(self, section, what, real, sim, goal, met):
        self.rows.append((section, what, real, sim, goal, met))

    # ---- cost ----

    def cost_threads(self):
        prog = write("eight", self.wd)
        n = 500_000 if self.quick else 4_000_000
        plain, walls, shares, cells, cmax = [], [], [], [], []
        for _ in range(self.reps):  # interleaved: load hits both alike
            plain.append(wall_of(run([PYTHON, prog, str(n)]).stdout))
            res, out = traced([PYTHON, prog, str(n)])
            walls.append(wall_of(out))
            shares.append(res["sampler_cpu_s"] / res["wall_s"])
            cells.append(res["cell_ms"])
            cmax.append(res["cell_max_ms"])
        ratio = min(walls) / min(plain)
        share = statistics.median(shares)
        self.add("cost", "8 threads (GIL): wall traced / untraced", ratio, None, "<= 1.03", ratio <= 1.03)
        self.add("cost", "sampler CPU, share of one core (8 threads)", share, None, "<= 0.03", share <= 0.03)
        self.add("cost", "cell length, mean ms", statistics.median(cells), None, "<= 2 (+ wake-up)",
                 statistics.median(cells) <= 2.1)
        self.add("cost", "cell length, longest ms", statistics.median(cmax), None, "(late ticks)", None)

    def cost_saturated(self):
        prog = write("saturate", self.wd)
        n = 2_000_000 if self.quick else 8_000_000
        plain, walls = [], []
        for _ in range(self.reps):
            plain.append(wall_of(run([PYTHON, prog, str(n)]).stdout))
            walls.append(wall_of(traced([PYTHON, prog, str(n)])[1]))
        ratio = min(walls) / min(plain)
        self.add("cost", f"{self.cpus} busy processes: wall traced / untraced", ratio, None, "<= 1.03",
                 ratio <= 1.03)

    # ---- faithfulness ----

    def gil_threads(self):
        real = statistics.median(traced([PYTHON, write("gil", self.wd), "3000000"])[0]["overlap"]
                                 for _ in range(self.reps))
        sim = statistics.median(spans_overlap(demo(["gil", "--variant", "cpu", "--workers", "2"])[1])
                                for _ in range(self.reps))
        self.add("faithful", "2 CPU-bound threads: overlap", real, sim, "<= 0.10", real <= 0.10 and sim <= 0.10)

    def hash_threads(self):
        p = min(2, self.cpus)
        real = max(traced([PYTHON, write("hash", self.wd), "16"])[0]["overlap"] for _ in range(self.reps))
        sim = max(spans_overlap(demo(["gil", "--variant", "nogil", "--workers", str(p)])[1])
                  for _ in range(self.reps))
        goal = ">= 0.6" if p >= 2 else "(1 CPU)"
        self.add("faithful", f"2 threads hashing (GIL released), {p} CPUs: overlap", real, sim, goal,
                 real >= 0.6 and sim >= 0.6 if p >= 2 else None)

    def pool(self):
        expect = min(4, self.cpus)
        best, rows = 0.0, 0
        for _ in range(self.reps):
            res, _ = traced([PYTHON, write("pool", self.wd)])
            root = res["pid"][0]
            rows = len({pid for pid in res["pid"] if pid != root})
            best = max(best, res["cores_busy"])
        sims = [demo_cores_busy(["pi", "--variant", "processes", "--workers", "4"]) for _ in range(self.reps)]
        self.add("faithful", "4-process Pool: worker processes with rows", rows, 4, "4", rows == 4)
        sims = [x for x in sims if x is not None]
        self.add("faithful", f"4-process Pool: cores busy ({self.cpus} CPUs)", best, max(sims) if sims else None,
                 f"~{expect}", best >= 0.8 * expect)

    def convoy(self):
        ops = 40 if self.quick else 100
        prog = write("convoy", self.wd)
        waits, ios = [], []
        for _ in range(self.reps):
            res, _ = traced([PYTHON, prog, str(ops)])
            waits.append(res["wait_s"][0] / ops * 1e3)
            ios.append(res["io_s"][0])
        sim_waits = []
        for _ in range(self.reps):
            r, spans = demo(["gil", "--variant", "convoy", "--workers", "1", "--work", str(ops)])
            sim_waits.append(spans_total(spans, 0, "wait") / ops * 1e3)
        real, sim = statistics.median(waits), statistics.median(sim_waits)
        self.add("faithful", "0.2 ms sleep beside 1 CPU thread: lock wait per sleep, ms", real, sim,
                 "~5 (one interval)", 3.5 <= real <= 7.5 and min(ios) > 0)

    def report(self):
        print(f"corelab trace on {PYTHON} on {self.cpus} CPUs (best/median of {self.reps}, one run)")
        head = f"{'':9} {'measure':<58} {'python3':>9} {'sim GIL':>9}  goal"
        print(head)
        print("-" * (len(head) + 20))
        for section, what, real, sim, goal, met in self.rows:
            cell = lambda v: "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)  # noqa: E731
            mark = "" if met is None else ("  yes" if met else "  NO")
            print(f"{section:<9} {what:<58} {cell(real):>9} {cell(sim):>9}  {goal}{mark}")
        judged = [m for *_, m in self.rows if m is not None]
        print(f"{sum(judged)} of {len(judged)} goals met")


def main():
    quick = "--quick" in sys.argv
    reps = 1 if quick else 3
    for a in sys.argv[1:]:
        if a.startswith("--reps="):
            reps = max(1, int(a.split("=", 1)[1]))
    b = Bench(reps, quick)
    try:
        b.cost_threads()
        b.cost_saturated()
        b.gil_threads()
        b.hash_threads()
        b.pool()
        b.convoy()
    except (OSError, subprocess.SubprocessError, RuntimeError, ValueError, KeyError) as e:
        print("cannot run:", e)
        return 1
    b.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
