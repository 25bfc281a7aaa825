"""What it costs to start a thread and a process (fork, forkserver, spawn).

Each is started and joined several times with an empty job; the fastest
time is printed, since other load on the machine can only add to it.

  fork        copies the running parent: fast, but a copy of a parent that
              runs threads can inherit a lock that no thread will release
  forkserver  asks a small server process, started once, to fork a child
              from itself: clean and single-threaded like spawn, cheaper
              than spawn, dearer than fork (Linux's default from 3.14)
  spawn       starts a fresh interpreter that imports the main module again
"""
import multiprocessing
import threading
import time

REPEATS = 7


def nothing():
    pass


def fastest_start(make):
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        worker = make()
        worker.start()
        worker.join()
        samples.append(time.perf_counter() - start)
    return min(samples)


def main():
    print(f"default start method here: {multiprocessing.get_start_method()}")
    print(f"fastest of {REPEATS} starts, each joined:")
    costs = {"thread": fastest_start(lambda: threading.Thread(target=nothing))}
    for method in ("fork", "forkserver", "spawn"):
        ctx = multiprocessing.get_context(method)
        costs[method] = fastest_start(lambda: ctx.Process(target=nothing))
    for name, seconds in costs.items():
        print(f"  {name:10s} {seconds * 1000:8.2f} ms  ({seconds / costs['fork']:6.2f}x fork)")
    if costs["thread"] < costs["fork"] < costs["spawn"]:
        print("verdict: a thread starts fastest,")
        print("spawn slowest: it starts a new interpreter")
    else:
        print("verdict: unusual ordering this time; run it again")


if __name__ == "__main__":
    main()
