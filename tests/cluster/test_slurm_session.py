"""The whole Jupyter session on a real Slurm (started here, as root): start
--wait, the printed URL answers 200 with its token, session_logs and its
files are private, the token is on no command line, status shows RUNNING on
the node, a second start reattaches, list shows it, stop refuses without a
terminal, stop --yes cancels and the job leaves the queue."""

import os
import re

from checks import check, finish, poll
from clusterlib import Workspace, fetch, final_url, jupyter_command, mode, secret_on_command_lines, url_from
from slurm_fixture import SlurmFixture, require_root_and_slurm

require_root_and_slurm()

with SlurmFixture() as slurm:
    ws = Workspace()
    ws.env = slurm.env(ws.env)
    ws.site_config("scheduler: slurm\nlogin_host: login.example.edu\n")
    ws.user_config("PART: %s\nTASKS: 1\n" % slurm.partition)
    cmd = jupyter_command()

    r = ws.corelab("jupyter", "start", "--command", cmd, "--time", "00:30:00", "--wait", timeout=180)
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
    bad = [f for f in files if mode(os.path.join(logs, f)) != 0o600]
    check(not bad, "every file in session_logs is 0600", str([(f, oct(mode(os.path.join(logs, f)))) for f in bad]))
    with open(os.path.join(logs, "nb_session.token")) as f:
        check(f.read().strip() == token, "the token file holds the printed token")

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

    # a second start reattaches
    r = ws.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=120)
    check(r.returncode == 0 and "Reattaching" in r.stdout and "Submitted" not in r.stdout and url in r.stdout,
          "a second start reattaches instead of submitting", r.stdout + r.stderr)
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
    check("ended: CANCELLED" in r.stdout, "status of the stopped job says CANCELLED", r.stdout + r.stderr)

finish()
