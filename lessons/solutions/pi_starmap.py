"""Monte Carlo pi from sixteen tasks, computed in a pool of processes.

Each task is a tuple of arguments for hits(n, seed); pool.starmap calls
hits(*task) in a worker and returns the counts in the order of the tasks.
The seeds belong to the tasks, so the estimate is the same as before.
"""
import random
from multiprocessing import Pool

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
    tasks = [(THROWS, seed) for seed in range(TASKS)]
    with Pool(2) as pool:
        counts = pool.starmap(hits, tasks)
    inside, total = sum(counts), TASKS * THROWS
    print(f"{inside} of {total} points inside: pi ~ {4 * inside / total:.5f}")


if __name__ == "__main__":
    main()
