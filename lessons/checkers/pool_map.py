"""Checks the Pool.map exercise: the same count of primes, computed with a
pool's map, under every start method."""
import checklib

EXPECT = "5133 primes below 50000"


def main():
    path = checklib.learner_file()
    for method in checklib.METHODS:
        r = checklib.run(path, method)
        if r.timed_out:
            checklib.not_yet(f"under {method} the program did not finish in 10 s")
        if r.status != 0:
            checklib.not_yet(f"under {method} the program failed (exit status {r.status})")
        if EXPECT not in r.output:
            checklib.not_yet(f'under {method}: expected "{EXPECT}", saw "{r.last_line("primes below")}"')
        if not r.calls:
            checklib.not_yet("the chunks are still counted one after the other: call pool.map")
    checklib.passed("the pool counts the chunks under fork, forkserver and spawn")


if __name__ == "__main__":
    main()
