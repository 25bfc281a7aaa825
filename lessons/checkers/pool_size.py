"""Checks the pool size exercise: run as a Slurm job with
SLURM_CPUS_PER_TASK=3, as a PBS job with NCPUS=2, and outside any job;
each time the printed size and the pool's size must be what the job may
use. Each of the three runs uses another start method, so that the
program runs under fork, forkserver and spawn (and the check stays
quick)."""
import os
import re

import checklib

EXPECT = f"sum of squares below 1000: {sum(i * i for i in range(1000))}"


def cases():
    """(what the run stands for, variables, affinity mask, expected size).
    On Linux every run is confined to one CPU, so that neither a variable's
    value nor os.cpu_count() can pass for the mask's size where the
    machine has more than one (elsewhere there is no mask to set)."""
    if hasattr(os, "sched_getaffinity"):
        one, cpus = sorted(os.sched_getaffinity(0))[:1], 1
    else:
        one, cpus = None, os.cpu_count()
    return [
        ("with SLURM_CPUS_PER_TASK=3", {"SLURM_CPUS_PER_TASK": "3", "NCPUS": None}, one, 3),
        ("with NCPUS=2", {"SLURM_CPUS_PER_TASK": None, "NCPUS": "2"}, one, 2),
        (f"with neither, on {cpus} CPU(s)", {"SLURM_CPUS_PER_TASK": None, "NCPUS": None}, one, cpus),
    ]


def main():
    path = checklib.learner_file()
    for method, (label, env, cpus, size) in zip(checklib.METHODS, cases()):
        where = f"{label} under {method}"
        r = checklib.run(path, method, env=env, cpus=cpus, label=where)
        problem = r.failed(10, where)
        if problem:
            checklib.not_yet(problem)
        printed = re.findall(r"pool size: (\d+)", r.output)
        if not printed:
            checklib.not_yet(f'{where}: expected "pool size: {size}", saw "{r.last_line()}"')
        if int(printed[-1]) != size:
            checklib.not_yet(f"{where} the pool size was {printed[-1]}; expected {size}")
        if r.pools != [size]:
            checklib.not_yet(f"{where} the program printed {size} but made pools of {r.pools}: "
                             "pass the size to Pool")
        if EXPECT not in r.output:
            checklib.not_yet(f'{where}: expected "{EXPECT}", saw "{r.last_line("sum of squares")}"')
    checklib.passed("the pool had the job's size in a Slurm job (fork), a PBS job (forkserver) "
                    "and outside any job (spawn)")


if __name__ == "__main__":
    main()
