"""Sixteen slow "downloads", fetched one after the other: 1.6 s in all.

Each fetch waits 0.05 or 0.15 s, as a request to a slow server would;
time.sleep stands in for the network, and like the network it releases
the GIL. Fetch the pages with a concurrent.futures.ThreadPoolExecutor so
that the waits overlap: all sixteen in under 0.5 s, and the pages still
printed in the order of URLS.
"""
import time

URLS = [f"https://data.example.org/file{i:02d}.csv" for i in range(16)]


def fetch(url):
    number = int(url[-6:-4])
    time.sleep(0.15 if number % 2 == 0 else 0.05)   # the network is slow
    return f"{number},{number * number}\n" * (100 + number)


def main():
    start = time.perf_counter()
    pages = []
    for url in URLS:
        pages.append(fetch(url))
    elapsed = time.perf_counter() - start
    for url, page in zip(URLS, pages):
        print(f"{url}: {len(page)} bytes")
    print(f"{len(pages)} pages in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
