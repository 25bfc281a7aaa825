"""Size a pool from what the job may use, not from the machine.

The job's variables say what the scheduler granted; the affinity mask says
which CPUs this process may run on (Linux only: elsewhere there is no
sched_getaffinity, and os.cpu_count() is the best guess left).
"""
import os
from multiprocessing import Pool


def pool_size():
    for name in ("SLURM_CPUS_PER_TASK", "NCPUS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def square(x):
    return x * x


def main():
    size = pool_size()
    with Pool(size) as pool:
        total = sum(pool.map(square, range(1000)))
    print(f"pool size: {size}")
    print(f"sum of squares below 1000: {total}")


if __name__ == "__main__":
    main()
