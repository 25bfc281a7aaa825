"""Count the primes below 50,000 in eight chunks, one chunk after the other.

The chunks do not depend on each other. Hand them to a multiprocessing.Pool
and let pool.map count them in worker processes; the program must still
print the same count.
"""
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
    counts = []
    for chunk in chunks:
        counts.append(count_primes(chunk))
    print(f"{sum(counts)} primes below {LIMIT}")


if __name__ == "__main__":
    main()
