"""pymp: an OpenMP-style parallel loop on forked processes.

Entering `with pymp.Parallel(n) as p:` forks n - 1 copies of this process
(pymp calls os.fork itself, whatever multiprocessing's start method); the
body runs in all n. p.range() hands out the iterations statically, p.xrange()
dynamically. Results go into a pymp.shared.array, which all copies see.
Without an n, pymp starts as many processes as the machine has CPUs, not as
many as the job may use: pass n, or set PYMP_NUM_THREADS / OMP_NUM_THREADS.

pymp is installed with `pip install pymp-pypi` (`pip install pymp` installs
an unrelated package), needs NumPy and a system with fork (not Windows), and
has had no release since 2022. Under the forkserver start method (Linux's
default from Python 3.14) the resource tracker may warn at exit about
"leaked semaphore objects": pymp's own locks, which the tracker then removes.
"""
import os
import time

try:
    import pymp
except ImportError:
    pymp = None

N = 48
UNIT = 20_000          # loop steps per unit of cost; iteration i costs i + 1


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def body(i):
    total = 0
    for k in range((i + 1) * UNIT):
        total += k
    return total


def run(workers, dynamic):
    """The results, wall time and each process's iteration count."""
    results = pymp.shared.array((N,), dtype="int64")
    done_by = pymp.shared.array((workers,), dtype="int64")
    start = time.perf_counter()
    with pymp.Parallel(workers) as p:
        for i in (p.xrange(N) if dynamic else p.range(N)):
            results[i] = body(i)            # each index written by one process
            done_by[p.thread_num] += 1      # each process writes its own slot
    return list(results), time.perf_counter() - start, list(done_by)


def main():
    if pymp is None:
        print("pymp is not installed for this Python.")
        print("  pip install pymp-pypi   (not `pymp`: that name is another package;")
        print("  it needs NumPy, and fork, so Linux or macOS)")
        print("verdict: install pymp-pypi to run OpenMP-style loops")
        return
    workers = min(2, usable_cpus())
    print(f"{N} uneven iterations on {workers} pymp processes")
    expected = [body(i) for i in range(N)]
    for label, dynamic in (("p.range  (static)", False), ("p.xrange (dynamic)", True)):
        results, wall, done_by = run(workers, dynamic)
        assert results == expected
        print(f"  {label:19s} {wall:5.2f} s   iterations per process {done_by}")
    print("verdict: pymp ran the loop on forked processes,")
    print("and the shared array collected every result")


if __name__ == "__main__":
    main()
