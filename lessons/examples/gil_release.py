"""Which work lets two threads run at once? Three kinds, each run with one
thread and then split between two threads (same total work both times).

  sleep    time.sleep releases the GIL while it waits
  hashlib  sha256 releases the GIL while it hashes buffers over 2047 bytes
  python   a pure-Python loop needs the GIL for every step
"""
import hashlib
import os
import threading
import time

BLOCK = b"x" * (1 << 20)   # 1 MiB: well over hashlib's 2047-byte threshold


def sleep_work(units):
    for _ in range(units):
        time.sleep(0.01)


def hash_work(units):
    for _ in range(units):
        hashlib.sha256(BLOCK).digest()


def python_work(units):
    total = 0
    for i in range(units * 20_000):
        total += i
    return total


def usable_cpus():
    # sched_getaffinity exists on Linux only; elsewhere count the machine.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def timed(work, units, threads):
    """Wall time and this process's CPU time (all its threads) of one run."""
    share = units // threads
    pool = [threading.Thread(target=work, args=(share,)) for _ in range(threads)]
    wall, cpu = time.perf_counter(), time.process_time()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    cpus = usable_cpus()
    print(f"1 vs 2 threads, same total work, {cpus} CPU(s)")
    print("busy: cores kept working by the two threads")
    print("work     1 thread 2 threads speedup busy")
    speedups, cores = {}, {}
    for name, work, units in (("sleep", sleep_work, 30),
                              ("hashlib", hash_work, 600),
                              ("python", python_work, 800)):
        one = two = float("inf")
        busy = 0.0
        timed(work, units // 4, 2)          # warm up, untimed
        for r in range(3):                  # best of three, interleaved,
            for threads in ((1, 2) if r % 2 == 0 else (2, 1)):  # order swapped
                wall, cpu = timed(work, units, threads)
                if threads == 1:
                    one = min(one, wall)
                else:
                    two, busy = min(two, wall), max(busy, cpu / wall)
        speedups[name] = one / two
        # busy = CPU time / wall time of the two-thread run: the cores it kept
        # working on average. Work that holds the GIL cannot exceed about 1.
        cores[name] = busy
        print(f"{name:8s} {one:6.2f} s {two:6.2f} s {one / two:5.2f}x {busy:4.1f}")
    if speedups["sleep"] > 1.5:
        print("verdict: time.sleep releases the GIL")
    if cpus >= 2 and cores["hashlib"] > 1.3:
        print("verdict: hashlib releases the GIL (busy > 1)")
    elif cpus >= 2:
        print("hashlib did not get two cores this time;")
        print("is the machine busy? (try `uptime`)")
    else:
        print("verdict: one CPU only, so even GIL-free work")
        print("cannot run in parallel here")
    if cores["python"] < 1.3:
        print("verdict: pure Python got no faster:")
        print("it holds the GIL")


if __name__ == "__main__":
    main()
