"""Two processes each square half of the numbers below 200,000; the parent
adds up all the squares, which arrive through a Queue.

Each list is large, so the parent takes both from the queue before it
joins the workers: a process that has put an item on a Queue does not end
until the item is written into the pipe underneath, and a full pipe waits
for a reader. Joining first would wait for ever.
"""
from multiprocessing import Process, Queue

N = 200_000


def squares(lo, hi, queue):
    queue.put([i * i for i in range(lo, hi)])


def main():
    half = N // 2
    queue = Queue()
    workers = [Process(target=squares, args=(0, half, queue)),
               Process(target=squares, args=(half, N, queue))]
    for w in workers:
        w.start()
    results = []
    for _ in workers:
        results.extend(queue.get())     # before the joins
    for w in workers:
        w.join()
    print(f"{len(results)} squares, sum of squares below {N}: {sum(results)}")


if __name__ == "__main__":
    main()
