"""Monte Carlo pi with a process Pool: speedup, efficiency, Amdahl's law.

Throw random points into the unit square; the share that lands inside the
quarter circle approaches pi/4. The parallel part is cut into TASKS tasks
with a seed each, so the estimate is the same whatever the number of workers.

Like most real programs this one has a serial part: before handing out the
tasks, the parent throws SERIAL_SHARE of the points itself (think of it as
reading the input, which one process must do). It takes the same time
whatever the number of workers, and Amdahl's law says what that costs.

The sweep goes up to the CPUs this job may use: SLURM_CPUS_PER_TASK (Slurm),
NCPUS (PBS), else the affinity mask (Linux), else os.cpu_count().
"""
import multiprocessing
import os
import random
import time

SAMPLES = 10_000_000     # points in all, serial part included
SERIAL_SHARE = 0.10      # the share the parent throws alone
TASKS = 32


def usable_cpus():
    for var in ("SLURM_CPUS_PER_TASK", "NCPUS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def throw(n, seed):
    """How many of n random points land inside the quarter circle."""
    rng = random.Random(seed)
    inside = 0
    for _ in range(n):
        x = rng.random()
        y = rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


SERIAL = int(SAMPLES * SERIAL_SHARE)
PER_TASK = (SAMPLES - SERIAL) // TASKS


def task(seed):
    return throw(PER_TASK, seed)


def run(workers):
    """One estimate: the serial part, then the tasks on a pool of workers."""
    start = time.perf_counter()
    inside = throw(SERIAL, seed=-1)                  # serial: the parent alone
    serial = time.perf_counter() - start
    with multiprocessing.Pool(workers) as pool:      # parallel: the tasks
        inside += sum(pool.map(task, range(TASKS), chunksize=1))
    estimate = 4.0 * inside / (SERIAL + PER_TASK * TASKS)
    return estimate, time.perf_counter() - start, serial


def sweep(cpus):
    """1, 2, 4, 8, ... workers, up to and including the CPUs we may use."""
    counts = [1]
    while counts[-1] * 2 < cpus:
        counts.append(counts[-1] * 2)
    if cpus > 1:
        counts.append(cpus)
    return counts


def main():
    cpus = usable_cpus()
    print(f"{SAMPLES:,} samples ({SERIAL_SHARE:.0%} serial), {TASKS} tasks, {cpus} CPU(s)")
    print("workers   wall (s)   speedup   efficiency   estimate")
    base = serial_one = None
    for workers in sweep(cpus):
        estimate, wall, serial = run(workers)
        if base is None:
            base, serial_one = wall, serial
        speedup = base / wall
        print(f"{workers:7d}   {wall:8.2f}   {speedup:6.2f}x   {100 * speedup / workers:9.0f} %"
              f"   {estimate:.6f}")
    f = serial_one / base
    print(f"serial part: {serial_one:.2f} s of the 1-worker {base:.2f} s, f = {f:.2f}")
    print(f"Amdahl: at most {1 / (f + (1 - f) / workers):.2f}x on {workers} workers,"
          f" never above {1 / f:.0f}x")
    if workers > 1:
        # Amdahl: speedup = 1 / (f + (1 - f) / n); solve for the f the run implies.
        implied = (workers / speedup - 1) / (workers - 1)
        print(f"the measured {speedup:.2f}x implies a serial fraction {max(implied, 0.0):.2f}")
        if implied < f + 0.2:
            print("(a little more than f: starting the pool and sending tasks cost too)")
        else:
            print("(far more than f: is the machine busy? (try `uptime`))")
    print(f"pi ~ {estimate:.2f}, the same estimate for every number of workers")


if __name__ == "__main__":
    main()
