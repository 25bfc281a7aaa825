"""Checks the chunksize exercise: the right sum under every start method,
and the learner's chunksize at least 3 times faster than chunksize 1.

Both are timed in the learner's own run, on the learner's own pool, taking
turns, the best of a few each (checklib's measure_chunks), so that other load
on the machine slows both alike and a burst of it spoils one round only."""
import checklib

NUMBERS = 10_000
EXPECT = f"sum of squares below {NUMBERS}: {sum(i * i for i in range(NUMBERS))}"
GOAL = 3.0


def chunks_named(size):
    return "the default chunksize" if size is None else f"chunksize {size}"


def main():
    path = checklib.learner_file()
    found = None
    for method in checklib.METHODS:
        r = checklib.run(path, method, measure_chunks=found is None)
        problem = r.failed(10, f"under {method}")
        if problem:
            checklib.not_yet(problem)
        if EXPECT not in r.output:
            checklib.not_yet(f'under {method}: expected "{EXPECT}", saw "{r.last_line("sum of squares")}"')
        if "map" not in r.calls:
            checklib.not_yet("the numbers did not go through pool.map: keep the pool.map call")
        if found is None:
            if r.chunksizes and r.chunksizes[0] == 1:
                checklib.not_yet("chunksize=1 sends every number as a message of its own: "
                                 "choose a larger one")
            mine, one = r.timings[0]
            found = (r.chunksizes[0], mine, one)
            print(f"{chunks_named(found[0])}: {mine * 1000:.0f} ms; chunksize 1: {one * 1000:.0f} ms "
                  f"(the best of a few runs each, on the same pool)")
            if one < GOAL * mine:
                checklib.not_yet(f"{chunks_named(found[0])} is {one / mine:.1f}x faster than chunksize 1; "
                                 f"the goal is {GOAL:g}x: try a larger one")
    size, mine, one = found
    checklib.passed(f"{chunks_named(size)}: {one / mine:.0f}x faster than chunksize 1, "
                    "and the right sum under fork, forkserver and spawn")


if __name__ == "__main__":
    main()
