#!/usr/bin/env python3
"""The man page names every command and flag the program's --help output
names, and every key of every key table (the build writes its KEYS section
from them: build/corelab.1 from src/corelab.1)."""
import os
import re
import subprocess

from walker import BIN, HERE, check, run

# The page as installed: next to the binary, written by the build.
MAN = os.path.join(os.path.dirname(os.path.abspath(BIN)), "corelab.1")


def plain(roff):
    """The man page's text without font escapes, with \\- as -."""
    t = re.sub(r"\\f[BIRP]", "", roff).replace("\\-", "-").replace("\\(em", "-").replace("\\&", "")
    return t


def man_key_sections(man):
    """{section title: [[key names] of each entry]} of the KEYS section."""
    keys = man[man.index(".SH KEYS"):man.index(".SH SCREEN")]
    sections, title, after_tp = {}, None, False
    for line in keys.splitlines():
        m = re.match(r'\.SS "(.*)"$', line)
        if m:
            title = m.group(1)
            sections[title] = []
        elif line.startswith(".TP"):
            after_tp = True
            continue
        elif after_tp and title:
            words = re.findall(r'"[^"]*"|\S+', line)[1:]  # .B / .BR, then names and ", "
            sections[title].append([w for w in words if w != '", "'])
        after_tp = False
    return sections


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
    check("@KEYS@" not in man, "the man page's KEYS section was not written")
    sections = man_key_sections(man)
    r = subprocess.run([BIN, "--keys-list"], capture_output=True, text=True, timeout=10)
    check(r.returncode == 0 and r.stdout, f"corelab --keys-list exits {r.returncode}")
    for line in r.stdout.splitlines():
        context, section, names, _, _ = line.split("\t")
        check(section in sections, f"the man page's KEYS lack the section {section!r}")
        check(names.split("  ") in sections[section],
              f"the man page's KEYS lack {names!r} under {section!r} ({context})")
    for word in ("NO_COLOR", "CORELAB_LESSONS", "XDG_STATE_HOME", "progress.json"):
        check(word in man, f"man page lacks {word}")


run(test)
