#!/usr/bin/env python3
"""Benchmark: pi's strong-scaling efficiency at every worker count up to the
CPUs this process may use (goal >= 95 % per core), for threads and for
processes, from one `corelab demo pi --json` sweep each. Prints ratios;
never fails on timings (only when the demo itself fails)."""
import json
import os
import subprocess
import sys

BIN = os.environ.get("CORELAB_BIN", "corelab")
cpus = len(os.sched_getaffinity(0))
work = sys.argv[1] if len(sys.argv) > 1 else "200000000"
print(f"pi scaling, {work} samples per run, {cpus} CPUs allowed, load average {os.getloadavg()[0]:.1f}")
status = 0
for variant in ("threads", "processes"):
    p = subprocess.run([BIN, "demo", "pi", "--variant", variant, "--workers", f"1-{cpus}", "--work", work,
                        "--seconds", "60", "--json"], capture_output=True, text=True)
    if p.returncode != 0:
        print(f"{variant}: corelab demo pi failed: {p.stderr.strip()}")
        status = 1
        continue
    fit = None
    busy1 = None
    for line in p.stdout.splitlines():
        r = json.loads(line)
        if r["type"] == "result":
            eff = 100.0 * r["speedup"] / r["workers"]
            # CPU time of all workers against the 1-worker run: above 1 the
            # split work itself cost more; wall-time efficiency below 95 %
            # with inflation near 1 means the CPUs were busy with others.
            busy = sum(r["busy_s"])
            busy1 = busy1 or busy
            print(f"  {variant:9s} workers {r['workers']:3d}  wall {r['wall_s']:7.3f} s  speedup {r['speedup']:5.2f}"
                  f"  efficiency {eff:5.1f} %  {'ok' if eff >= 95 else 'below the 95 % goal'}"
                  f"  (CPU time x{busy / busy1:.3f} of 1 worker's)")
        elif r["type"] == "fit":
            fit = r["serial_fraction"]
    if fit is not None:
        print(f"  {variant:9s} Amdahl serial fraction {fit:.4f}")
sys.exit(status)
