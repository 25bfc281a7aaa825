"""Another program on Jupyter's port, on a real Slurm (started here, as
root). The job's command is a wrapper (written below, a test stand-in)
that starts a web server on the port it is given before it runs Jupyter:
the port answers, and answers HTTP, but it is not Jupyter. corelab must
never print a URL that does not answer: the job sees Jupyter fail, picks a
fresh port and tries again, and the URL corelab prints is the real
Jupyter's. A squatter that takes every port it is given ends the job with
no URL printed at all."""

import os
import re

from checks import check, finish
from clusterlib import fetch, jupyter_command, slurm_workspace, url_from, write_fake
from slurm_fixture import SlurmFixture, require_root_and_slurm

require_root_and_slurm()

WRAPPER = """#!/bin/bash
# Test stand-in (tests/cluster/test_slurm_squatter.py): a web server takes
# the port Jupyter is given, then Jupyter runs. With a file 'always' beside
# it, every time; else the first time only.
here=$(dirname "$0")
for a in "$@"; do case $a in --port=*) port=${a#--port=} ;; esac; done
if [ -e "$here/always" ] || [ ! -e "$here/squatted" ]; then
    echo "$port" >> "$here/squatted"
    python3 -m http.server --bind 0.0.0.0 "$port" >/dev/null 2>&1 &
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
fi
exec %s "$@"
"""


def squatted_ports(ws):
    p = ws.path("bin", "squatted")
    return open(p).read().split() if os.path.exists(p) else []


def printed_urls(out):
    return [line.strip() for line in out.splitlines() if line.strip().startswith("http://")]


with SlurmFixture() as slurm:
    ws = slurm_workspace(slurm, "corelab-squat-")
    os.mkdir(ws.path("bin"))
    # named jupyter-notebook: corelab opens /tree, as for the classic notebook
    wrapper = ws.path("bin", "jupyter-notebook")
    write_fake(wrapper, WRAPPER % jupyter_command())
    cmd = wrapper + (" --allow-root" if os.geteuid() == 0 else "")

    r = ws.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=240)
    out = r.stdout
    taken = squatted_ports(ws)
    urls = printed_urls(out)
    check(r.returncode == 0 and urls, "start --wait prints the connection lines", out + r.stderr + slurm.logs())
    check(len(taken) == 1, "the squatter took the first port", str(taken))
    check(not [u for u in urls if taken and (":%s/" % taken[0]) in u],
          "no URL names the squatted port %s" % (taken[0] if taken else "?"), out)
    url = url_from(out, "http://%s:" % slurm.node)
    check(url is not None and fetch(url) == 200, "the printed URL answers 200 (it is the job's Jupyter)",
          "%s -> %r" % (url, fetch(url) if url else None))
    job = re.search(r"Submitted job (\d+)", out)
    log = ws.path("session_logs", "nb_session_%s.log" % (job.group(1) if job else "?"))
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    check(taken and ("port %s on %s was taken by another program; trying another port" % (taken[0], slurm.node))
          in text, "the job's log says the port was taken and another is tried", text[-2000:])
    ws.corelab("jupyter", "stop", "--yes")

    # a squatter on every port: no URL, the job ends and says why
    always = slurm_workspace(slurm, "corelab-squat-always-")
    os.mkdir(always.path("bin"))
    wrapper = always.path("bin", "jupyter-notebook")
    write_fake(wrapper, WRAPPER % jupyter_command())
    open(always.path("bin", "always"), "w").close()
    cmd = wrapper + (" --allow-root" if os.geteuid() == 0 else "")
    r = always.corelab("jupyter", "start", "--command", cmd, "--wait", timeout=300)
    check(r.returncode == 1 and not printed_urls(r.stdout), "a squatter on every port: no URL is printed",
          r.stdout + r.stderr)
    check("ended before Jupyter was ready" in r.stdout and "did not start serving" in r.stdout,
          "...the job ends, and its log says why", r.stdout)
    check(len(squatted_ports(always)) == 5, "...after five ports", str(squatted_ports(always)))

finish()
