"""How an ended job ended, from sacct, on a real Slurm with accounting (a
private MariaDB and slurmdbd, started here as root). slurmctld forgets an
ended job after MinJobAge seconds (2 here, 300 by default), so after that
only sacct knows: a job that died before Jupyter started reads as FAILED
with its exit code, and one cancelled from outside as CANCELLED by the
user who did it, both after slurmctld has forgotten them. On the way,
Slurm's own USR1 before the walltime (sbatch --signal) reaches the job
script's trap, and Jupyter survives it."""

import re

from checks import check, finish, poll
from clusterlib import fetch, jupyter_command, slurm_workspace, url_from
from slurm_fixture import SlurmFixture, require_accounting, require_root_and_slurm

require_root_and_slurm()
require_accounting()


def workspace(slurm, name):
    return slurm_workspace(slurm, "corelab-acct-%s-" % name)


def job_of(out):
    m = re.search(r"Submitted job (\d+)", out)
    return m.group(1) if m else None


def forgotten(slurm, job):
    """True once slurmctld no longer knows the job (scontrol says so). It
    purges jobs older than MinJobAge on a periodic pass, up to a minute or
    so apart: hence the long polls."""
    r = slurm.run("scontrol", "show", "job", "-o", job)
    return r.returncode != 0 and "Invalid job id" in r.stderr


with SlurmFixture(accounting=True, min_job_age=2) as slurm:
    # ---- a job that dies before Jupyter starts: FAILED, exit 127 ----
    dead = workspace(slurm, "dead")
    r = dead.corelab("jupyter", "start", "--command", "nosuchjupyter notebook", "--wait", timeout=120)
    job = job_of(r.stdout)
    check(r.returncode == 1 and job and "ended before Jupyter was ready" in r.stdout,
          "a job that dies early ends start --wait with exit 1", r.stdout + r.stderr)
    check(job and poll(lambda: forgotten(slurm, job), 150), "slurmctld forgets the ended job (MinJobAge=2)",
          slurm.logs())
    r = dead.corelab_until("ended", "jupyter", "status", job)
    out = r.stdout if r else ""
    check("ended: FAILED" in out and "exit code 127:0" in out,
          "status of the forgotten job, from sacct: ended: FAILED, exit code 127:0", out)

    # ---- a session cancelled from outside: CANCELLED ----
    run = workspace(slurm, "cancelled")
    r = run.corelab("jupyter", "start", "--command", jupyter_command(), "--time", "00:05:00", "--wait",
                    timeout=180)
    job = job_of(r.stdout)
    url = url_from(r.stdout, "/tree?token=")
    check(r.returncode == 0 and job and url, "a session runs", r.stdout + r.stderr + slurm.logs())

    # ---- Slurm's own walltime warning (--signal=B:USR1@600) ----
    # Less than 10 minutes from the start, so slurmctld sends USR1 at its
    # next periodic check (every 30 s): the script's trap writes the
    # warning into the log, and Jupyter keeps running.
    log = run.path("session_logs", "nb_session_%s.log" % job)
    # the job has 5 minutes: the warning names what is really left
    warned = poll(lambda: re.search(r"the walltime ends in [1-5] minutes \(at \d\d:\d\d\)",
                                    open(log, errors="replace").read()), 90, interval=2)
    check(warned, "Slurm's USR1 writes the walltime warning, with the real time left, into the log", slurm.logs())
    r = run.corelab("jupyter", "status")
    check(("job %s: RUNNING" % job) in r.stdout and "WARNING: less than 10 minutes" in r.stdout,
          "after the warning the job still runs and status warns too", r.stdout)
    check(url is not None and fetch(url) == 200, "Jupyter still answers after USR1")
    # slurmctld tells slurmdbd of the start a moment later
    check(poll(lambda: slurm.run("sacct", "-j", job or "0", "-X", "-n", "-P", "-o", "State").stdout.strip()
               == "RUNNING", 30), "sacct has the running job")
    slurm.run("scancel", job or "0")
    check(job and poll(lambda: forgotten(slurm, job), 150), "slurmctld forgets the cancelled job")
    r = run.corelab_until("ended", "jupyter", "status", job)
    out = r.stdout if r else ""
    check("ended: CANCELLED by root" in out,
          "status of the forgotten job, from sacct: ended: CANCELLED by root (the user, not the uid)", out)
    check("sacct has no record" not in out, "status did not fall back to the queue's last word", out)

finish()
