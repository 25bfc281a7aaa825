#!/usr/bin/env python3
"""Benchmark: pi's strong-scaling efficiency at every worker count up to the
CPUs this process may use (goal >= 95 % per core), for threads and for
processes. Each sweep (`corelab demo pi --json`) runs ROUNDS times and the
best wall time per worker count counts, which filters out moments when
other programs had the CPUs. Prints ratios; never fails on timings (only
when the demo itself fails)."""
import json
import os
import subprocess
import sys

from checks import check, finish
from procs import allowed_cpus

BIN = os.environ.get("CORELAB_BIN", "corelab")
ROUNDS = 3
cpus = allowed_cpus()
work = sys.argv[1] if len(sys.argv) > 1 else "200000000"
print(f"pi scaling, {work} samples per run, best of {ROUNDS} sweeps, {cpus} CPUs allowed, "
      f"load average {os.getloadavg()[0]:.1f}")
for variant in ("threads", "processes"):
    best, busy = {}, {}
    for _ in range(ROUNDS):
        p = subprocess.run([BIN, "demo", "pi", "--variant", variant, "--workers", f"1-{cpus}", "--work", work,
                            "--seconds", "60", "--json"], capture_output=True, text=True)
        if not check(p.returncode == 0, f"{variant}: corelab demo pi runs", p.stderr.strip()):
            break
        for line in p.stdout.splitlines():
            r = json.loads(line)
            if r["type"] == "result":
                w = r["workers"]
                best[w] = min(best.get(w, float("inf")), r["wall_s"])
                busy[w] = min(busy.get(w, float("inf")), sum(r["busy_s"]))
    if 1 not in best:
        continue
    for w in sorted(best):
        speedup = best[1] / best[w]
        eff = 100.0 * speedup / w
        # CPU time of all workers against one worker's: above 1 the split
        # work itself cost more; low efficiency with this near 1 means the
        # CPUs were busy with other programs.
        print(f"  {variant:9s} workers {w:3d}  wall {best[w]:7.3f} s  speedup {speedup:5.2f}"
              f"  efficiency {eff:5.1f} %  {'ok' if eff >= 95 else 'below the 95 % goal'}"
              f"  (CPU time x{busy[w] / busy[1]:.3f} of 1 worker's)")
finish()
