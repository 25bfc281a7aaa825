"""Pool.map and chunksize: many tiny tasks, sent one by one or in batches.

Every task and every result is pickled and sent through a pipe between the
parent and a worker. With tiny tasks that traffic, not the work, is the cost.
"""
import math
import multiprocessing
import os
import time

ITEMS = 20_000


def square(x):
    return x * x


def timed_map(pool, chunksize):
    start = time.perf_counter()
    out = pool.map(square, range(ITEMS), chunksize=chunksize)
    elapsed = time.perf_counter() - start
    assert out[-1] == (ITEMS - 1) ** 2
    return elapsed


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main():
    workers = min(4, usable_cpus())
    default = math.ceil(ITEMS / (4 * workers))      # what Pool.map picks by itself
    with multiprocessing.Pool(workers) as pool:
        pool.map(square, range(100))                # warm-up: workers are up and ready
        print(f"{ITEMS:,} tiny tasks on a pool of {workers} worker(s)")
        times = {}
        for label, size in (("chunksize=1", 1),
                            (f"default ({default})", None),
                            ("chunksize=100", 100)):
            times[label] = timed_map(pool, size)
            print(f"  {label:16s} {times[label]:6.3f} s")
    one = times["chunksize=1"]
    dflt = times[f"default ({default})"]
    print(f"default: ceil({ITEMS} / (4 x {workers})) = {default}")
    if one > 2 * dflt:
        print("verdict: chunksize matters:")
        print(f"one task per message was {one / dflt:.0f}x slower")
    else:
        print("verdict: the difference was small this time;")
        print("try more items")


if __name__ == "__main__":
    main()
