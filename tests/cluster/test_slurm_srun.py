"""A demo on a compute node: the argv Slurm's node_run_argv builds (srun
--cpus-per-task=N --ntasks=1 corelab demo ... --json), run by the
srun_demo helper against a real Slurm started here (as root). The JSON
stream comes back unchanged: samples for the node's CPUs and a result. And
a traced run step's `corelab trace --json -- python3 ...` the same way."""

import json
import os
import subprocess

from checks import check, finish, poll, require
from clusterlib import CORELAB
from slurm_fixture import SlurmFixture, require_root_and_slurm

require_root_and_slurm()
helper = os.environ.get("CORELAB_SRUN_DEMO")
require(helper and os.path.exists(helper), "the srun_demo test program is built", str(helper))

with SlurmFixture() as slurm:
    cpus = min(2, os.cpu_count() or 1)
    argv = [helper, os.path.abspath(CORELAB), str(cpus), slurm.partition, "demo",
            "pi", "--workers", "1", "--work", "1000000000", "--seconds", "1", "--json"]
    r = subprocess.run(argv, env=slurm.env(), capture_output=True, text=True, timeout=120)
    print(r.stderr.strip())
    check(r.returncode == 0, "srun ... corelab demo pi --json exits 0", r.stdout[-2000:] + r.stderr + slurm.logs())
    check(("--cpus-per-task=%d" % cpus) in r.stderr and "--ntasks=1" in r.stderr and " demo pi " in r.stderr,
          "the argv is srun --cpus-per-task=N --ntasks=1 ... corelab demo pi", r.stderr)
    objs, bad = [], []
    for line in r.stdout.splitlines():
        try:
            objs.append(json.loads(line))
        except ValueError:
            bad.append(line)
    check(not bad, "every line from srun is JSON", "\n".join(bad[:5]))
    samples = [o for o in objs if o.get("type") == "sample"]
    results = [o for o in objs if o.get("type") == "result"]
    check(results and results[0].get("demo") == "pi", "a pi result came back through srun", r.stdout[-1000:])
    check(samples and all(len(s["cpu"]) >= 1 for s in samples), "per-CPU samples came back through srun")
    check(poll(lambda: slurm.queue() == [], 30), "the step left no job behind", str(slurm.queue()))

    # A traced run step with `n`: srun runs corelab trace on the node; its
    # records come back on stdout, the program's output on stderr.
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
    program = ("import threading\n"
               "def count(n):\n    while n > 0: n -= 1\n"
               "ts = [threading.Thread(target=count, args=(3_000_000,)) for _ in range(2)]\n"
               "[t.start() for t in ts]; [t.join() for t in ts]; print('counted down')\n")
    argv = [helper, os.path.abspath(CORELAB), str(cpus), slurm.partition, "trace", "--json", "--",
            python, "-c", program]
    r = subprocess.run(argv, env=slurm.env(), capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "srun ... corelab trace --json -- python3 exits 0", r.stdout[-2000:] + r.stderr + slurm.logs())
    check(" trace --json -- " in r.stderr and "counted down" in r.stderr,
          "the argv is srun ... corelab trace --json -- ..., and the program's output came on stderr", r.stderr)
    objs = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    check(len(objs) == len(r.stdout.splitlines()), "every line on stdout is JSON", r.stdout[-1000:])
    names = {o.get("name") for o in objs if o.get("type") == "span"}
    results = [o for o in objs if o.get("type") == "result"]
    check({"T1", "T2"} <= names or len(names) >= 3, "spans name the program's threads", str(names))
    check(results and "verdict" in results[0] and "cores_busy" in results[0],
          "the trace's result came back through srun", r.stdout[-1000:])
    check(poll(lambda: slurm.queue() == [], 30), "the traced step left no job behind", str(slurm.queue()))

finish()
