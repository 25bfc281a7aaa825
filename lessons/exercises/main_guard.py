"""Two processes each add up the squares of half the numbers below 1,000,000.

This works where Python starts processes with fork. Under spawn (macOS,
Windows) and forkserver (Linux from Python 3.14) every new process first
imports this file, runs its top-level code again and tries to start
processes of its own, which Python refuses. Put the top-level work into
main() and call it under `if __name__ == "__main__":`.
"""
from multiprocessing import Array, Process

N = 1_000_000


def partial_sum(results, index, lo, hi):
    results[index] = sum(i * i for i in range(lo, hi))


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
