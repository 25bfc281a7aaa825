"""concurrent.futures: one interface for a pool of processes or of threads.

ProcessPoolExecutor runs calls in worker processes (each with its own GIL);
ThreadPoolExecutor, from the threading lesson, has the same methods. submit()
returns a Future at once; as_completed() yields futures as they finish;
map() returns results in input order. An exception raised in a worker comes
back from result() as the same exception.
"""
import concurrent.futures
import os


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def collatz_steps(n):
    """Steps until the Collatz sequence from n reaches 1: pure-Python work."""
    if n < 1:
        raise ValueError(f"collatz_steps needs n >= 1, got {n}")
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main():
    starts = [27, 97, 871, 6171, 77031, 837799]
    workers = min(2, usable_cpus())
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(collatz_steps, n): n for n in starts}
        for future in concurrent.futures.as_completed(futures):
            print(f"as_completed: {futures[future]:>7} takes {future.result():3d} steps")
        print("map:", list(pool.map(collatz_steps, starts)))
        bad = pool.submit(collatz_steps, 0)
        try:
            bad.result()
        except ValueError as err:
            print(f"result() raised the worker's ValueError: {err}")
    print("verdict: submit, as_completed and map ran in worker processes")


if __name__ == "__main__":
    main()
