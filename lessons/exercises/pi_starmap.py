"""Monte Carlo pi from sixteen tasks, computed one after the other.

hits(n, seed) throws n random points with a generator of its own and
counts those inside the quarter circle. It takes two arguments, so
pool.map, which passes one, does not fit as it is. Compute the tasks in a
multiprocessing.Pool with starmap, which calls hits(*args) for each tuple
of arguments; the program must print the same count and estimate.
"""
import random

TASKS = 16
THROWS = 50_000


def hits(n, seed):
    rng = random.Random(seed)
    inside = 0
    for _ in range(n):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


def main():
    counts = []
    for seed in range(TASKS):
        counts.append(hits(THROWS, seed))
    inside, total = sum(counts), TASKS * THROWS
    print(f"{inside} of {total} points inside: pi ~ {4 * inside / total:.5f}")


if __name__ == "__main__":
    main()
