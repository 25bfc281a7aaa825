"""Faults on a real Slurm (started here, as root): injection refused before
anything is submitted, an invalid partition, a walltime over the
partition's limit and a request no node can hold (sbatch's own errors,
explained), sbatch missing from PATH, a job that dies before Jupyter starts
(log tail, no hang), a pending job with its reason in plain words and
Ctrl-C while waiting for it (how to check and stop it), a controller that
does not answer (within 10 s: unknown with the last known state and its
time, the connection lines while Jupyter answers, no second job, a submit
that says the controller did not answer), a job cancelled from outside
(killed by SIGTERM), a walltime reached.

The one-minute walltime job is submitted first and checked last, so the
minute passes while the other faults run."""

import os
import re
import signal
import subprocess
import time

from checks import check, finish, poll
from clusterlib import CORELAB, jupyter_command, slurm_workspace, url_from
from slurm_fixture import SlurmFixture, require_root_and_slurm

require_root_and_slurm()

EXTRA = "EnforcePartLimits=ALL\nPartitionName=short Nodes=ALL MaxTime=00:05:00 State=UP\n"


def workspace(slurm, name):
    return slurm_workspace(slurm, "corelab-faults-%s-" % name)


def job_of(out):
    m = re.search(r"(?:Submitted job|Reattaching to your session: job) (\d+)", out)
    return m.group(1) if m else None


