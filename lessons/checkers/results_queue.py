"""Checks the Queue exercise: the right sum, the lists taken from a
multiprocessing.Queue, and an end within 3 s, under every start method.
A program that joins its workers before it takes their lists never ends:
the timeout says so."""
import checklib

N = 200_000
EXPECT = f"{N} squares, sum of squares below {N}: {sum(i * i for i in range(N))}"
TIMEOUT_S = 3


def main():
    path = checklib.learner_file()
    for method in checklib.METHODS:
        r = checklib.run(path, method, timeout=TIMEOUT_S)
        if r.timed_out:
            checklib.not_yet(f"under {method} the program did not end in {TIMEOUT_S} s: does it join the "
                             "workers before it has taken their lists from the queue?")
        problem = r.failed(TIMEOUT_S, f"under {method}")
        if problem:
            checklib.not_yet(problem)
        if EXPECT not in r.output:
            checklib.not_yet(f'under {method}: expected "{EXPECT}", saw "{r.last_line("sum of squares")}"')
        if not r.took_from_queue:
            checklib.not_yet("the sum is right, but nothing came out of a multiprocessing.Queue: "
                             "send the lists through one")
    checklib.passed("the lists came through the queue, the sum is right under fork, forkserver and spawn")


if __name__ == "__main__":
    main()
