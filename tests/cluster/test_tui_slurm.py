"""The `j` screen and the status bar on a real Slurm (started here, as root),
in tmux, through the jupyter_tui harness (the walker with the screen wired
as ui/jupyter/jupyter_screen.h says):

- the form is open when a session is started from the command line in the
  same directory; Start then shows that job and submits none;
- back on the lesson the status bar follows the job (state, time left),
  and the walltime warning reaches the lesson (a 10-minute job);
- `c` prints the connection lines whole below the screen and puts the URL
  on the clipboard (tmux takes OSC 52 here); Enter comes back;
- with the controller stopped, the screen says unknown with the last known
  state and its time, and keeps the lines while Jupyter answers;
- a job cancelled from outside is said on the lesson, and quitting then
  does not claim the job keeps running; quitting with a job running does,
  with its state."""

import os
import re
import shutil

from checks import check, finish, poll, skip
from clusterlib import HERE, fetch, jupyter_command, slurm_workspace, url_from
from slurm_fixture import SlurmFixture, require_root_and_slurm
from tmuxscreen import Screen, ScreenTimeout

require_root_and_slurm()
TUI = os.environ.get("CORELAB_JUPYTER_TUI")
FIXTURES = os.path.join(HERE, "..", "screen", "fixtures")
for need, why in [(TUI and os.path.exists(TUI), "the jupyter_tui harness is not built"),
                  (shutil.which("tmux"), "tmux is not installed"),
                  (shutil.which("jupyter"), "jupyter is not installed (jupyter-notebook)")]:
    if not need:
        skip(why)


def screen(ws, env):
    e = {"XDG_CONFIG_HOME": ws.config_dir, "CORELAB_SITE_CONFIG": ws.site, "SLURM_CONF": env["SLURM_CONF"],
         "PATH": env.get("PATH", "/usr/bin:/bin")}
    return Screen([TUI, os.path.abspath(FIXTURES), os.environ.get("CORELAB_BIN", "corelab")],
                  width=100, height=30, env=e, cwd=ws.dir)


def status_bar(s):
    lines = s.text().rstrip("\n").split("\n")
    return lines[-1] if lines else ""


with SlurmFixture() as slurm:
    ws = slurm_workspace(slurm, "corelab-tui-slurm-")
    ws.user_config("partition: %s\ncpus: 1\ncommand: %s\nlogin_host: login.example.edu\ntime: \"10\"\n"
                   % (slurm.partition, jupyter_command()))
    try:
        with screen(ws, ws.env) as s:
            s.wait_for("step 1/")
            s.send("j")
            s.wait_for("Start Jupyter")
            # the command line starts a session in the same directory
            r = ws.corelab("jupyter", "start")
            m = re.search(r"Submitted job (\d+)", r.stdout)
            job = m.group(1) if m else "?"
            check(r.returncode == 0 and m, "the command line submits a job", r.stdout + r.stderr)
            s.send("Enter")  # Start on the screen
            t = s.wait_for("no new job submitted", timeout=30)
            check(("Job %s is already running from this directory" % job) in t,
                  "Start on the screen shows the command line's job", t)
            check(slurm.queue() == [job], "one job in the queue", str(slurm.queue()))
            t = s.wait_for("/tree?token=", timeout=90)
            url = url_from(t, "/tree?token=")
            check(url is not None and fetch(url) == 200, "the screen's URL answers 200", t)

            # back on the lesson: the status bar follows the job, and the
            # 10-minute job's walltime warning reaches the lesson
            s.send("Escape")
            s.wait_gone("/tree?token=")
            t = s.wait_for(r"Jupyter %s: \d+:\d\d:\d\d left" % job, regex=True, timeout=30)
            check(True, "the status bar shows the job and its time left: " + status_bar(s))
            check("save your work now" in status_bar(s), "the walltime warning shows on the lesson", status_bar(s))

            # c: the lines whole, and the URL on the clipboard
            s._tmux("set-option", "-s", "set-clipboard", "on")
            s.send("j")
            s.wait_for("/tree?token=")
            s.send("c")
            t = s.wait_for("Press Enter to go back to corelab")
            check(url in t and ("ssh -N -L" in t and "login.example.edu" in t),
                  "c prints the connection lines whole", t)
            buf = poll(lambda: s._tmux("show-buffer", check=False).stdout or None, 5)
            check(buf == url, "the URL is on the clipboard (OSC 52)", repr(buf))
            s.send("Enter")
            s.wait_for("s stop")

            # the controller does not answer: the last known state, and the
            # lines while Jupyter answers
            slurm.stop_controller()
            s.send("r")
            t = s.wait_for("Last known at", timeout=40)
            check(re.search(r"Last known at \d\d:\d\d:\d\d: RUNNING on ", t) and "unknown" in t,
                  "controller down: unknown, with the last known state and its time", t)
            check(url in t, "...and the connection lines, as Jupyter answers", t)
            slurm.restart_controller()
            s.send("r")
            s.wait_gone("Last known at", timeout=40)

            # cancelled from outside: said wherever the learner is
            s.send("Escape")
            s.wait_gone("s stop")
            slurm.run("scancel", job)
            t = s.wait_for("ended: CANCELLED", timeout=40)
            check(("Jupyter %s: ended: CANCELLED" % job) in status_bar(s), "the end of the job shows on the lesson",
                  status_bar(s))
            s.send("q")
            check(s.exit_status(timeout=20) == 0, "quits")
            t = s.text(history=100)
            check("keeps running" not in t, "no 'keeps running' for a job cancelled from outside", t)

        # a job left running: said on quitting, with its state
        r = ws.corelab("jupyter", "start")
        check(r.returncode == 0, "another session", r.stdout + r.stderr)
        with screen(ws, ws.env) as s:
            s.wait_for(r"Jupyter \d+: ", regex=True, timeout=30)
            s.send("q")
            s.exit_status(timeout=20)
            t = s.text(history=100)
            check(re.search(r"your Jupyter job \d+ keeps running after corelab \((PENDING|RUNNING)\)", t),
                  "quitting says the job keeps running, with its state", t)
        ws.corelab("jupyter", "stop", "--yes")
    except ScreenTimeout as e:
        check(False, "screen timeout", str(e))

finish()
