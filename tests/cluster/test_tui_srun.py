"""Demos on a compute node from the TUI: the real corelab in tmux, on the
fixture lesson tests/cluster/fixtures/node.yaml, against a real Slurm
started here (as root). `n` turns "demos on a node" on (with the user's
config: scheduler slurm, the fixture's partition, cpus), `r` then runs
`srun --cpus-per-task=N ... CORELAB demo pi ... --json` as corelab's child
and the panes show the node's stream (meters, results). `s`, leaving the
step and quitting end srun and its step: the queue empties. On a busy
node the pane and the status bar say srun's job is queued, with its id
and the scheduler's reason, and `s` withdraws the request. A scheduler
that is not Slurm is refused with a one-line reason; an invalid partition
and a controller that is down show srun's own error in the pane."""

import os
import re
import shutil

from checks import check, finish, poll, skip
from clusterlib import CORELAB, HERE, Workspace
from procs import alive, children, processes
from slurm_fixture import SlurmFixture, require_root_and_slurm
from tmuxscreen import Screen, ScreenTimeout

require_root_and_slurm()
for prog in ("srun", "tmux"):
    if shutil.which(prog) is None:
        skip(prog + " is not installed")

FIXTURES = os.path.join(HERE, "fixtures")
BIN = os.path.realpath(CORELAB)


def srun_child(s, seconds=15):
    """corelab's srun child as (pid, argv), or None."""
    corelab = s.pane_pid()
    found = poll(lambda: [c for c in children(corelab) if c.comm == "srun"], seconds)
    return (found[0].pid, found[0].argv) if found else None


def node_demos(conf):
    """Pids of `corelab demo` processes started by our Slurm (they carry its
    SLURM_CONF in their environment)."""
    return [p.pid for p in processes() if p.state != "Z" and p.argv[1:2] == ["demo"]
            and p.environ.get("SLURM_CONF") == conf]


def wait(s, pattern, timeout=30, regex=False):
    try:
        return s.wait_for(pattern, timeout=timeout, regex=regex)
    except ScreenTimeout as e:
        check(False, "the screen shows %r" % pattern, str(e))
        return s.text()


def config(ws, scheduler="slurm", partition="workshop", cpus=1):
    ws.user_config("scheduler: %s\npartition: %s\ncpus: %d\n" % (scheduler, partition, cpus))


def toggle_on(s, ws, what, **cfg):
    """Write the config, press n (twice when it is on: off, then on again)."""
    config(ws, **cfg)
    if "on a node via srun" in s.text():
        s.send("n")
        wait(s, "demos run on this machine again")
    s.send("n")
    return wait(s, what)


def stop_check(s, slurm, how, keys, wait_text):
    """Start the long demo, make sure it runs on the node, end it with keys."""
    s.send("r")
    child = srun_child(s)
    check(child is not None, "%s: r starts srun" % how)
    check(poll(lambda: slurm.queue() != [], 30), "%s: the job is in the queue" % how, str(slurm.queue()))
    wait(s, "the node's cores", 60)
    check(poll(lambda: node_demos(slurm.conf), 30), "%s: the demo runs under Slurm" % how)
    for k in keys:
        s.send(k)
    if wait_text:
        wait(s, wait_text)
    if child:
        check(poll(lambda: not alive(child[0]), 15), "%s: srun has exited" % how)
    check(poll(lambda: slurm.queue() == [], 30), "%s: squeue is empty afterwards" % how,
          str(slurm.queue()) + slurm.logs())
    check(poll(lambda: not node_demos(slurm.conf), 15), "%s: no demo is left on the node" % how,
          str(node_demos(slurm.conf)))


