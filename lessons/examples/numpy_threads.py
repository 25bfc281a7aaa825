"""NumPy releases the GIL: two threads on arrays keep two cores busy.

np.sin over a large float array runs in C without the GIL, so two threads,
each on its own half of the work, can run at the same time. The same work as
a pure-Python loop keeps one core busy at most, as in the GIL lesson.
Without NumPy this prints how to get it.
"""
import os
import threading
import time

try:
    import numpy as np
except ImportError:
    np = None

SIZE = 250_000         # floats per array: 2 MB, so it stays in cache
ROUNDS = 800           # np.sin calls in all


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def numpy_work(rounds):
    data = np.arange(SIZE, dtype=np.float64)
    out = np.empty_like(data)
    for _ in range(rounds):
        np.sin(data, out=out)           # C code, GIL released inside


def timed(work, rounds, threads):
    """Wall time and cores busy (this process's CPU time / wall time)."""
    pool = [threading.Thread(target=work, args=(rounds // threads,)) for _ in range(threads)]
    wall, cpu = time.perf_counter(), time.process_time()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - wall
    return wall, (time.process_time() - cpu) / wall


def main():
    if np is None:
        print("NumPy is not installed for this Python.")
        print("  pip install numpy   (Debian: apt install python3-numpy;")
        print("  on a cluster, look for a python or scipy-stack module first)")
        print("verdict: install NumPy to see it release the GIL")
        return
    cpus = usable_cpus()
    print(f"NumPy {np.__version__}, {cpus} CPU(s); np.sin on {SIZE:,} floats")
    numpy_work(2)                       # warm up: first touches of memory
    one = min(timed(numpy_work, ROUNDS, 1) for _ in range(3))
    two = min(timed(numpy_work, ROUNDS, 2) for _ in range(3))
    print(f"  1 thread   {one[0]:5.2f} s   cores busy {one[1]:4.2f}")
    print(f"  2 threads  {two[0]:5.2f} s   cores busy {two[1]:4.2f}   speedup {one[0] / two[0]:4.2f}x")
    if cpus < 2:
        print("verdict: one CPU only, so nothing can run in parallel here")
    elif two[1] > 1.3:
        print("verdict: NumPy released the GIL: two threads kept")
        print(f"{two[1]:.1f} cores busy")
    else:
        print("verdict: the threads did not get two cores this time;")
        print("is the machine busy? (try `uptime`)")


if __name__ == "__main__":
    main()
