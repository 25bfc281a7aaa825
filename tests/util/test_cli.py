"""Every command answers --help (usage on stdout, exit 0) and --version
(the version, exit 0); an unknown command is a one-line usage error, exit 2."""
import os
import subprocess

from checks import check, finish

BIN = os.environ["CORELAB_BIN"]
COMMANDS = [[], ["check"], ["list"], ["demo"], ["demo", "list"], ["demo", "gil"],
            ["jupyter"], ["jupyter", "start"], ["jupyter", "status"], ["jupyter", "stop"],
            ["jupyter", "script"], ["jupyter", "list"], ["teach"], ["follow"]]


def run(args):
    return subprocess.run([BIN] + args, capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL)


version = run(["--version"]).stdout.strip()
check(version.startswith("corelab "), "corelab --version names corelab", version)
for cmd in COMMANDS:
    name = " ".join(["corelab"] + cmd)
    r = run(cmd + ["--help"])
    check(r.returncode == 0 and "usage" in r.stdout.lower(), f"{name} --help: usage, exit 0",
          r.stdout + r.stderr)
    r = run(cmd + ["--version"])
    check(r.returncode == 0 and r.stdout.strip() == version, f"{name} --version prints {version}",
          r.stdout + r.stderr)
r = run(["frobnicate"])
check(r.returncode == 2 and r.stderr.count("\n") == 1 and "frobnicate" in r.stderr,
      "an unknown command: one line, exit 2", r.stderr)
finish()
