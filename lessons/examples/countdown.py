"""Count down in pure Python with one thread, two threads, or two processes.

The total work is the same in every run: W workers each count down 1/W of it.
Usage: python3 countdown.py [threads|processes]
  threads    one thread against two threads (the GIL lesson)
  processes  the same, plus two processes (the multiprocessing lesson)

Besides the wall time, each run reports how many cores were busy on average:
the CPU time its workers used divided by the wall time. Two threads that take
turns on the GIL keep at most one core busy, however many cores the machine
has; two processes can keep two busy.

Each child process measures its own CPU time (time.process_time) and sends it
back through a Queue. os.times() of the parent would not do: with the
forkserver start method (Linux's default from Python 3.14) the children
belong to the server process, and their CPU time never reaches the parent.
"""
import multiprocessing
import os
import sys
import threading
import time

TOTAL = 30_000_000   # under a second of pure-Python work on a 2020s core
ROUNDS = 3           # keep the best of three rounds: the least disturbed one


def countdown(n):
    while n > 0:
        n -= 1


def with_threads(workers):
    """Run the threads; return the CPU time they used (all threads of this process)."""
    share = TOTAL // workers
    threads = [threading.Thread(target=countdown, args=(share,)) for _ in range(workers)]
    cpu = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.process_time() - cpu


def countdown_measured(n, results):
    """In a child process: count down, and send back the CPU time it took."""
    cpu = time.process_time()
    countdown(n)
    results.put(time.process_time() - cpu)


def with_processes(workers):
    """Run the processes; return the CPU time they reported."""
    share = TOTAL // workers
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=countdown_measured, args=(share, results))
             for _ in range(workers)]
    for p in procs:
        p.start()
    cpu = sum(results.get() for _ in procs)     # one report from each child
    for p in procs:
        p.join()
    return cpu


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def timed(run, workers):
    """Wall time of one run, and the cores it kept busy on average."""
    wall = time.perf_counter()
    cpu = run(workers)
    wall = time.perf_counter() - wall
    return wall, cpu / wall


def best(results):
    """The fastest round's wall time, and the most cores any round kept busy."""
    return min(w for w, _ in results), max(c for _, c in results)


def gil_enabled():
    # Python 3.13+ can tell whether this interpreter runs with a GIL.
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "threads"
    if mode not in ("threads", "processes"):
        sys.exit("usage: python3 countdown.py [threads|processes]")
    cpus = usable_cpus()
    print(f"countdown from {TOTAL:,}, {cpus} CPU(s)")

    kinds = [("1 thread", with_threads, 1), ("2 threads", with_threads, 2)]
    if mode == "processes":
        kinds.append(("2 processes", with_processes, 2))

    # Warm up: one untimed round. The first second or so of a run is often
    # slower (CPU clocks ramping up, caches and memory still cold), and
    # whichever kind ran first would look worse than it is.
    for _, run, workers in kinds:
        run(workers)

    # Interleave the kinds of run, and reverse their order every round, so
    # that a burst of other load on the machine, or a machine that is still
    # speeding up, does not favour one of them.
    runs = {label: [] for label, _, _ in kinds}
    for r in range(ROUNDS):
        for label, run, workers in (kinds if r % 2 == 0 else kinds[::-1]):
            runs[label].append(timed(run, workers))

    one, _ = best(runs["1 thread"])
    print("             wall    speedup  cores busy")
    for label, results in runs.items():
        if results:
            wall, busy = best(results)
            print(f"{label:11s} {wall:5.2f} s  {one / wall:5.2f}x  {busy:6.2f}")

    _, threads_busy = best(runs["2 threads"])
    if not gil_enabled():
        print("verdict: this Python has no GIL;")
        print("threads may run in parallel")
    elif threads_busy < 1.3:
        print("verdict: two threads kept at most one core")
        print("busy: only the GIL holder runs Python code,")
        print("so threads cannot speed this loop up")
    else:
        print("verdict: threads kept more than one core busy;")
        print("is this Python free-threaded?")

    if mode == "processes":
        procs_wall, procs_busy = best(runs["2 processes"])
        two, _ = best(runs["2 threads"])
        if cpus < 2:
            print("verdict: processes cannot run in parallel")
            print("here: this process may use only one CPU")
        elif procs_wall < 0.8 * two or procs_busy > 1.4:
            print(f"verdict: processes {two / procs_wall:.1f}x faster than threads:")
            print("each has its own interpreter and GIL")
        elif procs_busy < 1.2:
            # The two processes never got two cores' worth of CPU between
            # them: other work on the machine had the rest.
            print("verdict: processes were not faster here;")
            print("is the machine busy? (try `uptime`)")
        else:
            print("verdict: processes were not faster, although")
            print(f"they kept {procs_busy:.1f} cores busy")


if __name__ == "__main__":
    main()
