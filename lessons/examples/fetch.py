"""Threads for waiting: a ThreadPoolExecutor overlaps slow "downloads".

Each fetch waits 0.1 s, as a request to a slow server would; time.sleep
stands in for the network so that the example runs anywhere. The waiting
releases the GIL, so while one thread waits the others can work or wait too.
"""
import concurrent.futures
import threading
import time

URLS = [f"https://data.example.org/file{i:02d}.csv" for i in range(16)]


def fetch(url):
    time.sleep(0.1)                      # the network is slow
    return url, len(url), threading.current_thread().name


def main():
    start = time.perf_counter()
    serial = [fetch(url) for url in URLS]
    one_at_a_time = time.perf_counter() - start

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(fetch, URLS))   # results come back in input order
    with_threads = time.perf_counter() - start

    names = sorted({name for _, _, name in threaded})
    assert [r[:2] for r in serial] == [r[:2] for r in threaded]
    print(f"{len(URLS)} fetches of 0.1 s each")
    print(f"  one at a time : {one_at_a_time:5.2f} s")
    print(f"  8 threads     : {with_threads:5.2f} s   ({len(names)} threads used)")
    speedup = one_at_a_time / with_threads
    if speedup > 3:
        print("verdict: threads overlapped the waiting:")
        print(f"{speedup:.1f}x faster, same results")
    else:
        print(f"verdict: only {speedup:.1f}x faster;")
        print("is the machine very busy?")


if __name__ == "__main__":
    main()
