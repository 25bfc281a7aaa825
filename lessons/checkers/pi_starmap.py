"""Checks the starmap exercise: the same count as the serial loop, the
tasks handed to pool.starmap and run in worker processes of a Pool of two
or more, under every start method."""
import checklib

EXPECT = "629040 of 800000 points inside"


def main():
    path = checklib.learner_file()
    sizes = set()
    for method in checklib.METHODS:
        r = checklib.run(path, method)
        problem = r.failed(10, f"under {method}")
        if problem:
            checklib.not_yet(problem)
        if EXPECT not in r.output:
            checklib.not_yet(f'under {method}: expected "{EXPECT}", saw "{r.last_line("points inside")}"')
        if not r.calls:
            checklib.not_yet("the tasks still run one after the other: hand them to pool.starmap")
        if not {"starmap", "starmap_async"} & set(r.calls):
            checklib.not_yet(f"the pool ran them with {r.calls[0]}; starmap passes each tuple's items "
                             "as the arguments")
        if max(r.pools, default=0) < 2 or not r.workers:
            checklib.not_yet("the tasks ran in one process: give the Pool two or more")
        sizes.add(max(r.pools))
    checklib.passed(f"a Pool of {max(sizes)} worker processes computed the same estimate under fork, "
                    "forkserver and spawn")


if __name__ == "__main__":
    main()
