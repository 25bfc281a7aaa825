"""The Jupyter session on PBS, through the FAKE qsub/qstat/qselect/qdel of
tests/cluster/fake-pbs/ (Debian packages no PBS). The job really runs here,
with a real Jupyter, in bash although the user's shell is sh (#PBS -S):
start --wait, the URL answers 200, private files, the token on no command
line, status, reattach, list (qselect; qstat's longer job id), stop;
faults: an unknown queue (qsub's own error), a server that does not answer
(unknown), a held job (queued with PBS's comment), a job that dies early,
qsub missing."""

import os
import re
import shutil
import sys

from checks import check, finish, poll, skip
from clusterlib import HERE, Workspace, fetch, jupyter_command, mode, not_private, secret_on_command_lines, url_from

FAKES = os.path.join(HERE, "fake-pbs")
sys.path.insert(0, FAKES)
import fakepbs  # noqa: E402

if shutil.which("jupyter") is None:
    skip("jupyter is not installed (Debian package jupyter-notebook)")

pbs_dir = Workspace(prefix="corelab-fakepbs-state-").dir
os.environ["FAKE_PBS_DIR"] = pbs_dir


def workspace(name):
    ws = Workspace(prefix="corelab-pbs-%s-" % name)
    ws.env["PATH"] = FAKES + ":" + ws.env.get("PATH", "/usr/bin:/bin")
    ws.env["FAKE_PBS_DIR"] = pbs_dir
    ws.env["FAKE_PBS_QUEUES"] = "workq,teach"
    ws.user_config("scheduler: pbs\nPART: teach\nTASKS: 1\nlogin_host: alice@hpc.example.edu\n")
    # a login shell that is not bash: the job script runs in bash all the
    # same, because it says #PBS -S /bin/bash (PBS ignores the #! line)
    ws.env["SHELL"] = "/bin/sh"
    return ws


def switch(name, on):
    p = os.path.join(pbs_dir, name)
    if on:
        open(p, "w").close()
    elif os.path.exists(p):
        os.unlink(p)


def job_of(out):
    m = re.search(r"(?:Submitted job|Reattaching to your session: job) (\S+?)[;( ]", out)
    return m.group(1) if m else None


