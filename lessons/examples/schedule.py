"""Static versus dynamic scheduling of an uneven loop, OpenMP style.

Iteration i costs work proportional to i, so the later iterations are the
heavy ones. Two worker processes share the loop:

  static   each worker gets one contiguous half, fixed before the loop starts
           (what OpenMP's schedule(static) and pymp's range do)
  dynamic  workers take the next iteration whenever they are free
           (schedule(dynamic, 1); here a Pool with chunksize=1)

Busy time is CPU time per worker, so other load on the machine barely
changes it.
"""
import multiprocessing
import os
import time

N = 64
UNIT = 15_000    # loop steps per unit of cost


def body(i):
    """One loop iteration; returns the worker's pid and the CPU time it used."""
    start = time.process_time()
    total = 0
    for k in range((i + 1) * UNIT):
        total += k
    return os.getpid(), time.process_time() - start


def static_block(indices, queue):
    busy = sum(body(i)[1] for i in indices)
    queue.put(busy)


def run_static(workers):
    queue = multiprocessing.Queue()
    size = N // workers
    blocks = [range(w * size, (w + 1) * size) for w in range(workers)]
    procs = [multiprocessing.Process(target=static_block, args=(b, queue)) for b in blocks]
    start = time.perf_counter()
    for p in procs:
        p.start()
    busy = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    return busy, time.perf_counter() - start


def run_dynamic(workers):
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        done = pool.map(body, range(N), chunksize=1)
    wall = time.perf_counter() - start
    per_worker = {}
    for pid, seconds in done:
        per_worker[pid] = per_worker.get(pid, 0.0) + seconds
    busy = list(per_worker.values()) + [0.0] * (workers - len(per_worker))
    return busy, wall


def report(name, busy, wall):
    imbalance = max(busy) / max(min(busy), 1e-9)
    shown = " ".join(f"{b:5.2f}" for b in sorted(busy))
    print(f"{name:8s}  {shown:13s}  {imbalance:9.2f}  {wall:8.2f}")
    return imbalance


def main():
    workers = 2
    print(f"{N} iterations, iteration i costs i+1 units,")
    print(f"{workers} worker processes")
    print("schedule  busy s/worker  imbalance  wall (s)")
    static = report("static", *run_static(workers))
    dynamic = report("dynamic", *run_dynamic(workers))
    if static > 2.0 and dynamic < 1.5:
        print("verdict: dynamic balanced the uneven loop;")
        print("static left one worker most of the work")
    elif static > 2.0:
        # Busy time is CPU time: under dynamic scheduling a worker does less
        # only when it got less CPU than the other, that is, when other
        # programs were using it.
        print("verdict: dynamic did not even out this time;")
        print("is the machine busy? (try `uptime`)")
    else:
        print("verdict: no clear difference this time;")
        print("run it again")


if __name__ == "__main__":
    main()
