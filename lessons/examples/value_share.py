"""A shared multiprocessing.Value: it reaches a child by inheritance only.

A Value lives in shared memory and carries its own lock. Passed to a Process
(in args) or to a Pool's initializer, it is handed over when the child is
made: that is inheritance, and it works with fork, forkserver and spawn.
Sent as an argument of Pool.map it would have to be pickled into a task,
and multiprocessing refuses with a RuntimeError.
"""
import multiprocessing

ADDS = 2_000


def add(total, n):
    for _ in range(n):
        with total.get_lock():               # read-modify-write under the lock
            total.value += 1


def add_one(total):
    with total.get_lock():
        total.value += 1


shared_total = None                          # set in each worker by init()


def init(total):
    global shared_total
    shared_total = total


def add_one_to_shared(_):
    with shared_total.get_lock():
        shared_total.value += 1


def main():
    total = multiprocessing.Value("i", 0)    # a C int in shared memory
    procs = [multiprocessing.Process(target=add, args=(total, ADDS)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("1. in Process args (inherited)")
    print(f"   total {total.value:,}, expected {2 * ADDS:,}")

    try:
        with multiprocessing.Pool(2) as pool:
            pool.map(add_one, [total] * 4)
        print("2. as a Pool.map argument: it worked?")
    except RuntimeError as err:
        print("2. as a Pool.map argument: RuntimeError")
        print(f"   {err}")

    with multiprocessing.Pool(2, initializer=init, initargs=(total,)) as pool:
        pool.map(add_one_to_shared, range(100))
    print("3. in a Pool's initializer (inherited)")
    print(f"   total {total.value:,}, expected {2 * ADDS + 100:,}")
    if total.value == 2 * ADDS + 100:
        print("verdict: hand a Value to Process args or a Pool initializer,")
        print("never to map")


if __name__ == "__main__":
    main()
