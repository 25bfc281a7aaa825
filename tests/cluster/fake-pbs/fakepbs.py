"""FAKE PBS for corelab's tests -- not PBS. Debian does not package PBS, so
tests/cluster/test_pbs_fake.py puts the fake qsub, qstat and qdel of this
folder first on PATH. They keep jobs as JSON files under $FAKE_PBS_DIR and
print what PBS Pro prints (REFERENCE.md "PBS"): `qsub` prints 123.server,
`qstat -f` the job_state / exec_host / comment attributes (long values
wrapped onto tab-led continuation lines, as PBS does, and the id with the
server's domain, as qstat lists it), `qselect -u USER -N NAME` the ids of a
user's jobs by name, `qdel` ends the job. A job really runs: its script is
started with bash (the shell #PBS -S names) on this host.

Switches for faults (files in $FAKE_PBS_DIR):
  down    the server does not answer (qstat/qsub/qdel fail to connect)
  hold    new jobs stay queued with a "Not Running: ..." comment
Queues: $FAKE_PBS_QUEUES (comma list, default "workq"); others are refused.
"""

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time

SERVER = "fakeserver"


def state_dir():
    d = os.environ.get("FAKE_PBS_DIR")
    if not d:
        sys.stderr.write("fake PBS: FAKE_PBS_DIR is not set\n")
        sys.exit(2)
    return d


def jobs_dir():
    """Made by qsub only: a runner outliving its test must not recreate it."""
    return os.path.join(state_dir(), "jobs")


def flag(name):
    return os.path.exists(os.path.join(state_dir(), name))


def refuse_if_down(prog):
    if flag("down"):
        sys.stderr.write("Connection refused\n%s: cannot connect to server %s (errno=15010)\n" % (prog, SERVER))
        sys.exit(1)


class Lock:
    def __enter__(self):
        self.f = open(os.path.join(state_dir(), "lock"), "w")
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *a):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


def job_path(num):
    return os.path.join(jobs_dir(), "%s.json" % num)


