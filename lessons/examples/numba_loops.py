"""numba: compiled loops, and when they run without the GIL.

The same Monte Carlo loop compiled three ways:
  @njit                 compiled, but holds the GIL for the whole call:
                        two of your threads calling it take turns
  @njit(nogil=True)     lets go of the GIL for the whole call: two of your
                        threads calling it run on two cores
  @njit(parallel=True)  prange splits one call's loop over numba's own
                        threads; the GIL is let go while they run the loop
So nogil=True is what lets your own threads run compiled code at once;
parallel=True is numba's own threading inside one call.
Without numba this prints how to get it.
"""
import os
import threading
import time

try:
    import numba
    import numpy as np
except ImportError:
    numba = None

SAMPLES = 50_000_000


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def build():
    """Compile the three versions (numba compiles at the first call)."""
    def inside(n, seed):
        np.random.seed(seed)          # numba keeps a generator per thread
        hits = 0
        for _ in range(n):
            x, y = np.random.random(), np.random.random()
            if x * x + y * y <= 1.0:
                hits += 1
        return hits

    def inside_prange(n):
        hits = 0
        for _ in numba.prange(n):     # iterations shared among threads
            x, y = np.random.random(), np.random.random()
            if x * x + y * y <= 1.0:
                hits += 1             # numba turns this into a reduction
        return hits

    holding = numba.njit(inside)
    releasing = numba.njit(nogil=True)(inside)
    parallel = numba.njit(parallel=True)(inside_prange)
    holding(10, 1), releasing(10, 1), parallel(10)   # compile now, not while timed
    return holding, releasing, parallel


def in_threads(func, threads):
    """Wall time and cores busy for SAMPLES points split among threads."""
    share = SAMPLES // threads
    pool = [threading.Thread(target=func, args=(share, seed)) for seed in range(threads)]
    wall, cpu = time.perf_counter(), time.process_time()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - wall
    return wall, (time.process_time() - cpu) / wall


def main():
    if numba is None:
        print("numba (or NumPy) is not installed for this Python.")
        print("  pip install numba   (Debian: apt install python3-numba;")
        print("  on a cluster, look for a python or numba module first)")
        print("verdict: install numba to compile loops without the GIL")
        return
    cpus = usable_cpus()
    workers = min(2, cpus)
    numba.set_num_threads(min(numba.config.NUMBA_NUM_THREADS, workers))
    print(f"numba {numba.__version__}, {cpus} CPU(s), {SAMPLES:,} points")
    holding, releasing, parallel = build()
    rows = [("@njit, 1 thread", in_threads(holding, 1)),
            (f"@njit, {workers} threads", in_threads(holding, workers)),
            (f"nogil=True, {workers} threads", in_threads(releasing, workers))]
    wall, cpu = time.perf_counter(), time.process_time()
    parallel(SAMPLES)
    wall = time.perf_counter() - wall
    rows.append((f"parallel=True, {numba.get_num_threads()} threads",
                 (wall, (time.process_time() - cpu) / wall)))
    for label, (seconds, busy) in rows:
        print(f"  {label:26s} {seconds:5.2f} s   cores busy {busy:4.2f}")
    held, released = rows[1][1][1], rows[2][1][1]
    if workers < 2:
        print("verdict: one CPU only, so nothing can run in parallel here")
    elif released > 1.3 and held < 1.2:
        print("verdict: only nogil=True let two threads run compiled code at once")
    else:
        print("verdict: no clear difference this time;")
        print("is the machine busy? (try `uptime`)")


if __name__ == "__main__":
    main()
