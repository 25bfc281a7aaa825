#!/usr/bin/env python3
"""A real cgroup with a CPU quota of half a CPU, made for this test (root
only), and `corelab demo pi` run inside it: the JSON stream's samples report
the quota and the text intro counts the CPUs allowed by it. cgroup v1
(cpu.cfs_quota_us, as RHEL 7/8 and many clusters run) when this machine
mounts it, else v2 (cpu.max) when the hierarchy lets us make a child with
the cpu controller; otherwise it skips and says why. The parsers and whole
hierarchies of both versions are checked on fixture files by test_probe.c,
which needs neither."""
import json
import os
import subprocess
import sys
import time

BIN = os.environ.get("CORELAB_BIN", "build/corelab")
QUOTA_US, PERIOD_US = 50000, 100000


def skip(why):
    print("SKIP:", why)
    sys.exit(77)


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


def mounts(fstype):
    """(mount point, options) of each mount of that type."""
    out = []
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[2] == fstype:
                out.append((parts[1].replace("\\040", " "), parts[3].split(",")))
    return out


def own_path(controller):
    """This process's path in the hierarchy that holds controller ("" for v2)."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            ident, ctl, path = line.rstrip("\n").split(":", 2)
            if (controller and controller in ctl.split(",")) or (not controller and ident == "0" and not ctl):
                return path
    return None


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def v1_cgroup():
    """A v1 cpu cgroup below our own with the quota; its tasks file."""
    cpu = [m for m, opts in mounts("cgroup") if "cpu" in opts]
    if not cpu:
        return None
    mine = own_path("cpu")
    parent = os.path.join(cpu[0], (mine or "/").lstrip("/"))
    if not os.path.isdir(parent):
        skip(f"our cgroup {mine} is not visible under {cpu[0]} (a container's namespace?)")
    d = os.path.join(parent, f"corelab-test-{os.getpid()}")
    os.mkdir(d)
    write(os.path.join(d, "cpu.cfs_period_us"), str(PERIOD_US))
    write(os.path.join(d, "cpu.cfs_quota_us"), str(QUOTA_US))
    return d, os.path.join(d, "cgroup.procs"), "v1 " + cpu[0]


def v2_cgroup():
    """A v2 cgroup below our own with cpu.max; None when the hierarchy does
    not let us (no cpu controller delegated, processes in the parent)."""
    unified = [m for m, _ in mounts("cgroup2") if m == "/sys/fs/cgroup"]
    if not unified:
        return None
    parent = os.path.join(unified[0], (own_path("") or "/").lstrip("/"))
    d = os.path.join(parent, f"corelab-test-{os.getpid()}")
    try:
        with open(os.path.join(parent, "cgroup.controllers")) as f:
            if "cpu" not in f.read().split():
                return None
        write(os.path.join(parent, "cgroup.subtree_control"), "+cpu")
        os.mkdir(d)
        write(os.path.join(d, "cpu.max"), f"{QUOTA_US} {PERIOD_US}")
    except OSError as e:
        if os.path.isdir(d):
            os.rmdir(d)
        print(f"cannot make a v2 cgroup with a quota under {parent}: {e}")
        return None
    return d, os.path.join(d, "cgroup.procs"), "v2 " + unified[0]


def run_in(procs, args):
    def enter():
        write(procs, str(os.getpid()))
    return subprocess.run([BIN] + args, capture_output=True, text=True, timeout=60, preexec_fn=enter)


def remove(d):
    """The cgroup goes once its processes have (they have been reaped)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            os.rmdir(d)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def check_quota(procs, where):
    r = run_in(procs, ["demo", "pi", "--workers", "1", "--work", "100000000", "--json"])
    if r.returncode != 0:
        fail(f"demo pi --json in the cgroup exited {r.returncode}: {r.stderr}")
    samples = [json.loads(l) for l in r.stdout.splitlines() if l.startswith('{"type":"sample"')]
    if not samples:
        fail("no sample record in the stream:\n" + r.stdout[:2000])
    quotas = {s.get("quota") for s in samples}
    if quotas != {QUOTA_US / PERIOD_US}:
        fail(f"{where}: samples report quota {quotas}, expected {{0.5}}")
    print(f"ok   {where}: every sample of demo pi --json reports quota 0.5")

    r = run_in(procs, ["demo", "pi", "--workers", "1", "--work", "20000000"])
    if r.returncode != 0:
        fail(f"demo pi in the cgroup exited {r.returncode}: {r.stderr}")
    if "quota allows 0.5 CPUs" not in r.stdout:
        fail(f"{where}: the intro does not name the quota:\n{r.stdout}")
    if "; 1 CPU allowed" not in r.stdout:
        fail(f"{where}: half a CPU allows 1 worker's CPU, the intro says:\n{r.stdout}")
    print(f"ok   {where}: the text says the quota allows 0.5 CPUs and counts 1 CPU allowed")


def main():
    if os.geteuid() != 0:
        skip("making a cgroup needs root")
    made = v1_cgroup() or v2_cgroup()
    if not made:
        skip("no cgroup v1 cpu controller and no v2 hierarchy with a cpu controller to delegate")
    d, procs, where = made
    try:
        check_quota(procs, where)
    finally:
        remove(d)
    print("ok")


if __name__ == "__main__":
    main()
