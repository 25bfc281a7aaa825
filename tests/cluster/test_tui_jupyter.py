"""The `j` screen in tmux, on PBS through the FAKE qsub/qstat/qdel of
tests/cluster/fake-pbs/ (a real Jupyter runs here): j shows the form with
the config's values (PART, TASKS), Enter starts the job, the screen follows
it to RUNNING with the connection lines (the URL answers 200), a bad value
typed into a field is refused, leaving says the job keeps running, opening
the screen again in a new corelab reattaches, s + y stops it; a job that
cannot be recorded shows the warning on the screen. A node with a long
name: the URL and the ssh line are never broken onto two rows (cut at the
edge, with a mark), and c prints them whole below the screen.

Runs the jupyter_tui harness: the walker with the screen wired as
ui/jupyter/jupyter_screen.h describes."""

import json
import os
import re
import shutil
import sys
import time

from checks import check, finish, poll, skip
from clusterlib import HERE, Workspace, fetch, jupyter_command, url_from
from tmuxscreen import Screen, ScreenTimeout

FAKES = os.path.join(HERE, "fake-pbs")
sys.path.insert(0, FAKES)
import fakepbs  # noqa: E402

TUI = os.environ.get("CORELAB_JUPYTER_TUI")
FIXTURES = os.path.join(HERE, "..", "screen", "fixtures")
for need, why in [(TUI and os.path.exists(TUI), "the jupyter_tui harness is not built"),
                  (shutil.which("tmux"), "tmux is not installed"),
                  (shutil.which("jupyter"), "jupyter is not installed (jupyter-notebook)"),
                  (os.path.isdir(FIXTURES), "tests/screen/fixtures is missing")]:
    if not need:
        skip(why)

ws = Workspace(prefix="corelab-tui-")
pbs_dir = ws.path("fakepbs")
os.mkdir(pbs_dir)
os.environ["FAKE_PBS_DIR"] = pbs_dir
ws.user_config("scheduler: pbs\nPART: teach\nTASKS: 1\ncommand: %s\nlogin_host: login.example.edu\n"
               % jupyter_command())
env = {
    "XDG_CONFIG_HOME": ws.config_dir,
    "CORELAB_SITE_CONFIG": ws.site,
    "PATH": FAKES + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
    "FAKE_PBS_DIR": pbs_dir,
    "FAKE_PBS_QUEUES": "workq,teach",
}
argv = [TUI, os.path.abspath(FIXTURES), os.environ.get("CORELAB_BIN", "corelab")]


def screen():
    return Screen(argv, width=80, height=24, env=env, cwd=ws.dir)  # the smallest supported


def stop_job(s, jobid):
    """s, then y, until the screen is stopping the job (while a status check
    is running it answers "busy: try again"). A stop may be quick: the job
    can be ended by the time the screen is read again."""
    said = ("Stopping job", "busy: try again", "ended: FINISHED")

    def stopping():
        if any(w in s.text() for w in ("Stopping job", "ended: FINISHED")):
            return True  # an earlier y took (its "busy" on screen was the one before)
        s.send("s")
        s.wait_for("Stop job %s? y/N" % jobid)
        s.send("y")
        t = s.wait_screen(lambda t: "? y/N" not in t and any(w in t for w in said), what="an answer to y")
        return "busy: try again" not in t
    check(poll(stopping, 30), "s + y stops job " + jobid, s)
    return s.wait_for("ended: FINISHED", timeout=30)


LONG_HOST = "compute-node-0042.rack-17.hall-b.hpc-cluster.university-example.edu"


def long_host_session():
    """A running job on a node with a long name, as the job's files and the
    FAKE qstat would show it (nothing really runs; the name does not
    resolve, so the lines come with the note that the port does not answer
    from here). Returns the workspace, the URL and the ssh line."""
    lw = Workspace(prefix="corelab-tui-long-")
    lw.user_config("scheduler: pbs\nPART: teach\nlogin_host: alice@login.example.edu\n")
    logs = lw.path("session_logs")
    os.mkdir(logs, 0o700)
    os.makedirs(os.path.join(pbs_dir, "jobs"), exist_ok=True)
    fakepbs.save({"num": 900, "id": "900.fakeserver", "name": "corelab-jupyter", "queue": "teach",
                  "owner": "alice@login", "state": "R", "ncpus": "1", "walltime": "02:00:00", "script": "",
                  "workdir": lw.dir, "comment": "", "pgid": None, "start": time.time(), "exit_status": None,
                  "exec_host": LONG_HOST + "/0*1"})
    token, port = "0123456789abcdef0123456789abcdef", 47123
    files = {"current.session": "scheduler=pbs\njobid=900.fakeserver\n",
             "nb_session_900.token": token,
             "nb_session_900.session": "jobid=900.fakeserver\nscheduler=pbs\nlogin_host=alice@login.example.edu\n"
                                       "command=jupyter notebook\nsubmitted=1\n",
             "nb_session_900.conn": "host=%s\nport=%d\npath=tree\nserver_file=nbserver-4242.json\n"
                                    % (LONG_HOST, port)}
    for name, text in files.items():
        with open(os.path.join(logs, name), "w") as f:
            f.write(text)
    os.mkdir(os.path.join(logs, "nb_session_900.runtime"), 0o700)
    with open(os.path.join(logs, "nb_session_900.runtime", "nbserver-4242.json"), "w") as f:
        json.dump({"base_url": "/", "pid": 4242, "port": port, "token": token}, f)
    url = "http://%s:%d/tree?token=%s" % (LONG_HOST, port, token)
    return lw, url, "ssh -N -L %d:%s:%d alice@login.example.edu" % (port, LONG_HOST, port)


