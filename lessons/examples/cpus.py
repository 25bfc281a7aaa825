"""How many workers should a Pool get? Ask the job, not the machine.

os.cpu_count() counts every CPU of the node, including the ones other jobs
are using. The affinity mask lists the CPUs this process may run on; batch
systems set it where the site confines jobs to their CPUs (Slurm's
task/affinity or task/cgroup plugin, PBS cpusets), and they also say what
they granted in environment variables. A cgroup CPU quota can allow less CPU
time than the mask has CPUs: the quota is printed when there is one.

os.sched_getaffinity exists on Linux only; elsewhere (macOS, Windows) this
falls back to os.cpu_count(), the whole machine.
"""
import os


def affinity():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)), "the affinity mask"
    return os.cpu_count() or 1, "os.cpu_count(), no affinity mask on this system"


def pool_size():
    for var in ("SLURM_CPUS_PER_TASK", "NCPUS"):   # Slurm, PBS
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value), var
    return affinity()


def cgroup_quota():
    """CPUs' worth of time the cgroup allows, or None when unlimited or unknown."""
    try:
        with open("/proc/self/cgroup") as f:
            lines = f.read().splitlines()
    except OSError:
        return None                      # not Linux
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":            # cgroup v2: one "cpu.max" file
            files = [("/sys/fs/cgroup" + path + "/cpu.max", None)]
        elif "cpu" in controllers.split(","):   # v1: quota and period apart
            files = [(f"/sys/fs/cgroup/{mount}{path}/cpu.cfs_quota_us",
                      f"/sys/fs/cgroup/{mount}{path}/cpu.cfs_period_us")
                     for mount in ("cpu,cpuacct", "cpu")]
        else:
            continue
        for quota_file, period_file in files:
            try:
                with open(quota_file) as f:
                    words = f.read().split()
                if period_file:
                    with open(period_file) as f:
                        words.append(f.read().strip())
            except OSError:
                continue
            if words[0] not in ("max", "-1"):
                return int(words[0]) / int(words[1])
    return None


def main():
    print(f"os.cpu_count()                 : {os.cpu_count()}")
    if hasattr(os, "process_cpu_count"):          # Python 3.13 and later
        print(f"os.process_cpu_count()         : {os.process_cpu_count()}")
    mask, source = affinity()
    print(f"CPUs this process may use      : {mask} (from {source})")
    for var in ("SLURM_CPUS_PER_TASK", "NCPUS", "SLURM_JOB_ID", "PBS_JOBID"):
        print(f"{var:31s}: {os.environ.get(var, '(not set)')}")
    quota = cgroup_quota()
    if quota is not None:
        print(f"cgroup CPU quota               : {quota:.1f} CPUs' worth of time")
    size, source = pool_size()
    if quota is not None and quota < size:
        print(f"note: the quota allows less than {size} CPUs; workers beyond it wait")
    print(f"Pool size to use: {size} (from {source})")


if __name__ == "__main__":
    main()
