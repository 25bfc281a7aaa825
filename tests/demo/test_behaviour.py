#!/usr/bin/env python3
"""What each demo must teach (issue 4): lost updates, pi's error bar,
process start cost, chunksize trade-off, schedules, the GIL.

Figures that depend on wall time get a few attempts, and a note instead
of a failure only when other programs measurably held a CPU all along;
figures from CPU time or counts are checked once."""
import math
import os
import resource
import sys
import time

from checks import check, finish, not_checked
from demolib import results, run
from procs import allowed_cpus

CPUS = allowed_cpus()
SANITIZE = os.environ.get("CORELAB_SANITIZE", "none")


def runj(args):
    rc, recs, out, err = run(args + ["--json"])
    check(rc == 0, f"{args}: exit {rc}: {err.strip()}")
    return recs


def busy_elsewhere(fn):
    """fn()'s value, and how many CPUs other programs kept busy while it ran:
    the whole machine's busy time from /proc/stat (steal included), less
    the CPU time of our finished children and of this process."""
    def busy_ticks():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        return sum(v) - v[3] - v[4]  # all but idle and iowait
    def ours():
        c, s = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        return c.ru_utime + c.ru_stime + s.ru_utime + s.ru_stime
    b0, o0, t0 = busy_ticks(), ours(), time.monotonic()
    value = fn()
    b1, o1, t1 = busy_ticks(), ours(), time.monotonic()
    others = ((b1 - b0) / os.sysconf("SC_CLK_TCK") - (o1 - o0)) / max(t1 - t0, 1e-3)
    return value, max(others, 0.0)


# Other programs holding this much CPU all through every attempt excuse a
# wall-time claim that did not show (said in a note); on a quiet machine,
# as CI runs this test (alone, not in parallel), it must show.
BUSY_EXCUSE = 0.3


def check_timed(n, fn, what):
    """A claim that depends on wall time: at most n tries of fn()."""
    others = []
    for _ in range(n):
        ok, busy = busy_elsewhere(fn)
        if ok:
            return
        others.append(busy)
    if min(others) > BUSY_EXCUSE:
        print(f"note: {what}, but other programs kept {min(others):.2f} CPUs busy meanwhile",
              file=sys.stderr)
    else:
        check(False, f"{what} (CPUs other programs used: {', '.join(f'{o:.2f}' for o in others)})")


def test_race():
    for v in ("mutex", "atomic"):
        res = results(runj(["race", "--variant", v, "--workers", "1,2", "--work", "200000"]))
        for r in res:
            check(r["lost"] == 0 and r["observed"] == r["expected"] == 200000, f"race {v} lost updates: {r}")
    if CPUS >= 2:
        def loses():
            r = results(runj(["race", "--variant", "nolock", "--workers", "2", "--work", "1000000"]))[0]
            return r["lost"] > 0 and r["observed"] < r["expected"]
        check_timed(4, loses, "race nolock with 2 threads on 2 CPUs lost no update")
    else:
        not_checked("race nolock loses updates", "it needs 2 CPUs")


def test_pi():
    for v in ("threads", "processes"):
        r = results(runj(["pi", "--variant", v, "--workers", "1,2", "--work", "4000000"]))
        for x in r:
            n = x["samples"]
            check(n == 4000000, f"pi {v}: {n} samples")
            sigma = 4 * math.sqrt((math.pi / 4) * (1 - math.pi / 4) / n)
            check(abs(x["estimate"] - math.pi) < 4 * sigma, f"pi {v}: {x['estimate']} not within 4 sigma")


def test_procs():
    def dearer():
        t = results(runj(["procs", "--variant", "threads", "--workers", "4", "--work", "2000"]))[0]
        p = results(runj(["procs", "--variant", "processes", "--workers", "4", "--work", "2000"]))[0]
        check(t["private_visible"] is True and p["private_visible"] is False, "procs: copy-on-write visibility")
        check(t["shared_visible"] is True and p["shared_visible"] is True, "procs: MAP_SHARED visibility")
        if "thread" in SANITIZE:
            # TSan's pthread_create waits for the new thread to register
            # with the runtime, and its fork() copies the shadow memory:
            # the costs measured are the sanitizer's, not the kernel's.
            # The uninstrumented build checks them.
            return True
        dear = min(p["start_us"]) > min(t["start_us"]) and p["create_us"] > t["create_us"]
        if not dear:
            print(f"note: procs start_us threads {t['start_us']} processes {p['start_us']}, "
                  f"create_us {t['create_us']} / {p['create_us']}", file=sys.stderr)
        return dear
    check_timed(3, dearer, "procs: a process did not cost more to start than a thread")


