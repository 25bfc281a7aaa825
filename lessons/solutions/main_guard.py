"""Two processes each add up the squares of half the numbers below 1,000,000.

The work happens only when this file is the program itself, not when a
spawned process imports it: that is what the __main__ guard says.
"""
from multiprocessing import Array, Process

N = 1_000_000


def partial_sum(results, index, lo, hi):
    results[index] = sum(i * i for i in range(lo, hi))


def main():
    results = Array("q", 2)
    half = N // 2
    workers = [
        Process(target=partial_sum, args=(results, 0, 0, half)),
        Process(target=partial_sum, args=(results, 1, half, N)),
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"sum of squares below {N}: {results[0] + results[1]}")


if __name__ == "__main__":
    main()