with SlurmFixture(extra_conf=EXTRA) as slurm:
    cmd = jupyter_command()

    # ---- a one-minute walltime, checked at the end ----
    wall = workspace(slurm, "walltime")
    r = wall.corelab("jupyter", "start", "--command", cmd, "--time", "00:01:00")
    wall_job = job_of(r.stdout)
    wall_started = time.monotonic()
    check(r.returncode == 0 and wall_job, "walltime job submitted", r.stdout + r.stderr)
    r = wall.corelab_until("RUNNING", "jupyter", "status")
    check(r is not None and "WARNING: less than 10 minutes" in r.stdout,
          "status warns when less than 10 minutes are left", r.stdout if r else "")

    # ---- injection: refused before anything is submitted ----
    ws = workspace(slurm, "inject")
    before = slurm.queue()
    for flag, value in [("--partition", "%s;id" % slurm.partition), ("--module", "python$(id)"),
                        ("--account", "a`id`"), ("--time", "00:10:00\nid"), ("--command", "jupyter lab'"),
                        ("--mem", '4G"'), ("--cpus", "1;id")]:
        r = ws.corelab("jupyter", "start", flag, value)
        check(r.returncode == 2 and flag in r.stderr, "injection in %s refused with exit 2" % flag, r.stderr)
    check(slurm.queue() == before, "nothing was submitted", str(slurm.queue()))

    # ---- the scheduler's own errors ----
    r = ws.corelab("jupyter", "start", "--partition", "nosuchpartition")
    check(r.returncode == 1 and "sbatch refused the job" in r.stderr and "invalid partition" in r.stderr.lower(),
          "an invalid partition shows sbatch's own error", r.stderr)
    r = ws.corelab("jupyter", "start", "--partition", "short", "--time", "01:00:00")
    check(r.returncode == 1 and "sbatch refused the job" in r.stderr and "time limit" in r.stderr.lower(),
          "a walltime over the partition's limit shows sbatch's own error", r.stderr)
    r = ws.corelab("jupyter", "start", "--cpus", str((os.cpu_count() or 1) + 1))
    check(r.returncode == 1 and "sbatch refused the job" in r.stderr and "could never start as asked" in r.stderr,
          "more CPUs than any node has: sbatch's error, and that it could never start as asked", r.stderr)
    check(slurm.queue() == before, "still nothing submitted", str(slurm.queue()))

    # ---- sbatch missing ----
    empty = ws.path("emptybin")
    os.mkdir(empty)
    r = ws.corelab("jupyter", "start", env={"PATH": empty})
    check(r.returncode == 1 and "sbatch not found on PATH" in r.stderr, "sbatch missing from PATH is explained",
          r.stderr)

    # ---- a job that dies before Jupyter starts ----
    dead = workspace(slurm, "dead")
    r = dead.corelab("jupyter", "start", "--command", "nosuchjupyter notebook", "--wait", timeout=120)
    check(r.returncode == 1 and "ended before Jupyter was ready" in r.stdout,
          "a job that dies early ends start --wait with exit 1", r.stdout + r.stderr)
    check("nosuchjupyter: command not found" in r.stdout and "Last lines of" in r.stdout,
          "the log's tail is shown", r.stdout)
    check(r.seconds < 60, "no hang (%.1fs)" % r.seconds)

    # ---- a running session, and a pending one behind it ----
    run = workspace(slurm, "running")
    r = run.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=180)
    run_job = job_of(r.stdout)
    check(r.returncode == 0 and run_job and "token=" in r.stdout, "a session runs beside the walltime job",
          r.stdout + r.stderr + slurm.logs())
    pend = workspace(slurm, "pending")
    # all of the node's CPUs: it waits for the running jobs whatever the CPU count
    r = pend.corelab("jupyter", "start", "--command", cmd, "--cpus", str(os.cpu_count() or 2))
    pend_job = job_of(r.stdout)
    check(r.returncode == 0 and pend_job, "a third job is submitted", r.stdout + r.stderr)
    check(("Note: your Jupyter job %s" % run_job) in r.stdout,
          "start from another directory mentions the session already running", r.stdout)
    r = pend.corelab_until("PENDING (", "jupyter", "status", seconds=20)
    out = r.stdout if r else ""
    check("PENDING (Resources): waiting for CPUs or memory to free up" in out
          or "PENDING (Priority): other jobs are ahead of it in the queue" in out,
          "status shows PENDING with the scheduler's reason, in plain words", out)
    check("expected start" in out, "status mentions the expected start", out)

    # Ctrl-C while waiting: the job goes on, and how to check and stop it
    env = dict(pend.env)
    p = subprocess.Popen([CORELAB, "jupyter", "start", "--wait"], cwd=pend.dir, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    while p.poll() is None:
        line = p.stdout.readline()
        seen.append(line)
        if "Waiting for the job to start" in line:
            p.send_signal(signal.SIGINT)
            break
    out = "".join(seen) + p.communicate(timeout=30)[0]
    check(p.returncode == 130 and "Stopped waiting" in out, "Ctrl-C stops waiting (exit 130)", out)
    check(("corelab jupyter status %s" % pend_job) in out and ("corelab jupyter stop %s" % pend_job) in out,
          "...and says how to check and stop the job", out)
    check(pend_job in slurm.queue(), "the job is still in the queue", str(slurm.queue()))
    r = pend.corelab("jupyter", "stop", "--yes")
    check(r.returncode == 0 and poll(lambda: pend_job not in slurm.queue(), 30), "the pending job is stopped")

    # ---- the controller does not answer: one short budget ----
    run_url = url_from(run.corelab("jupyter", "status").stdout, "/tree?token=")
    slurm.stop_controller()
    r = run.corelab("jupyter", "status", timeout=120)
    check(r.returncode == 1 and "unknown" in r.stdout and "ended:" not in r.stdout,
          "controller down: status says unknown, not ended", r.stdout + r.stderr)
    check(r.seconds <= 10, "...within 10 s (%.1f s)" % r.seconds)
    check(re.search(r"last known at \d\d:\d\d:\d\d \(\d+ s ago\): RUNNING on ", r.stdout) is not None,
          "...with the last known state and its time", r.stdout)
    check(run_url is not None and run_url in r.stdout, "...and the connection lines, as Jupyter still answers",
          r.stdout)
    r = run.corelab("jupyter", "start", "--command", cmd, timeout=120)
    check(r.returncode == 1 and "Not submitting another" in r.stdout and "Submitted" not in r.stdout,
          "controller down: start does not submit a second job", r.stdout + r.stderr)
    check(r.seconds <= 10, "...within 10 s (%.1f s)" % r.seconds)
    fresh = workspace(slurm, "outage")
    r = fresh.corelab("jupyter", "start", "--command", cmd, timeout=120)
    check(r.returncode == 1 and "controller did not answer" in r.stderr and "refused" not in r.stderr,
          "controller down: a submit says the controller did not answer", r.stdout + r.stderr)
    check(r.seconds <= 10, "...within 10 s (%.1f s)" % r.seconds)
    r = run.corelab("jupyter", "stop", "--yes", timeout=120)
    check(r.returncode == 1 and "controller did not answer" in r.stderr and "Cancelled" not in r.stdout,
          "controller down: stop says the controller did not answer", r.stdout + r.stderr)
    check(r.seconds <= 10, "...within 10 s (%.1f s)" % r.seconds)
    slurm.restart_controller()
    r = run.corelab("jupyter", "status", timeout=120)
    check(r.returncode == 0 and ("job %s: RUNNING" % run_job) in r.stdout,
          "after the controller returns the job is RUNNING again", r.stdout + r.stderr)

    # ---- cancelled from outside ----
    slurm.run("scancel", run_job)
    r = run.corelab_until("ended", "jupyter", "status")
    check(r is not None and "ended: CANCELLED" in r.stdout, "a job cancelled with scancel shows as ended: CANCELLED",
          r.stdout if r else "")
    check(r is not None and "exit code 0:15 (killed by SIGTERM)" in r.stdout, "...killed by SIGTERM",
          r.stdout if r else "")

    # ---- the walltime ----
    r = wall.corelab_until("ended", "jupyter", "status", seconds=max(10, 180 - (time.monotonic() - wall_started)),
                           interval=3)
    check(r is not None and "ended: TIMEOUT" in r.stdout, "a job past its walltime shows as ended: TIMEOUT",
          r.stdout if r else "")
    check(r is not None and "TIME LIMIT" in r.stdout, "the log's tail shows Slurm's time-limit message",
          r.stdout if r else "")

finish()