def test_pool():
    # Many tiny tasks: chunksize 1 sends a message per task.
    def overhead():
        one = results(runj(["pool", "--variant", "processes", "--workers", "2", "--work", "20000",
                            "--chunksize", "1"]))[0]
        mid = results(runj(["pool", "--variant", "processes", "--workers", "2", "--work", "20000",
                            "--chunksize", "100"]))[0]
        return one["overhead_us"] > 2 * mid["overhead_us"] and one["overhead_us"] > 0.5
    check_timed(3, overhead, "pool: chunksize 1 did not cost more per task than chunksize 100")
    # Uneven tasks: one huge chunk per worker leaves one worker with the dear half.
    for v in ("threads", "processes"):
        def balance():
            huge = results(runj(["pool", "--variant", v, "--workers", "2", "--work", "8000",
                                 "--chunksize", "4000"]))[0]
            dflt = results(runj(["pool", "--variant", v, "--workers", "2", "--work", "8000"]))[0]
            check(dflt["chunksize"] == 1000, f"pool default chunksize {dflt['chunksize']} != ceil(8000/(4*2))")
            return huge["imbalance"] is not None and huge["imbalance"] > 1.4 and \
                dflt["imbalance"] is not None and dflt["imbalance"] < huge["imbalance"]
        check_timed(3, balance, f"pool {v}: a huge chunksize did not balance worse than the default")


def test_sched():
    def less():
        s = results(runj(["sched", "--variant", "static", "--workers", "2", "--work", "1500"]))[0]
        d = results(runj(["sched", "--variant", "dynamic", "--workers", "2", "--work", "1500"]))[0]
        g = results(runj(["sched", "--schedule", "guided", "--workers", "2", "--work", "1500"]))[0]
        check(g["schedule"] == "guided", "sched --schedule guided")
        return s["imbalance"] > 2 and d["imbalance"] < s["imbalance"] and d["imbalance"] < 1.5
    check_timed(3, less, "sched: dynamic was not better balanced than static")


def overlap(spans, state):
    """Seconds during which two or more threads were in `state`."""
    ev = []
    for s in spans:
        if s["state"] == state:
            ev += [(s["t"], 1), (s["t"] + s["dur"], -1)]
    ev.sort()
    depth, last, total = 0, 0.0, 0.0
    for t, d in ev:
        if depth >= 2:
            total += t - last
        depth += d
        last = t
    return total


def test_gil():
    # One holder at a time, whatever the load: run spans never overlap
    # (beyond the clock reads around a hand-over).
    recs = runj(["gil", "--variant", "cpu", "--workers", "2", "--work", "1000000"])
    spans = [r for r in recs if r["type"] == "span"]
    run_time = sum(s["dur"] for s in spans if s["state"] == "run")
    check(run_time > 0 and overlap(spans, "run") < 0.02 * run_time, "gil cpu: two threads held the GIL at once")

    def cpu_not_faster():
        r = results(runj(["gil", "--variant", "cpu", "--workers", "1,2", "--work", "2000000"]))
        return r[1]["speedup"] < 1.3
    # A 1-worker run slowed by a busy machine inflates the speedup: retry.
    check_timed(5, cpu_not_faster, "gil cpu: 2 threads ran faster than 1")
    # Without the GIL (released, or none at all) the threads' compute spans
    # overlap in time: nothing serialises them.
    for v, state in (("nogil", "nogil"), ("free", "run")):
        recs = runj(["gil", "--variant", v, "--workers", "2", "--work", "1000000"])
        spans = [r for r in recs if r["type"] == "span"]
        busy = sum(s["dur"] for s in spans if s["state"] == state)
        check(busy > 0 and overlap(spans, state) > 0.2 * busy / 2, f"gil {v}: the threads never ran side by side")
    if CPUS >= 2:
        for v in ("nogil", "free"):
            def faster():
                r = results(runj(["gil", "--variant", v, "--workers", "1,2", "--work", "1500000"]))
                return r[1]["speedup"] > 1.3
            check_timed(4, faster, f"gil {v}: 2 threads were not faster than 1")
    else:
        not_checked("gil nogil and free: 2 threads are faster than 1", "it needs 2 CPUs")

    def io_overlaps():
        r = results(runj(["gil", "--variant", "io", "--workers", "1,2", "--work", "60"]))
        return r[1]["speedup"] > 1.5
    check_timed(3, io_overlaps, "gil io: blocking operations did not overlap")

    def convoy():
        r = results(runj(["gil", "--variant", "convoy", "--workers", "1", "--work", "40"]))[0]
        # 0.2 ms alone; about one 5 ms interval beside a CPU-bound thread
        # (alone_ms grows on a busy machine too, hence the ratio).
        return r["op_latency_ms"] > 2.5 and r["op_latency_ms"] > 3 * r["alone_ms"]
    check_timed(3, convoy, "gil convoy: the I/O thread did not wait about one interval")


