"""The whole Jupyter session on a real Slurm (started here, as root): start
--wait, the printed URL answers 200 with its token, session_logs and its
files are private, the token is the job's own (nb_session_<id>.token) and
on no command line, status shows RUNNING on the node, from another
directory too (found through Slurm, with the login host start was given),
a second start reattaches, list shows it, commands that would turn off
Jupyter's authentication are refused with nothing submitted, stop refuses
without a terminal, stop --yes cancels and the job leaves the queue; a
mistyped job id is "no such job"; the next session gets a token of its
own."""

import os
import re

from checks import check, finish, poll
from clusterlib import (Workspace, fetch, final_url, jupyter_command, mode, not_private, secret_on_command_lines,
                        url_from)
from slurm_fixture import SlurmFixture, require_root_and_slurm

require_root_and_slurm()

with SlurmFixture() as slurm:
    ws = Workspace()
    ws.env = slurm.env(ws.env)
    ws.site_config("scheduler: slurm\n")
    ws.user_config("PART: %s\nTASKS: 1\n" % slurm.partition)
    cmd = jupyter_command()

    # the login host given to start is kept with the session (status, from
    # anywhere, names it too)
    r = ws.corelab("jupyter", "start", "--command", cmd, "--time", "30", "--login-host", "login.example.edu",
                   "--wait", timeout=180)
    out = r.stdout
    check(r.returncode == 0, "start --wait succeeds", out + r.stderr + slurm.logs())
    m = re.search(r"Submitted job (\d+)", out)
    jobid = m.group(1) if m else "?"
    check(m is not None, "start names the job it submitted", out)
    url = url_from(out, "http://%s:" % slurm.node)
    check(url is not None and "/tree?token=" in url, "on-campus URL printed: http://NODE:PORT/tree?token=...", out)
    port = re.search(r":(\d+)/", url).group(1) if url else "?"
    tunnel = "ssh -N -L %s:%s:%s root@login.example.edu" % (port, slurm.node, port)
    check(tunnel in out, "off-campus tunnel line uses the login host from config", out)
    check(url_from(out, "http://localhost:%s/tree?token=" % port) is not None, "localhost URL printed", out)
    check("corelab jupyter stop " + jobid in out and "keeps running" in out,
          "output says the job keeps running and how to stop it", out)

    # the URL answers, with its token
    status = fetch(url) if url else None
    check(status == 200, "GET of the printed URL returns 200", "got %r" % (status,))
    token = url.split("token=", 1)[1] if url else "?"
    check("/login" in final_url(url.replace(token, "0" * len(token))) if url else False,
          "a wrong token is sent to the login page")

    # private files
    logs = ws.path("session_logs")
    check(mode(logs) == 0o700, "session_logs is 0700", oct(mode(logs)))
    files = sorted(os.listdir(logs))
    check("nb_session_%s.log" % jobid in files, "log is session_logs/nb_session_<jobid>.log", str(files))
    bad = not_private(logs)
    check(not bad, "every file in session_logs is 0600 (Jupyter's runtime dir 0700)", str(bad))
    with open(os.path.join(logs, "nb_session_%s.token" % jobid)) as f:
        check(f.read().strip() == token, "the job's own token file holds the printed token")
    check(not [f for f in files if f.startswith("nb_session_new_")], "no token left under a temporary name",
          str(files))

    # the token on no command line (Jupyter, the job shell, anything)
    hits = secret_on_command_lines(token)
    check(not hits, "the token is on no process's command line", "\n".join(" ".join(p.argv) for p in hits))

    # status
    r = ws.corelab("jupyter", "status")
    check(r.returncode == 0 and ("job %s: RUNNING on %s" % (jobid, slurm.node)) in r.stdout,
          "status shows RUNNING with the node", r.stdout + r.stderr)
    check(re.search(r"\d+:\d\d:\d\d left", r.stdout) is not None, "status shows the time left", r.stdout)
    check("is running at" in r.stdout or "Jupyter is listening" in r.stdout, "status shows the log's tail", r.stdout)
    check(url in r.stdout, "status repeats the connection lines", r.stdout)

    # status from another directory, with a config of its own: Slurm knows
    # where the job's files are
    other = Workspace(prefix="corelab-cluster-other-")
    other.env = slurm.env(other.env)
    r = other.corelab("jupyter", "status", jobid)
    check(r.returncode == 0 and ("job %s: RUNNING on %s" % (jobid, slurm.node)) in r.stdout,
          "status JOBID from another directory shows RUNNING", r.stdout + r.stderr)
    check(url in r.stdout and tunnel in r.stdout,
          "...with the connection lines and the login host start was given", r.stdout)
    check("Last lines of " + logs in r.stdout and "not listening yet" not in r.stdout and "(no log yet" not in r.stdout,
          "...and the log's tail from the session's own directory", r.stdout)

    # a mistyped job id
    r = ws.corelab("jupyter", "status", "9999")
    check(r.returncode == 1 and "job 9999: no such job" in r.stdout and "ended:" not in r.stdout,
          "a mistyped job id is 'no such job', not ended", r.stdout + r.stderr)

    # commands that would turn off Jupyter's authentication: refused before
    # anything is submitted (and this directory's session stays the same)
    for bad_cmd in (cmd + " --NotebookApp.token=", cmd + " --ServerApp.token=", cmd + " --NotebookApp.password=",
                    cmd + " --ip=*"):
        r = other.corelab("jupyter", "start", "--command", bad_cmd)
        check(r.returncode == 2 and "--command" in r.stderr and r.stdout == "",
              "start --command %r is refused" % bad_cmd.split()[-1], r.stderr)
    for bad_host in ("host@", "a@b@c"):
        r = other.corelab("jupyter", "start", "--login-host", bad_host)
        check(r.returncode == 2 and "login_host" in r.stderr, "--login-host %s is refused" % bad_host, r.stderr)
    check(slurm.queue() == [jobid], "nothing else was submitted", str(slurm.queue()))

    # a second start reattaches
    r = ws.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=120)
    check(r.returncode == 0 and "Reattaching" in r.stdout and "Submitted" not in r.stdout and url in r.stdout,
          "a second start reattaches instead of submitting", r.stdout + r.stderr)
    check("Waiting for the job to start" not in r.stdout, "no 'Waiting for the job to start' for a running job",
          r.stdout)
    check(slurm.queue() == [jobid], "still exactly one job in the queue", str(slurm.queue()))

    r = ws.corelab("jupyter", "list")
    check(r.returncode == 0 and jobid in r.stdout and "RUNNING" in r.stdout, "list shows the session", r.stdout + r.stderr)

    # stop: refuses without a terminal, then --yes
    r = ws.corelab("jupyter", "stop")
    check(r.returncode == 1 and "--yes" in r.stderr and jobid in slurm.queue(),
          "stop without a terminal and without --yes refuses", r.stdout + r.stderr)
    r = ws.corelab("jupyter", "stop", "--yes")
    check(r.returncode == 0 and ("Cancelled job " + jobid) in r.stdout, "stop --yes cancels", r.stdout + r.stderr)
    left = poll(lambda: jobid not in slurm.queue(), 30)
    check(left, "the job leaves the queue", str(slurm.queue()))
    r = ws.corelab("jupyter", "status", jobid)
    check("ended: CANCELLED" in r.stdout and "killed by SIGTERM" in r.stdout or "ended: CANCELLED" in r.stdout,
          "status of the stopped job says CANCELLED", r.stdout + r.stderr)

    # the next session: a new job, with a token of its own; the first
    # job's token is still its own
    r = ws.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=180)
    m = re.search(r"Submitted job (\d+)", r.stdout)
    second = m.group(1) if m else "?"
    url2 = url_from(r.stdout, "http://%s:" % slurm.node)
    check(r.returncode == 0 and second != jobid and url2 and url2 != url, "a new start submits a new job",
          r.stdout + r.stderr)
    token2 = url2.split("token=", 1)[1] if url2 else "?"
    with open(os.path.join(logs, "nb_session_%s.token" % jobid)) as f:
        check(f.read().strip() == token and token2 != token, "each job keeps its own token")
    check(fetch(url2) == 200 if url2 else False, "the new URL answers 200")
    ws.corelab("jupyter", "stop", "--yes")

finish()
