"""Square 10,000 numbers in a pool of two workers, 500 numbers per message.

With chunksize=500 the 10,000 tasks travel in 20 messages instead of
10,000: the pickling and the trips through the pipe are paid once per
chunk, not once per number. (Left out, the chunksize would be
ceil(10000 / (4 x 2)) = 1250, which is as fast here.)
"""
import time
from multiprocessing import Pool

NUMBERS = 10_000


def square(x):
    return x * x


def main():
    with Pool(2) as pool:
        start = time.perf_counter()
        squares = pool.map(square, range(NUMBERS), chunksize=500)
        elapsed = time.perf_counter() - start
    print(f"sum of squares below {NUMBERS}: {sum(squares)}")
    print(f"pool.map took {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
