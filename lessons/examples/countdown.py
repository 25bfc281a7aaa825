"""Count down in pure Python with one thread, several threads, or several processes.

The total work is the same in every run: W workers each count down 1/W of it.
Usage: python3 countdown.py [threads|processes]
  threads    one thread against two threads (the GIL lesson)
  processes  the same, plus two processes (the multiprocessing lesson)
"""
import multiprocessing
import os
import sys
import threading
import time

TOTAL = 30_000_000   # about half a second of pure-Python work on a 2020s core
ROUNDS = 3           # keep the best of three rounds: the least disturbed one


def countdown(n):
    while n > 0:
        n -= 1


def with_threads(workers):
    share = TOTAL // workers
    threads = [threading.Thread(target=countdown, args=(share,)) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def with_processes(workers):
    share = TOTAL // workers
    procs = [multiprocessing.Process(target=countdown, args=(share,)) for _ in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


def timed(run, workers):
    """Wall time and this process's CPU time of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    run(workers)
    return time.perf_counter() - wall, time.process_time() - cpu


def gil_enabled():
    # Python 3.13+ can tell whether this interpreter runs with a GIL.
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "threads"
    if mode not in ("threads", "processes"):
        sys.exit("usage: python3 countdown.py [threads|processes]")
    cpus = len(os.sched_getaffinity(0))
    print(f"countdown from {TOTAL:,}, {cpus} CPU(s)")

    # Interleave the kinds of run, so that a burst of other load on the
    # machine does not hit only one of them.
    one = two = procs = one_cpu = float("inf")
    for _ in range(ROUNDS):
        wall, cpu = timed(with_threads, 1)
        one, one_cpu = min(one, wall), min(one_cpu, cpu)
        two = min(two, timed(with_threads, 2)[0])
        if mode == "processes":
            procs = min(procs, timed(with_processes, 2)[0])
    print(f"  1 thread    : {one:5.2f} s")
    print(f"  2 threads   : {two:5.2f} s   speedup {one / two:4.2f}x")
    if mode == "processes":
        print(f"  2 processes : {procs:5.2f} s   speedup {one / procs:4.2f}x")

    if not gil_enabled():
        print("verdict: this Python has no GIL;")
        print("threads may run in parallel")
    # With the GIL only one thread computes at a time, so two threads need at
    # least the CPU time that one thread needed; other load only adds to that.
    elif two > 0.8 * one_cpu:
        print("verdict: threads gave no speedup:")
        print("only the GIL holder runs Python code")
    else:
        print("verdict: threads were faster than expected;")
        print("is the machine very unevenly loaded?")

    if mode == "processes":
        if cpus < 2:
            print("verdict: only one CPU here, so two processes")
            print("cannot run at the same time")
        elif procs < 0.8 * two:
            print(f"verdict: processes {two / procs:.1f}x faster than threads:")
            print("each has its own interpreter and GIL")
        else:
            print("verdict: processes were not faster here;")
            print("is the machine busy? (try `uptime`)")


if __name__ == "__main__":
    main()