with SlurmFixture() as slurm:
    cpus = min(2, os.cpu_count() or 1)
    ws = Workspace(prefix="corelab-node-")
    config(ws, scheduler="pbs")
    env = {
        "XDG_CONFIG_HOME": ws.config_dir,
        "CORELAB_SITE_CONFIG": ws.site,
        "SLURM_CONF": slurm.conf,
    }
    # 100 columns: the panel sits below the text, full width.
    with Screen([BIN, "--lessons", FIXTURES], width=100, height=40, env=env, cwd=ws.dir) as s:
        s.wait_for("Plain text")
        s.send("Right")
        wait(s, "press r to run")

        # not Slurm: a clear line, and demos stay here
        s.send("n")
        t = wait(s, "the scheduler set is pbs")
        check("via srun" not in t, "with scheduler pbs, n stays local", t)

        # Slurm: n turns it on, the header says so
        t = toggle_on(s, ws, "on a node via srun, %d CPU" % cpus, partition=slurm.partition, cpus=cpus)
        check(re.search(r"demo pi threads, on a node via srun, %d CPUs?, workers 1,2" % cpus, t) is not None,
              "the header shows the demo runs on a node via srun", t)

        # r: srun is corelab's child, with the real binary's path
        s.send("r")
        child = srun_child(s)
        check(child is not None, "r starts an srun child of corelab", s.text())
        if child:
            argv = child[1]
            check(("--cpus-per-task=%d" % cpus) in argv and "--ntasks=1" in argv
                  and ("--partition=" + slurm.partition) in argv,
                  "srun gets the config's cpus and partition", " ".join(argv))
            check(BIN in argv and argv[argv.index(BIN) + 1:argv.index(BIN) + 3] == ["demo", "pi"]
                  and "--json" in argv and not any("/proc/self" in a for a in argv),
                  "srun runs the real corelab binary's demo pi --json", " ".join(argv))
        t = wait(s, r"the node's cores +\d+ CPUs?, avg \d+%", 60, regex=True)
        check("running" in t, "the meters show the node's stream while it runs", t)
        wait(s, "done in", 60)
        s.send("t")  # the results as a table
        # a row per result: workers, wall seconds, ..., speedup, efficiency
        row2 = r"\s2\s+\d+\.\d{3}\s(.*\s)?\d+\.\d\d\s+\d+%"
        t = wait(s, row2, regex=True)
        check(re.search(r"\s1\s+\d+\.\d{3}\s(.*\s)?1\.00\s+100%", t, re.M) is not None,
              "a result line for 1 worker came back from the node", t)
        check(re.search(row2, t, re.M) is not None,
              "a result line for 2 workers came back from the node", t)
        check(poll(lambda: slurm.queue() == [], 30), "a finished demo leaves no job behind", str(slurm.queue()))

        # a long demo: s stops srun and the step
        s.send("Right")
        wait(s, "This one runs long")
        stop_check(s, slurm, "s", ["s"], "stopped")

        # the node is busy: srun waits in the queue, the pane says so, s
        # withdraws the request
        r = slurm.run("sbatch", "--parsable", "--cpus-per-task=%d" % (os.cpu_count() or 1),
                      "--output=/dev/null", "--wrap", "sleep 600")
        blocker = r.stdout.strip().split(";")[0]
        check(r.returncode == 0 and blocker, "a job fills the node", r.stdout + r.stderr)
        check(poll(lambda: "RUNNING" in slurm.run("squeue", "-h", "-j", blocker, "-o", "%T").stdout, 30),
              "the filling job runs", slurm.logs())
        s.send("r")
        t = wait(s, r"queued as job (\d+) \((Resources|Priority)\): (waiting for CPUs|other jobs)", 30, regex=True)
        m = re.search(r"queued as job (\d+)", t)
        check(poll(lambda: len(slurm.queue()) == 2, 30), "srun's request waits in the queue", str(slurm.queue()))
        check(m is not None and m.group(1) in slurm.queue() and m.group(1) != blocker,
              "the pane names srun's job, queued, and why", t)
        check("running, up to" not in t.splitlines()[-1] and "queued as job" in t.splitlines()[-1],
              "the status bar says queued, not running", t.splitlines()[-1])
        s.send("s")
        wait(s, "stopped")
        check(poll(lambda: slurm.queue() == [blocker], 30), "s withdraws the waiting request",
              str(slurm.queue()))
        slurm.run("scancel", blocker)
        check(poll(lambda: slurm.queue() == [], 30), "the queue is empty again", str(slurm.queue()))

        # leaving the step stops it too
        stop_check(s, slurm, "leaving the step", ["Left"], "A short demo")

        # srun cannot start it: srun's own error in the pane, no crash
        toggle_on(s, ws, "on a node via srun", partition="nosuchpartition", cpus=cpus)
        s.send("r")
        t = wait(s, "Invalid partition", 60)
        check("srun: error:" in t, "srun's own error is shown in the pane", t)
        t = wait(s, "exited with status")
        check(not s.dead(), "corelab keeps running after srun fails", t)
        check("srun could not run the demo on a node" in t and "r tries again" in t,
              "the pane says srun could not run the demo and what to try", t)

        # the controller is down: srun's error, wrapped to fit 80 columns
        toggle_on(s, ws, "on a node via srun", partition=slurm.partition, cpus=cpus)
        slurm.stop_controller()
        s.resize(80, 24)
        s.send("r")
        t = wait(s, "srun could not run the demo", 90)
        check("Unable to contact slurm controller" in " ".join(t.split()),
              "with the controller down, srun's error shows at 80x24", t)
        check(not s.dead(), "corelab keeps running with the controller down", t)
        s.resize(100, 40)
        slurm.restart_controller()
        slurm.wait_idle()

        # quitting mid-demo ends srun and its step
        toggle_on(s, ws, "on a node via srun", partition=slurm.partition, cpus=cpus)
        s.send("Right")
        wait(s, "This one runs long")
        stop_check(s, slurm, "quitting", ["q"], None)
        check(s.exit_status(timeout=20) == 0, "corelab quits with status 0", s.text())

finish()
