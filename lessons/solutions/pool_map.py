"""Count the primes below 50,000 in eight chunks, in a pool of processes.

pool.map sends each chunk to a worker process and returns the counts in
the order of the chunks.
"""
from multiprocessing import Pool

CHUNKS = 8
LIMIT = 50_000


def count_primes(bounds):
    lo, hi = bounds
    count = 0
    for n in range(max(lo, 2), hi):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            count += 1
    return count


def main():
    step = LIMIT // CHUNKS
    chunks = [(i * step, (i + 1) * step) for i in range(CHUNKS)]
    with Pool(2) as pool:
        counts = pool.map(count_primes, chunks)
    print(f"{sum(counts)} primes below {LIMIT}")


if __name__ == "__main__":
    main()
