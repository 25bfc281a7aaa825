#!/usr/bin/env python3
"""The man page names every command and flag the program's --help output
names, and every key of the help screen."""
import os
import re
import subprocess

from walker import BIN, HERE, check, run

MAN = os.path.join(HERE, "..", "..", "src", "corelab.1")


def plain(roff):
    """The man page's text without font escapes, with \\- as -."""
    t = re.sub(r"\\f[BIRP]", "", roff).replace("\\-", "-").replace("\\(em", "-")
    return t


def test():
    with open(MAN) as f:
        man = plain(f.read())
    out = ""
    for args in ([], ["--lessons", "x"], ["check"], ["list"], ["demo"], ["jupyter"], ["teach"],
                 ["follow"]):
        r = subprocess.run([BIN] + args + ["--help"], capture_output=True, text=True, timeout=10)
        check(r.returncode == 0, f"corelab {' '.join(args)} --help exits {r.returncode}")
        out += r.stdout
    for flag in set(re.findall(r"--[a-z][a-z-]+", out)):
        check(flag in man, f"man page lacks {flag}")
    for cmd in ("check", "list", "demo list", "jupyter start", "jupyter status", "jupyter stop",
                "jupyter script", "jupyter list", "teach", "follow"):
        check(cmd in man, f"man page lacks the command {cmd!r}")
    for flag in ("--variant", "--workers", "--work", "--seconds", "--switch-interval", "--chunksize",
                 "--schedule", "--json", "--scheduler", "--partition", "--cpus", "--time", "--module",
                 "--account", "--mem", "--command", "--sessions-dir", "--wait", "--yes", "--class"):
        check(flag in man, f"man page lacks {flag}")
    for key in ("PgDn", "PgUp", "Home", "End", "Esc", "Ctrl-C", "Ctrl-L", "Tab"):
        check(key in man, f"man page lacks the key {key}")
    for word in ("NO_COLOR", "CORELAB_LESSONS", "XDG_STATE_HOME", "progress.json"):
        check(word in man, f"man page lacks {word}")


run(test)
