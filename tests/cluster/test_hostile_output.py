"""What `corelab jupyter` prints from data it did not write reaches the
terminal with its control characters escaped: the job log's tail (the job's
programs wrote it), the scheduler's words (stand-ins for squeue, sbatch and
scancel, written below and clearly fakes, answer with escape sequences) and
a config file's unknown key. No ESC, BEL, CR or C1 character gets through."""

import os

from checks import check, finish
from clusterlib import Workspace, write_fake

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x9b31mred\rforged line"


def terminal_commands(text):
    return [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


ws = Workspace()
fakebin = ws.path("fakebin")
os.mkdir(fakebin)
# FAKE squeue for this test only: a pending job whose reason holds escapes.
write_fake(os.path.join(fakebin, "squeue"),
           "#!/usr/bin/env python3\n# FAKE squeue (tests/cluster/test_hostile_output.py)\n"
           "import sys\nsys.stdout.write('PENDING|Resources\\x1b[2J\\x9b1m|(null)|1:00:00|N/A\\n')\n")
# FAKE sbatch and scancel for this test only: they refuse, with escapes.
for tool in ("sbatch", "scancel"):
    write_fake(os.path.join(fakebin, tool),
               "#!/usr/bin/env python3\n# FAKE %s (tests/cluster/test_hostile_output.py)\n"
               "import sys\nsys.stderr.write('%s: error: \\x1b]0;PWNED\\x07bad\\n\\tsecond line\\n')\n"
               "sys.exit(1)\n" % (tool, tool))
env = {"PATH": fakebin + ":" + os.environ.get("PATH", "/usr/bin:/bin")}

logs = ws.path("session_logs")
os.mkdir(logs, 0o700)
with open(os.path.join(logs, "nb_session_4242.log"), "wb") as f:
    f.write(("starting\n" + HOSTILE + "\n\tindented\n").encode())
    f.write(b"raw C1 \xc2\x9b and a bad byte \xff\n")

r = ws.corelab("jupyter", "status", "4242", env=env)
out = r.stdout + r.stderr
check("Last lines of" in r.stdout, "status prints the log's tail", out)
check(not terminal_commands(out), "no control character reaches the terminal: %r" % terminal_commands(out)[:5], out)
check("  | \\x1b]0;PWNED\\x07\\x1b[2J\\u009b31mred\\rforged line" in r.stdout,
      "the hostile log line is shown escaped, on one line", r.stdout)
check("  | \tindented" in r.stdout, "a tab in the log stays a tab", r.stdout)
check("raw C1 \\u009b and a bad byte \\xff" in r.stdout, "C1 and broken UTF-8 are escaped", r.stdout)
check("Resources\\x1b[2J\\u009b1m" in r.stdout, "the scheduler's reason is shown escaped", r.stdout)

r = ws.corelab("jupyter", "start", env=env)
check(r.returncode == 1 and "sbatch: error: \\x1b]0;PWNED\\x07bad\n\tsecond line" in r.stderr,
      "sbatch's refusal is shown escaped, its lines kept", r.stderr)
check(not terminal_commands(r.stdout + r.stderr), "nothing hostile from sbatch", r.stderr)
r = ws.corelab("jupyter", "stop", "4242", "--yes", env=env)
check(r.returncode == 1 and "scancel: error: \\x1b]0;PWNED\\x07bad" in r.stderr,
      "scancel's failure is shown escaped", r.stderr)
check(not terminal_commands(r.stdout + r.stderr), "nothing hostile from scancel", r.stderr)

ws.user_config('"\\e]0;PWNED\\a\\e[2J": 1\n')
r = ws.corelab("jupyter", "script", env=env)
check(r.returncode == 2 and ":1:1: unknown key '\\x1b]0;PWNED\\x07\\x1b[2J'" in r.stderr,
      "an unknown config key is echoed escaped", r.stderr)
check(not terminal_commands(r.stdout + r.stderr), "nothing hostile from the config file", r.stderr)

finish()
