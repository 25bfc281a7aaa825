"""Sixteen slow "downloads", fetched by a pool of threads.

While one thread waits for its page (time.sleep releases the GIL, as
network reads do), the other threads wait for theirs: the waits overlap.
pool.map returns the pages in the order of URLS, whichever finished first.
"""
import time
from concurrent.futures import ThreadPoolExecutor

URLS = [f"https://data.example.org/file{i:02d}.csv" for i in range(16)]


def fetch(url):
    number = int(url[-6:-4])
    time.sleep(0.15 if number % 2 == 0 else 0.05)   # the network is slow
    return f"{number},{number * number}\n" * (100 + number)


def main():
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        pages = list(pool.map(fetch, URLS))
    elapsed = time.perf_counter() - start
    for url, page in zip(URLS, pages):
        print(f"{url}: {len(page)} bytes")
    print(f"{len(pages)} pages in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