cmd = jupyter_command()
host = __import__("socket").gethostname()
try:
    ws = workspace("main")
    r = ws.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=120)
    out = r.stdout
    jobid = job_of(out)
    check(r.returncode == 0 and jobid and jobid.endswith(".fakeserver"), "PBS start --wait succeeds",
          out + r.stderr)
    url = url_from(out, "/tree?token=")
    check(url is not None, "the URL is printed", out)
    check(url is not None and fetch(url) == 200, "GET of the printed URL returns 200")
    port = re.search(r":(\d+)/", url).group(1) if url else "?"
    check("ssh -N -L %s:%s:%s alice@hpc.example.edu" % (port, host.split(".")[0], port) in out
          or "ssh -N -L %s:" % port in out, "the tunnel line names the login host", out)
    check("qdel " + jobid in out if jobid else False, "the stop hint names qdel", out)
    logs = ws.path("session_logs")
    num = jobid.split(".")[0] if jobid else "?"
    check(mode(logs) == 0o700, "session_logs is 0700")
    check(os.path.exists(os.path.join(logs, "nb_session_%s.log" % num)), "log named by the job number")
    bad = not_private(logs)
    check(not bad, "files in session_logs are 0600, directories 0700", str(bad))
    token = url.split("token=", 1)[1] if url else "?"
    check(not secret_on_command_lines(token), "the token is on no command line")

    r = ws.corelab("jupyter", "status")
    check(r.returncode == 0 and re.search(r"RUNNING on \S+, \d+:\d\d:\d\d left", r.stdout),
          "status shows RUNNING with node and time left", r.stdout + r.stderr)
    r = ws.corelab("jupyter", "start", "--command", cmd)
    check("Reattaching" in r.stdout and "Submitted" not in r.stdout, "a second start reattaches", r.stdout)
    r = ws.corelab("jupyter", "list")
    check(jobid in r.stdout and "RUNNING" in r.stdout, "list shows the job (qselect, then qstat -f of it)",
          r.stdout + r.stderr)
    check("(this directory's session)" in r.stdout,
          "list knows qsub's %s as qstat's %s.example.edu" % (jobid, jobid), r.stdout)

    # the server does not answer
    switch("down", True)
    r = ws.corelab("jupyter", "status", timeout=60)
    check(r.returncode == 1 and "unknown" in r.stdout and "ended" not in r.stdout,
          "server down: status says unknown, not ended", r.stdout)
    switch("down", False)

    r = ws.corelab("jupyter", "stop")
    check(r.returncode == 1 and "--yes" in r.stderr, "stop without a terminal refuses")
    r = ws.corelab("jupyter", "stop", "--yes")
    check(r.returncode == 0 and "Cancelled" in r.stdout, "stop --yes runs qdel", r.stdout + r.stderr)
    r = ws.corelab_until("ended", "jupyter", "status", jobid, seconds=20)
    check(r is not None and "ended: FINISHED, exit code 271" in r.stdout, "the stopped job shows as finished (271)",
          r.stdout if r else "")

    # an unknown queue: qsub's own words
    r = ws.corelab("jupyter", "start", "--partition", "nosuchqueue")
    check(r.returncode == 1 and "qsub refused the job" in r.stderr and "Unknown queue" in r.stderr,
          "an unknown queue shows qsub's error", r.stderr)

    # a held job: queued, with PBS's comment
    switch("hold", True)
    held = workspace("held")
    r = held.corelab("jupyter", "start", "--command", cmd)
    switch("hold", False)
    r = held.corelab("jupyter", "status")
    check("QUEUED (Not Running: Insufficient amount of resource: ncpus)" in r.stdout,
          "a queued job shows PBS's comment as the reason", r.stdout)
    r = held.corelab("jupyter", "stop", "--yes")
    check(r.returncode == 0, "a queued job can be stopped", r.stdout + r.stderr)

    # a job that dies before Jupyter starts
    dead = workspace("dead")
    r = dead.corelab("jupyter", "start", "--command", "nosuchjupyter lab", "--wait", timeout=60)
    check(r.returncode == 1 and "ended before Jupyter was ready" in r.stdout
          and "nosuchjupyter: command not found" in r.stdout, "a dying job shows the log tail", r.stdout)

    # the walltime warning: PBS has no --signal, the script's own timer sends
    # USR1 ten minutes before the end; Jupyter must survive it
    warn = workspace("warn")
    r = warn.corelab("jupyter", "start", "--command", cmd, "--time", "00:10:03", "--wait", timeout=120)
    wjob = job_of(r.stdout)
    wurl = url_from(r.stdout, "/tree?token=")
    check(r.returncode == 0 and wjob and wurl, "a session with a 10:03 walltime starts", r.stdout + r.stderr)
    wlog = warn.path("session_logs", "nb_session_%s.log" % (wjob or "?").split(".")[0])
    seen = poll(lambda: os.path.exists(wlog) and re.search(r"the walltime ends in (9|10) minutes \(at \d\d:\d\d\)",
                                                        open(wlog).read()), 30)
    check(seen, "USR1 before the walltime writes the warning, with the real time left, into the log")
    r = warn.corelab("jupyter", "status")
    check("RUNNING" in r.stdout and "WARNING: less than 10 minutes" in r.stdout,
          "after the warning Jupyter still runs and status warns", r.stdout)
    check(wurl is not None and fetch(wurl) == 200, "the URL still answers after the warning")
    warn.corelab("jupyter", "stop", "--yes")

    # qsub missing
    r = ws.corelab("jupyter", "start", env={"PATH": "/nonexistent"})
    check(r.returncode == 1 and "qsub not found on PATH" in r.stderr, "qsub missing is explained", r.stderr)
finally:
    switch("down", False)
    fakepbs.kill_all()

finish()
