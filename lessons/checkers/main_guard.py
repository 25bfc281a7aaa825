"""Checks the __main__ guard exercise: the right sum under every start
method, spawn and forkserver included."""
import checklib

N = 1_000_000
EXPECT = f"sum of squares below {N}: {(N - 1) * N * (2 * N - 1) // 6}"


def main():
    path = checklib.learner_file()
    for method in checklib.METHODS:
        r = checklib.run(path, method)
        if r.timed_out:
            checklib.not_yet(f"under {method} the program did not finish in 10 s")
        if r.status != 0:
            checklib.not_yet(f"under {method} the program failed (exit status {r.status})")
        if EXPECT not in r.output:
            checklib.not_yet(f'under {method}: expected "{EXPECT}", saw "{r.last_line("sum of squares")}"')
    checklib.passed("the sum is right under fork, forkserver and spawn")


if __name__ == "__main__":
    main()
