"""Two processes each square half of the numbers below 200,000; the parent
adds up all the squares.

The parent wants every value, not only a total (think of results you will
plot), so each worker hands back the whole list of its squares. Today it
appends them to a list of its own, which the parent never sees: the sum
comes out 0. Send each worker's list to the parent through a
multiprocessing.Queue instead; the parent must get the lists, join the
workers, and print the right sum.
"""
from multiprocessing import Process

N = 200_000
results = []


def squares(lo, hi):
    results.extend(i * i for i in range(lo, hi))


def main():
    half = N // 2
    workers = [Process(target=squares, args=(0, half)),
               Process(target=squares, args=(half, N))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"{len(results)} squares, sum of squares below {N}: {sum(results)}")


if __name__ == "__main__":
    main()
