"""Monte Carlo pi with a process Pool: speedup and efficiency.

Throw random points into the unit square; the share that lands inside the
quarter circle approaches pi/4. The throws are cut into TASKS tasks with a
seed each, so the estimate is the same whatever the number of workers.
"""
import multiprocessing
import os
import random
import time

SAMPLES = 8_000_000
TASKS = 32


def hits(seed):
    rng = random.Random(seed)
    inside = 0
    for _ in range(SAMPLES // TASKS):
        x = rng.random()
        y = rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


def run(workers):
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        total = sum(pool.map(hits, range(TASKS), chunksize=1))
    return 4.0 * total / SAMPLES, time.perf_counter() - start


def main():
    cpus = len(os.sched_getaffinity(0))
    sweep = sorted({1, 2, min(4, cpus)} if cpus >= 2 else {1})
    print(f"{SAMPLES:,} samples, {TASKS} tasks, {cpus} CPU(s)")
    print("workers   wall (s)   speedup   efficiency")
    base = None
    for workers in sweep:
        estimate, wall = run(workers)
        base = base or wall
        speedup = base / wall
        print(f"{workers:7d}   {wall:8.2f}   {speedup:6.2f}x   {100 * speedup / workers:9.0f} %")
    if workers > 1:
        # Amdahl: speedup = 1 / (f + (1 - f) / n); solve for the serial fraction f.
        serial = (workers / speedup - 1) / (workers - 1)
        print(f"Amdahl's law implies a serial fraction {max(serial, 0.0):.2f}")
    print(f"pi ~ {estimate:.2f} (estimate {estimate:.5f})")


if __name__ == "__main__":
    main()
