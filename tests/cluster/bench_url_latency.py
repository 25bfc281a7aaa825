"""How long after Jupyter's port starts listening the URL is in front of the
learner, on a real Slurm (started here, as root): with `corelab jupyter
start --wait` (the line on stdout) and with the `j` screen in tmux (the URL
on the screen). The job's log names the port before Jupyter starts; this
process connects to it every 2 ms to see the moment it listens, and takes
the moment the URL appears, each run. Goal: within 0.5 s, CLI and TUI.

usage: bench_url_latency.py [--runs N] [--check]
  --check  fail unless every run is within the goal (the cluster suite's
           test runs it so; `meson test --benchmark` only reports)"""

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

from checks import check, finish, skip
from clusterlib import CORELAB, HERE, jupyter_command, slurm_workspace
from slurm_fixture import SlurmFixture, require_root_and_slurm
from tmuxscreen import Screen

GOAL_S = 0.5
TUI = os.environ.get("CORELAB_JUPYTER_TUI")
FIXTURES = os.path.join(HERE, "..", "screen", "fixtures")

require_root_and_slurm()
if shutil.which("jupyter") is None:
    skip("jupyter is not installed (jupyter-notebook)")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
CHECK = "--check" in sys.argv


class Listening:
    """Watches a session's log for the port the job is about to give
    Jupyter, and notes when that port first accepts a connection."""

    def __init__(self, logs_dir):
        self.logs_dir = logs_dir
        self.at = {}  # port -> monotonic time it first listened
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def ports(self):
        out = []
        for name in os.listdir(self.logs_dir) if os.path.isdir(self.logs_dir) else []:
            if name.endswith(".log"):
                with open(os.path.join(self.logs_dir, name), errors="replace") as f:
                    out += [int(p) for p in re.findall(r"starts Jupyter on \S+, port (\d+)", f.read())]
        return out

    def run(self):
        next_scan = 0
        ports = []
        while not self.stop:
            now = time.monotonic()
            if now >= next_scan:
                ports = [p for p in self.ports() if p not in self.at]
                next_scan = now + 0.05
            for port in ports:
                s = socket.socket()
                try:
                    s.connect(("127.0.0.1", port))
                    self.at.setdefault(port, time.monotonic())
                except OSError:
                    pass
                finally:
                    s.close()
            time.sleep(0.002)

    def close(self):
        self.stop = True
        self.thread.join()


def url_port(line):
    m = re.search(r"http://[^/\s]+:(\d+)/\S*token=", line)
    return int(m.group(1)) if m and "localhost" not in line else None


def stop_all(slurm, ws):
    ws.corelab("jupyter", "stop", "--yes")
    slurm.run("scancel", "-u", "root")
    slurm.wait_queue_empty(60)


def cli_run(slurm, ws):
    logs = ws.path("session_logs")
    watch = Listening(logs)
    p = subprocess.Popen([CORELAB, "jupyter", "start", "--wait"], cwd=ws.dir, env=ws.env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    shown = None
    for line in p.stdout:
        port = url_port(line)
        if port:
            shown = (port, time.monotonic())
            break
    p.communicate(timeout=60)
    time.sleep(0.1)
    watch.close()
    stop_all(slurm, ws)
    if not shown or shown[0] not in watch.at:
        return None
    return shown[1] - watch.at[shown[0]]


def tui_run(slurm, ws):
    logs = ws.path("session_logs")
    env = {"XDG_CONFIG_HOME": ws.config_dir, "CORELAB_SITE_CONFIG": ws.site, "SLURM_CONF": slurm.conf,
           "PATH": ws.env.get("PATH", "/usr/bin:/bin")}
    with Screen([TUI, os.path.abspath(FIXTURES), CORELAB], width=120, height=30, env=env, cwd=ws.dir) as s:
        s.wait_for("step 1/")
        s.send("j")
        s.wait_for("Start Jupyter")
        watch = Listening(logs)
        s.send("Enter")
        shown = None
        end = time.monotonic() + 120
        while not shown and time.monotonic() < end:
            text = s.text()
            when = time.monotonic()
            for line in text.splitlines():
                port = url_port(line)
                if port:
                    shown = (port, when)
            time.sleep(0.005)
        time.sleep(0.1)
        watch.close()
        s.send("Escape")
        s.send("q")
    stop_all(slurm, ws)
    if not shown or shown[0] not in watch.at:
        return None
    return shown[1] - watch.at[shown[0]]


def report(name, values):
    got = sorted(v for v in values if v is not None)
    if got:
        print("%s: port listening -> URL shown, %d runs: min %.3f s, median %.3f s, max %.3f s (%s)"
              % (name, len(got), got[0], got[len(got) // 2], got[-1], ", ".join("%.3f" % v for v in values
                                                                              if v is not None)), flush=True)
    check(len(got) == len(values), "%s: every run showed a URL on a port seen listening" % name, str(values))
    if CHECK:
        check(got and got[-1] <= GOAL_S, "%s: every run within %.1f s" % (name, GOAL_S), str(values))


with SlurmFixture() as slurm:
    ws = slurm_workspace(slurm, "corelab-latency-")
    ws.user_config("partition: %s\ncpus: 1\ncommand: %s\ntime: \"00:30:00\"\n" % (slurm.partition, jupyter_command()))
    report("CLI", [cli_run(slurm, ws) for _ in range(RUNS)])
    if TUI and os.path.exists(TUI) and shutil.which("tmux"):
        report("TUI", [tui_run(slurm, ws) for _ in range(RUNS)])
    else:
        print("TUI: not measured (no jupyter_tui harness or tmux)")

finish()
