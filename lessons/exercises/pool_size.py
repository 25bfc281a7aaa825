"""Size a pool from what the job may use, not from the machine.

os.cpu_count() counts every CPU of the machine: 64 on a 64-core node, even
in a job that was granted 4. Make pool_size() return, in this order:

- SLURM_CPUS_PER_TASK, when Slurm set it (a job with --cpus-per-task)
- NCPUS, when PBS set it
- otherwise the number of CPUs in this process's affinity mask

The checker runs the program with SLURM_CPUS_PER_TASK=3, with NCPUS=2,
and with neither (on one CPU); the pool must have the size printed.
"""
import os
from multiprocessing import Pool


def pool_size():
    return os.cpu_count()


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