# What the sentence under the table says instead of concluding when other
# programs held the CPUs the runs needed (the runs' rows say how many).
BUSY_VERDICT = "not conclusive (machine busy)"


def concludes(out, claim, what):
    """claim is in out, or out says the machine was too busy to conclude
    (a note, not a failure: the demo measured other programs' load)."""
    if claim not in out and BUSY_VERDICT in out:
        print(f"note: {what}: the machine was busy, no conclusion", file=sys.stderr)
        return True
    return check(claim in out, f"{what}:\n{out}")


def test_conclusion_on_cpus():
    """The sentence under the table speaks of the widest run that had a CPU
    per worker, not of one with more workers than CPUs (whose threads took
    turns: a start time of milliseconds, a balance that is the scheduler's)."""
    if CPUS < 2:
        not_checked("the conclusion speaks of the widest run with a CPU per worker", "it needs 2 CPUs")
        return
    over = str(2 * CPUS)
    rc, _, out, err = run(["sched", "--variant", "dynamic", "--workers", f"1,{CPUS},{over}", "--work", "1500"])
    check(rc == 0, f"sched: exit {rc}: {err.strip()}")
    concludes(out, f"the busiest of {CPUS} threads", f"sched conclusion not about {CPUS} threads")
    rc, _, out, err = run(["procs", "--variant", "threads", "--workers", f"1,{CPUS},{over}", "--work", "2000"])
    check(rc == 0, f"procs: exit {rc}: {err.strip()}")
    lines = out.splitlines()
    head = next((ln.split() for ln in lines if ln.startswith("workers")), [])
    # A row's figures, without the notes in parentheses after them.
    row = next(([t for t in ln.split("  (")[0].split() if t != "%"] for ln in lines
                if ln.split()[:1] == [str(CPUS)]), [])
    said = next((ln for ln in lines if ln.startswith("a thread took")), "")
    check("mean_start_us" in head and len(row) == len(head) and (said or BUSY_VERDICT in out), f"procs output:\n{out}")
    if said and "mean_start_us" in head and len(row) == len(head):
        start = float(row[head.index("mean_start_us")])
        took = float(said.split()[3])
        check(abs(took - start) <= max(1.0, 0.01 * start),
              f"procs conclusion ({took} µs) not the {CPUS}-thread run's ({start} µs):\n{out}")
    # With only oversubscribed runs beyond 1, it still speaks of the widest.
    rc, _, out, err = run(["sched", "--variant", "dynamic", "--workers", f"1,{over}", "--work", "1500"])
    concludes(out, f"the busiest of {over} threads", f"sched 1,{over}: conclusion not about {over}")


TESTS = {"race": test_race, "pi": test_pi, "procs": test_procs, "pool": test_pool, "sched": test_sched,
         "gil": test_gil, "conclusion": test_conclusion_on_cpus}
for name in sys.argv[1:] or TESTS:
    TESTS[name]()
finish()