def check_long_lines():
    lw, url, tunnel = long_host_session()
    with Screen(argv, width=80, height=24, env=dict(env, XDG_CONFIG_HOME=lw.config_dir), cwd=lw.dir) as s:
        s.wait_for("step 1/")
        s.send("j")
        t = s.wait_for("press c to see the lines whole", timeout=30)
        rows = [row for row in t.splitlines() if LONG_HOST[:20] in row and ("http://" in row or "ssh -N" in row)]
        check(len(rows) == 2 and all(row.rstrip().endswith("\u2026") for row in rows),
              "the URL and the ssh line, too long for 80 columns, are cut at the edge with a mark", t)
        check(url not in t and not [row for row in t.splitlines() if row.strip() and row.strip() in url[20:]],
              "no part of the URL goes on to the next row", t)
        s.send("c")
        s.wait_for("Press Enter to go back to corelab")
        whole = s._tmux("capture-pane", "-p", "-J", "-t", "t").stdout  # rows the terminal wrapped, joined
        check(("    " + url) in whole.splitlines() and ("    " + tunnel) in whole.splitlines(),
              "c prints the URL and the ssh line whole, each on one line", whole)
        s.send("Enter")
        s.wait_for("press c to see the lines whole")


try:
    check_long_lines()
    with screen() as s:
        s.wait_for("step 1/")
        s.send("j")
        t = s.wait_for("Start Jupyter")
        check(re.search(r"Partition\s+teach", t) is not None, "the form shows PART from the config", t)
        check(re.search(r"CPUs\s+1\b", t) is not None, "the form shows TASKS from the config", t)
        check(re.search(r"Scheduler\s+pbs", t) is not None, "the form shows the scheduler", t)

        # a bad value typed into a field is refused where it is typed
        s.send(*["Up"] * 9)
        s.wait_for("> Partition")
        s.send("Enter")
        s.send_literal(";id")
        s.send("Enter")
        t = s.wait_for("not allowed")
        check("';'" in t, "typing ';' into the partition is refused on the form", t)
        s.send("Escape")
        t = s.wait_gone("not allowed")
        check(re.search(r"Partition\s+teach", t) is not None, "Esc keeps the old value", t)
        s.send(*["Down"] * 8)
        s.wait_for("> Login host")
        s.send("Down")

        # Enter starts; the screen follows the job
        s.send("Enter")
        t = s.wait_for("RUNNING on", timeout=60)
        t = s.wait_for("/tree?token=", timeout=60)
        url = url_from(t.replace("\n", "\n"), "/tree?token=")
        check(url is not None, "the screen shows the on-campus URL", t)
        check("ssh -N -L" in t and "login.example.edu" in t, "the screen shows the tunnel line", t)
        check(re.search(r"\d+:\d\d:\d\d left", t) is not None, "the screen shows the time left", t)
        check(url is not None and fetch(url) == 200, "the URL on the screen answers 200")
        check("keeps running" in t, "the screen says the job keeps running", t)
        m = re.search(r"job (\d+\.fakeserver)", t)
        jobid = m.group(1) if m else "?"

        # leave: the job keeps running, and corelab says so
        s.send("Escape")
        s.wait_for("step 1/")
        s.send("q")
        status = s.exit_status(timeout=15)
        t = s.text(history=100)
        check(status == 0, "corelab quits normally (status %s)" % status, t)
        check(("keeps running after corelab" in t) and ("corelab jupyter stop " + jobid) in t,
              "leaving says the job keeps running, with the stop command", t)
        job = fakepbs.load(jobid.split(".")[0])
        check(job is not None and job["state"] == "R", "the job still runs after corelab left")

    # a new corelab: j reattaches to the running session, s + y stops it
    with screen() as s:
        s.wait_for("step 1/")
        s.send("j")
        t = s.wait_for("RUNNING on", timeout=30)
        check(("job " + jobid) in t and "Start Jupyter" not in t, "opening j again reattaches", t)
        t = stop_job(s, jobid)
        check("n new session" in t, "after stopping, the screen offers a new session", t)
        s.send("n")
        s.wait_for("Start Jupyter")

        # submitted but not recorded: the warning on the screen, not over it
        os.mkdir(ws.path("session_logs", "current.session"))  # where the state file belongs
        s.send("Enter")
        t = s.wait_for("warning: cannot record job", timeout=30)
        m = re.search(r"Submitted job (\d+\.fakeserver)\.", t)
        check(m is not None and ("warning: cannot record job %s in" % m.group(1)) in t,
              "the screen shows the warning the submission returned", t)
        check(t.splitlines()[0].startswith(" Jupyter on the cluster"),
              "nothing was written over the screen", t)
        stop_job(s, m.group(1) if m else "?")
        s.send("n")
        s.wait_for("Start Jupyter")
        s.send("Escape")
        s.wait_for("step 1/")
        s.send("q")
        check(s.exit_status(timeout=15) == 0, "quits")
        check("keeps running after corelab" not in s.text(), "no warning once the job is stopped")
except ScreenTimeout as e:
    check(False, "screen timeout", str(e))
finally:
    fakepbs.kill_all()

finish()