def load(num):
    try:
        with open(job_path(num)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save(job):
    tmp = job_path(job["num"]) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(job, f)
    os.replace(tmp, job_path(job["num"]))


def update(num, **fields):
    if not os.path.isdir(jobs_dir()):
        return None
    with Lock():
        job = load(num)
        if job is None:
            return None
        job.update(fields)
        save(job)
        return job


def hms(seconds):
    seconds = max(0, int(seconds))
    return "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)


def parse_hms(text):
    parts = [int(p) for p in text.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def num_of(jobid):
    return jobid.split(".")[0]


# ---- qsub ----
def qsub(argv):
    refuse_if_down("qsub")
    if len(argv) != 1:
        sys.stderr.write("usage: qsub script\n")
        return 2
    script = os.path.abspath(argv[0])
    opts = {"name": os.path.basename(script), "queue": "workq", "walltime": "01:00:00", "ncpus": "1",
            "shell": None}
    with open(script) as f:
        for line in f:
            if not line.startswith("#PBS "):
                continue
            words = line.split()
            if words[1] == "-N":
                opts["name"] = words[2]
            elif words[1] == "-S":
                opts["shell"] = words[2]
            elif words[1] == "-q":
                opts["queue"] = words[2]
            elif words[1] == "-l":
                for item in words[2].replace(":", ",").split(","):
                    if item.startswith("walltime="):
                        opts["walltime"] = words[2].split("=", 1)[1]
                    elif item.startswith("ncpus="):
                        opts["ncpus"] = item.split("=", 1)[1]
    queues = os.environ.get("FAKE_PBS_QUEUES", "workq").split(",")
    if opts["queue"] not in queues:
        sys.stderr.write("qsub: Unknown queue\n")
        return 170
    os.makedirs(jobs_dir(), exist_ok=True)
    with Lock():
        counter = os.path.join(state_dir(), "counter")
        num = int(open(counter).read()) + 1 if os.path.exists(counter) else 100
        with open(counter, "w") as f:
            f.write(str(num))
        user = os.environ.get("USER") or __import__("pwd").getpwuid(os.getuid()).pw_name
        job = {"num": num, "id": "%d.%s" % (num, SERVER), "name": opts["name"], "queue": opts["queue"],
               "owner": "%s@%s" % (user, socket.gethostname()), "state": "Q", "ncpus": opts["ncpus"],
               "walltime": opts["walltime"], "script": script, "workdir": os.getcwd(),
               "comment": "Not Running: Insufficient amount of resource: ncpus" if flag("hold") else "",
               "pgid": None, "start": None, "exit_status": None, "shell": opts["shell"]}
        save(job)
    if not flag("hold"):
        # the runner is this file in --run mode, detached from qsub
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "--run", str(num)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, cwd=job["workdir"])
    print(job["id"])
    return 0


def run(num):
    job = load(num)
    env = dict(os.environ)
    env.update({"PBS_JOBID": job["id"], "PBS_O_WORKDIR": job["workdir"], "NCPUS": job["ncpus"],
                "PBS_JOBNAME": job["name"]})
    # PBS runs the script with the shell -S names (else the user's login
    # shell) as a login shell; the #! line is not looked at
    shell = job.get("shell") or os.environ.get("SHELL", "/bin/sh")
    p = subprocess.Popen([shell, "-l", job["script"]], env=env, cwd=os.environ.get("HOME", "/"),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    update(num, state="R", pgid=p.pid, start=time.time(),
           exec_host="%s/0*%s" % (socket.gethostname().split(".")[0], job["ncpus"]),
           comment="Job run at %s on (%s:ncpus=%s)" % (time.ctime(), socket.gethostname(), job["ncpus"]))
    limit = parse_hms(job["walltime"])
    try:
        rc = p.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGTERM)
        rc = p.wait()
        update(num, comment="Job exceeded resource walltime")
    status = rc if rc >= 0 else 256 - rc  # killed by signal N: 256+N, as PBS reports
    update(num, state="F", exit_status=status)
    return 0


# ---- qstat ----
def wrap(name, value):
    """One attribute as qstat -f prints it: cut near column 78 (after a
    comma when one is near), going on after a newline and a tab."""
    out, col = "    %s = " % name, len(name) + 7
    parts = value.split(",")
    for i, part in enumerate(parts):
        piece = part + ("," if i + 1 < len(parts) else "")
        if col + len(piece) >= 78 and i > 0:
            out, col = out + "\n\t", 8
        for ch in piece:
            out, col = out + ch, col + 1
            if col > 78:
                out, col = out + "\n\t", 8
    return out


def block(job):
    lines = ["Job Id: %s.example.edu" % job["id"],
             "    Job_Name = " + job["name"],
             "    Job_Owner = " + job["owner"],
             "    job_state = " + job["state"],
             "    queue = " + job["queue"],
             "    Resource_List.ncpus = " + job["ncpus"],
             "    Resource_List.walltime = " + job["walltime"]]
    if job.get("exec_host") and job["state"] in ("R", "E"):
        lines.append("    exec_host = " + job["exec_host"])
    if job.get("start") and job["state"] == "R":
        lines.append("    resources_used.walltime = " + hms(time.time() - job["start"]))
    if job.get("comment"):
        lines.append(wrap("comment", job["comment"]))
    lines.append(wrap("Variable_List", "PBS_O_HOME=%s,PBS_O_LOGNAME=%s,PBS_O_WORKDIR=%s,PBS_O_SHELL=/bin/bash,"
                      "PBS_O_QUEUE=%s" % (os.environ.get("HOME", "/"), job["owner"].split("@")[0],
                                          job["workdir"], job["queue"])))
    if job["state"] == "F" and job.get("exit_status") is not None:
        lines.append("    Exit_status = %d" % job["exit_status"])
    return "\n".join(lines) + "\n"


def qstat(argv):
    refuse_if_down("qstat")
    history = "-x" in argv
    ids = [a for a in argv if not a.startswith("-")]
    if "-f" not in argv:
        sys.stderr.write("fake qstat: only qstat -f [-x] [ID] is faked\n")
        return 2
    if not ids:
        # corelab lists a user's jobs with qselect, then qstat -f of those
        sys.stderr.write("fake qstat: qstat -f without a job id is not faked: a busy server's whole list\n")
        return 2
    rc = 0
    for jid in ids:
        job = load(num_of(jid))
        if job is None:
            sys.stderr.write("qstat: Unknown Job Id %s\n" % jid)
            rc = 153
        elif job["state"] == "F" and not history:
            sys.stderr.write("qstat: %s Job has finished, use -x or -H to obtain historical job information\n" % jid)
            rc = 35
        else:
            print(block(job))
    return rc


# ---- qselect ----
def qselect(argv):
    refuse_if_down("qselect")
    want = {}
    for flag, key in (("-u", "user"), ("-N", "name")):
        if flag in argv and argv.index(flag) + 1 < len(argv):
            want[key] = argv[argv.index(flag) + 1]
    names = sorted(os.listdir(jobs_dir())) if os.path.isdir(jobs_dir()) else []
    for job in (load(n[:-5]) for n in names if n.endswith(".json")):
        if not job or job["state"] == "F":
            continue
        if "user" in want and job["owner"].split("@")[0] != want["user"]:
            continue
        if "name" in want and job["name"] != want["name"]:
            continue
        print(job["id"])
    return 0


# ---- qdel ----
def qdel(argv):
    refuse_if_down("qdel")
    if len(argv) != 1:
        sys.stderr.write("usage: qdel jobid\n")
        return 2
    job = load(num_of(argv[0]))
    if job is None:
        sys.stderr.write("qdel: Unknown Job Id %s\n" % argv[0])
        return 153
    if job["state"] == "F":
        sys.stderr.write("qdel: Job has finished %s\n" % argv[0])
        return 35
    if job["state"] == "Q":
        update(job["num"], state="F", exit_status=271, comment="Job deleted")
        return 0
    update(job["num"], state="E")
    try:
        os.killpg(job["pgid"], signal.SIGTERM)
    except (OSError, TypeError):
        pass
    return 0


def kill_all():
    """For the tests' clean-up: end every job still running."""
    for n in (os.listdir(jobs_dir()) if os.path.isdir(jobs_dir()) else []):
        job = load(n[:-5]) if n.endswith(".json") else None
        if job and job.get("pgid") and job["state"] != "F":
            try:
                os.killpg(job["pgid"], signal.SIGKILL)
            except OSError:
                pass


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--run":
    sys.exit(run(sys.argv[2]))
