"""Square 10,000 numbers in a pool of two workers, one number per message.

pool.map pickles every chunk of tasks, sends it through a pipe to a worker
and gets the results back the same way. Squaring a number costs far less
than that trip, so with chunksize=1 the pool spends its time on messages.
Choose a chunksize that makes the pool.map at least 3 times faster than
with chunksize=1. The checker measures both, on the same pool.
"""
import time
from multiprocessing import Pool

NUMBERS = 10_000


def square(x):
    return x * x


def main():
    with Pool(2) as pool:
        start = time.perf_counter()
        squares = pool.map(square, range(NUMBERS), chunksize=1)
        elapsed = time.perf_counter() - start
    print(f"sum of squares below {NUMBERS}: {sum(squares)}")
    print(f"pool.map took {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
