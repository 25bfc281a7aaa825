"""How many workers should a Pool get? Ask the job, not the machine.

os.cpu_count() counts every CPU of the node, including the ones other jobs
are using. The affinity mask lists the CPUs this process may run on; batch
systems set it, and also say what they granted in environment variables.
"""
import os


def pool_size():
    for var in ("SLURM_CPUS_PER_TASK", "NCPUS"):   # Slurm, PBS
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value), var
    return len(os.sched_getaffinity(0)), "the affinity mask"


def main():
    print(f"os.cpu_count()                 : {os.cpu_count()}")
    print(f"len(os.sched_getaffinity(0))   : {len(os.sched_getaffinity(0))}")
    for var in ("SLURM_CPUS_PER_TASK", "NCPUS", "SLURM_JOB_ID", "PBS_JOBID"):
        print(f"{var:31s}: {os.environ.get(var, '(not set)')}")
    size, source = pool_size()
    print(f"Pool size to use: {size} (from {source})")


if __name__ == "__main__":
    main()
