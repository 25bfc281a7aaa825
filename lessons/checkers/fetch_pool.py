"""Checks the ThreadPoolExecutor exercise: all sixteen pages, printed in
the order of the URLs, fetched in under 0.5 s (one after the other they
take 1.6 s)."""
import re

import checklib

GOAL_S = 0.5
URLS = [f"https://data.example.org/file{i:02d}.csv" for i in range(16)]
EXPECT = [(url, len(f"{i},{i * i}\n" * (100 + i))) for i, url in enumerate(URLS)]


def main():
    path = checklib.learner_file()
    r = checklib.run(path, timeout=5)
    problem = r.failed(5)
    if problem:
        checklib.not_yet(problem)
    seen = [(url, int(size)) for url, size in re.findall(r"(https://\S+): (\d+) bytes", r.output)]
    if sorted(seen) != sorted(EXPECT):
        checklib.not_yet(f'expected the {len(EXPECT)} "URL: N bytes" lines of the starter, saw {len(seen)} '
                         f'such lines: "{r.last_line("bytes")}"')
    if seen != EXPECT:
        checklib.not_yet("the pages came out in the order they finished, not in the order of URLS: "
                         "pool.map keeps the order")
    if r.wall >= GOAL_S:
        checklib.not_yet(f"the program took {r.wall:.2f} s; the goal is under {GOAL_S} s: "
                         "do all the waits overlap?")
    checklib.passed(f"all {len(URLS)} pages, in order, in {r.wall:.2f} s instead of 1.6 s")


if __name__ == "__main__":
    main()
