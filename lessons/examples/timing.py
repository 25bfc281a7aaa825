"""Measuring parallel code: wall time, CPU time, and repeats.

time.perf_counter() is wall-clock time: what the user waits for.
time.process_time() is CPU time used by THIS process only: it leaves out
time spent waiting, and the work done by child processes.
"""
import multiprocessing
import statistics
import time


def spin(n):
    total = 0
    for i in range(n):
        total += i
    return total


def measure(label, action):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(f"  {label:20s} {wall:5.2f} {cpu:5.2f}")
    return wall, cpu


def in_pool():
    with multiprocessing.Pool(2) as pool:
        pool.map(spin, [1_500_000] * 4)


def main():
    print("seconds (CPU: this process only)")
    print("                        wall   CPU")
    measure("sleep 0.3 s", lambda: time.sleep(0.3))
    measure("pure-Python loop", lambda: spin(6_000_000))
    wall, cpu = measure("same loop, Pool of 2", in_pool)

    print("five repeats of the same loop:")
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        spin(2_000_000)
        runs.append(time.perf_counter() - start)
    print("  " + "  ".join(f"{r:.3f}" for r in runs) + " s")
    print(f"  min {min(runs):.3f}   median {statistics.median(runs):.3f}   "
          f"max {max(runs):.3f} s")
    if cpu < 0.5 * wall:
        print("the parent's CPU time missed the workers;")
        print("verdict: judge parallel code by wall time")


if __name__ == "__main__":
    main()
