#!/usr/bin/env python3
"""Benchmark: 60 followers (as 60 users when root) poll a class directory
with the real protocol code while the instructor moves one step a second and
scans students/ once a second. Reports stat-like calls per second per
follower (the protocol's own counter, and strace -c on one follower when
strace is there), how late followers see a step, and the instructor's scan
time for 60 students. Fails only when the stat goal (<= 4/s) is missed."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import classlib
from checks import poll
from procs import children

N = int(os.environ.get("CORELAB_BENCH_FOLLOWERS", "60"))
SECONDS = float(os.environ.get("CORELAB_BENCH_SECONDS", "10"))
STEP_S = float(os.environ.get("CORELAB_BENCH_STEP_S", "2"))  # a real class: minutes
STAT_CALLS = ("newfstatat", "fstatat64", "fstat", "fstat64", "stat", "stat64", "lstat",
              "lstat64", "statx")


def as_user(user, argv):
    return (["runuser", "-u", user, "--"] if user else []) + argv


def strace_window(pid, seconds, out):
    """strace -c a running follower for a while: steady-state syscalls only."""
    if not shutil.which("strace"):
        return None
    p = subprocess.Popen(["strace", "-c", "-f", "-o", out, "-p", str(pid)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)  # a measurement window, not synchronisation
    p.send_signal(signal.SIGINT)
    p.wait(timeout=10)
    stats = 0
    try:
        for line in open(out):
            parts = line.split()
            if len(parts) >= 5 and parts[-1] in STAT_CALLS:
                stats += int(parts[3])
    except OSError:
        return None
    return stats / seconds


def tool_pid(parent):
    """runuser forks the tool: find it."""
    kids = poll(lambda: children(parent), 5)
    return kids[0].pid if kids else parent


def with_class(prefix, roles, run, say_users=False):
    """run(tmp, users, tool) in a temp dir every user can reach, with one
    user per role when root (None otherwise) and the class tool where they
    can run it; the users and the dir go afterwards."""
    root = os.geteuid() == 0 and shutil.which("useradd") and shutil.which("runuser")
    tmp = classlib.public_tmpdir(prefix)
    users = None
    try:
        t0 = time.monotonic()
        if root:
            users = classlib.Users(*roles)
        if say_users:
            print(f"{len(roles) if root else 0} users made in {time.monotonic() - t0:.1f} s", flush=True)
        tool = classlib.public_copy(os.environ["CLASS_TOOL"], tmp) if root else os.environ["CLASS_TOOL"]
        return run(tmp, users, tool)
    finally:
        if users:
            users.delete()
        shutil.rmtree(tmp, ignore_errors=True)


def start_class(tmp, users, tool, seconds, step_s):
    """The instructor (the class tool) teaching from a home of their own for
    seconds, a step every step_s; returns the class dir and the process once the pace is there."""
    home = os.path.join(tmp, "inst")
    os.mkdir(home)
    inst = users["inst"] if users else None
    if users:
        os.chown(home, users.uid("inst"), users.gid("inst"))
    cdir = os.path.join(home, "class")
    teach = subprocess.Popen(as_user(inst, [tool, "bench-teach", cdir, str(seconds), str(step_s)]),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    poll(lambda: os.path.exists(os.path.join(cdir, "pace")), 10)
    return cdir, teach


def start_followers(n, users, argv, nice=()):
    """n followers running argv, student k as user s<k> when there are users."""
    return [subprocess.Popen(list(nice) + as_user(users[f"s{k}"] if users else None, argv),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for k in range(n)]


def trace_follower(tmp, users, follower, settle, seconds):
    """Stat calls a second of one follower under strace (None when not root)."""
    if os.geteuid() != 0:
        return None
    time.sleep(settle)  # past start-up before tracing
    pid = tool_pid(follower.pid) if users else follower.pid
    return strace_window(pid, seconds, os.path.join(tmp, "strace.txt"))


def finish(followers, teach, timeout):
    """Waits for all; returns the followers' last JSON lines, their errors,
    and the instructor's exit code, last JSON line (or None) and stderr."""
    results, errors = [], []
    for p in followers:
        out, err = p.communicate(timeout=timeout)
        if p.returncode == 0:
            results.append(json.loads(out.strip().splitlines()[-1]))
        else:
            errors.append(err.strip())
    out, err = teach.communicate(timeout=timeout)
    t = json.loads(out.strip().splitlines()[-1]) if teach.returncode == 0 else None
    return results, errors, teach.returncode, t, err


def main():
    return with_class("corelab-class-bench-", ["inst"] + [f"s{k}" for k in range(N)], run)


def run(tmp, users, tool):
    cdir, teach = start_class(tmp, users, tool, SECONDS + 3, STEP_S)
    followers = start_followers(N, users, [tool, "bench-follow", cdir, str(SECONDS)])
    traced = trace_follower(tmp, users, followers[0], 1.0, min(5.0, SECONDS - 2))
    results, errors, teach_rc, t, err = finish(followers, teach, SECONDS + 60)
    if teach_rc != 0:
        print("instructor failed:", err)
        return 1
    if errors:
        print(f"{len(errors)} follower(s) failed, e.g.: {errors[0]}")
        return 1
    rates = [r["stats_per_s"] for r in results]
    lags = [r["lag_max_s"] for r in results if r["changes"]]
    mean_rate = sum(rates) / len(rates)
    print(f"followers: {len(results)} ({'one user each' if users else 'all the same user'}), "
          f"the instructor moving a step every {STEP_S:g} s")
    print(f"stat calls per second per follower (protocol counter): mean {mean_rate:.2f}, "
          f"max {max(rates):.2f} (goal <= 4)")
    if traced is not None:
        print(f"stat calls per second, strace -c on one follower for a window: {traced:.2f}")
    if lags:
        print(f"step propagation: worst lag {max(lags) * 1000:.0f} ms, "
              f"mean of worst {sum(lags) / len(lags) * 1000:.0f} ms (goal < 1000 ms)")
    print(f"instructor: {t['steps']} steps, {t['scans']} scans of students/, "
          f"scan time mean {t['scan_ms_mean']:.2f} ms, max {t['scan_ms_max']:.2f} ms, "
          f"{t['live']} live students on the last scan")
    summary = {"followers": len(results), "stats_per_s_mean": round(mean_rate, 3),
               "stats_per_s_max": round(max(rates), 3),
               "stats_per_s_strace": None if traced is None else round(traced, 3),
               "lag_max_ms": round(max(lags) * 1000, 1) if lags else None,
               "scan_ms_mean": round(t["scan_ms_mean"], 3), "scan_ms_max": round(t["scan_ms_max"], 3),
               "live": t["live"]}
    print(json.dumps(summary))
    return 0 if max(rates) <= 4.0 else 1


if __name__ == "__main__":
    sys.exit(main())
