"""A race on a shared counter, and the lock that fixes it.

Four threads each add 1 to one shared counter many times. Every addition
reads the counter, computes the new value with a small helper function, and
writes it back. The call between the read and the write is where CPython may
switch to another thread, which then works from the same old value.

Then the same additions with a lock, and, to see what the lock itself costs,
one thread doing all of them with and without it: nobody waits for the lock
then, so the difference is the price of taking and releasing it.
"""
import threading
import time

THREADS = 4
ADDS = 200_000
EXPECTED = THREADS * ADDS


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()


def plus_one(value):
    # Stands for any real work between reading and writing: a check, a log
    # line, a method call. A call is a point where threads may switch.
    return value + 1


def add_unsafe(counter, adds=ADDS):
    for _ in range(adds):
        current = counter.value          # read
        current = plus_one(current)      # modify
        counter.value = current          # write


def add_locked(counter, adds=ADDS):
    for _ in range(adds):
        with counter.lock:               # only one thread at a time in here
            current = counter.value
            current = plus_one(current)
            counter.value = current


def run(worker, threads=THREADS):
    """The counter's final value and the wall time, for EXPECTED additions in all."""
    counter = Counter()
    adds = EXPECTED // threads
    threads = [threading.Thread(target=worker, args=(counter, adds)) for _ in range(threads)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter.value, time.perf_counter() - start


def main():
    print(f"{THREADS} threads x {ADDS:,} additions to one counter")
    print(f"expected total: {EXPECTED:,}")
    # Races are a matter of timing: try a few times before concluding.
    for attempt in range(1, 11):
        unsafe, unsafe_s = run(add_unsafe)
        if unsafe != EXPECTED:
            break
    locked, locked_s = run(add_locked)
    print("              total      lost    time")
    print(f"  no lock   {unsafe:>9,} {EXPECTED - unsafe:>9,}  {unsafe_s:5.2f} s")
    print(f"  a Lock    {locked:>9,} {EXPECTED - locked:>9,}  {locked_s:5.2f} s")
    # One thread doing all the additions: nobody ever waits for the lock,
    # so the difference is what taking and releasing it costs.
    alone = min(run(add_unsafe, 1)[1] for _ in range(3))
    alone_locked = min(run(add_locked, 1)[1] for _ in range(3))
    print(f"  1 thread, no lock          {alone:5.2f} s")
    print(f"  1 thread, a Lock           {alone_locked:5.2f} s"
          f"   ({alone_locked / alone:.1f}x: the lock's own cost)")
    if unsafe != EXPECTED and locked == EXPECTED:
        print("verdict: without the lock updates were lost;")
        print("with the lock every update counted")
    elif unsafe == EXPECTED:
        print(f"verdict: no update was lost in {attempt} tries;")
        print("that is luck, not safety. Run it again.")
    else:
        print("verdict: the locked run lost updates,")
        print("which should never happen")


if __name__ == "__main__":
    main()
