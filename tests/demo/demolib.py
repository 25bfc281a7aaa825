"""The demo tests' own helpers: run `corelab demo ...` and parse its JSON
lines. Checks, waits and processes come from the kit in tests/lib."""
import json
import os
import subprocess

import checks
from checks import SLOW

# Each JSON record gets its checks: only failures are worth printing.
checks.report_ok = False

BIN = os.environ.get("CORELAB_BIN", "corelab")


def run(args, timeout=60):
    """Runs corelab demo ARGS; returns (rc, records, stdout, stderr)."""
    p = subprocess.run([BIN, "demo"] + args, capture_output=True, text=True,
                       timeout=timeout * SLOW)
    records = []
    if "--json" in args:
        for line in p.stdout.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                records.append({"type": "<unparsable>", "line": line})
    return p.returncode, records, p.stdout, p.stderr


def results(records):
    return [r for r in records if r.get("type") == "result"]
