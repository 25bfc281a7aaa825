"""The processes a test looks at, read from /proc (which needs no
CONFIG_PROC_CHILDREN and sees every user's processes).

    process(pid)                    a Proc, or None once pid has gone
    processes()                     every process there is now, as Procs
    children(pid, zombies=False)    the Procs whose parent is pid
    alive(pid)                      pid exists and is not a zombie
    cpu_seconds(pid)                its user + system CPU time, None once gone
    status_value(pid, key)          a number of /proc/PID/status ("VmHWM"),
                                    None once gone
    allowed_cpus()                  how many CPUs this process may run on
    outcome(popen, timeout)         (stdout, stderr, ended): what a started
                                    program wrote once it ended; ended is
                                    False when it was still running after
                                    timeout seconds and was killed

A Proc holds what /proc/PID/stat said when it was read: pid, ppid, state
(R, S, D, Z, T...), comm and cpu_seconds; argv, cmdline, environ and uid are
read when asked for (empty, or None for uid, once the process has gone).
"""
import os
import subprocess


def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


class Proc:
    def __init__(self, pid, stat):
        self.pid = pid
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        close = stat.rfind(")")
        self.comm = stat[stat.find("(") + 1:close]
        fields = stat[close + 2:].split()
        self.state = fields[0]
        self.ppid = int(fields[1])
        self.cpu_seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    @property
    def cmdline(self):
        """The command line as /proc has it: arguments ending in NUL bytes."""
        return _read(f"/proc/{self.pid}/cmdline", "rb") or b""

    @property
    def argv(self):
        return [a.decode(errors="replace") for a in self.cmdline.split(b"\0") if a]

    @property
    def environ(self):
        """Its environment as a dict of str (what it started with)."""
        raw = _read(f"/proc/{self.pid}/environ", "rb") or b""
        pairs = (item.decode(errors="replace").partition("=") for item in raw.split(b"\0") if item)
        return {k: v for k, _, v in pairs}

    @property
    def uid(self):
        """The real user id, None once it has gone."""
        return status_value(self.pid, "Uid")

    def __repr__(self):
        return f"Proc({self.pid} {self.comm!r} {self.state} ppid {self.ppid})"


def process(pid):
    stat = _read(f"/proc/{pid}/stat")
    return Proc(int(pid), stat) if stat else None


def processes():
    found = (process(e) for e in os.listdir("/proc") if e.isdigit())
    return [p for p in found if p]


def children(pid, zombies=False):
    return [p for p in processes() if p.ppid == pid and (zombies or p.state != "Z")]


def alive(pid):
    """True while pid exists and is not a zombie (a zombie has ended; one
    whose parent is not us may stay a zombie for good in a container)."""
    p = process(pid)
    return p is not None and p.state != "Z"


def cpu_seconds(pid):
    p = process(pid)
    return p.cpu_seconds if p else None


def allowed_cpus():
    return len(os.sched_getaffinity(0))


def outcome(popen, timeout):
    try:
        out, err = popen.communicate(timeout=timeout)
        return out, err, True
    except subprocess.TimeoutExpired:
        popen.kill()
        out, err = popen.communicate()
        return out, err, False


def status_value(pid, key):
    """The first number after "KEY:" in /proc/PID/status."""
    for line in (_read(f"/proc/{pid}/status") or "").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None
