"""Send messages instead of sharing: a Queue and a Pipe.

Queue: many processes put and get; here two workers take numbers from a task
queue and put their results on a result queue until they meet a None, the
agreed "no more work" sign. Pipe: a connection with two ends, for exactly
two processes talking to each other.
"""
import multiprocessing
import os

STOP = None                                   # the "no more work" sign


def worker(tasks, results):
    while True:
        n = tasks.get()                       # waits until there is something
        if n is STOP:
            break
        results.put((n, n * n, os.getpid()))


def echo(conn):
    """The child's end of the Pipe: answer every message until 'bye'."""
    while True:
        message = conn.recv()
        if message == "bye":
            break
        conn.send(message.upper())
    conn.close()


def main():
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [multiprocessing.Process(target=worker, args=(tasks, results)) for _ in range(2)]
    for w in workers:
        w.start()
    for n in range(10):
        tasks.put(n)
    for _ in workers:
        tasks.put(STOP)                       # one stop sign per worker
    done = [results.get() for _ in range(10)] # get before join: drain the queue
    for w in workers:
        w.join()
    squares = sorted(square for _, square, _ in done)
    pids = {pid for _, _, pid in done}
    print(f"Queue: {len(done)} results from {len(pids)} worker(s): {squares}")

    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.Process(target=echo, args=(child_end,))
    child.start()
    for word in ("ping", "pong"):
        parent_end.send(word)
        print(f"Pipe: sent {word!r}, got back {parent_end.recv()!r}")
    parent_end.send("bye")
    child.join()
    if squares == [n * n for n in range(10)]:
        print("verdict: messages carried the work there and back")


if __name__ == "__main__":
    main()
