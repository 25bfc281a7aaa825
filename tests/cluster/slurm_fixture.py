"""A private single-node Slurm on localhost for the cluster tests.

The tests start munged, slurmctld and slurmd as root with a slurm.conf of
their own (REFERENCE.md "Slurm"): this host is both controller and node,
state and spool live in a temporary directory, munge has its own key and
socket, and the daemons listen on free ports so that nothing collides with
a Slurm the machine may already run. Everything is torn down afterwards:
jobs are cancelled, daemons killed, and any process that still carries our
SLURM_CONF in its environment is killed too.

Use it as a context manager:

    with SlurmFixture() as slurm:
        env = slurm.env()          # SLURM_CONF and a PATH for the clients
        ...
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from checks import poll, skip, wait_until
from procs import alive, processes


def require_root_and_slurm():
    if os.geteuid() != 0:
        skip("the Slurm tests start slurmctld, slurmd and munged, which need root; run as root (CI does)")
    for prog in ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"):
        if shutil.which(prog) is None and not os.path.exists("/usr/sbin/" + prog):
            skip(prog + " is not installed (Debian packages munge, slurm-wlm)")


def require_accounting():
    for prog in ("mariadbd", "mariadb-install-db", "mariadb", "slurmdbd", "sacctmgr", "sacct"):
        if shutil.which(prog) is None and not os.path.exists("/usr/sbin/" + prog):
            skip(prog + " is not installed (Debian packages mariadb-server, slurmdbd)")


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def free_port():
    s = socket.socket()
    s.bind(("", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def which_sbin(prog):
    return shutil.which(prog) or "/usr/sbin/" + prog


def node_memory_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return 1024


class SlurmFixture:
    """A running private Slurm. Attributes: dir, conf, node, partition."""

    def __init__(self, partition="workshop", extra_conf="", accounting=False, min_job_age=600):
        self.partition = partition
        self.extra_conf = extra_conf
        # accounting: a private MariaDB and slurmdbd, so that sacct answers;
        # a small min_job_age makes slurmctld forget ended jobs, leaving
        # sacct the only one who knows how they ended.
        self.accounting = accounting
        self.min_job_age = min_job_age
        self.node = socket.gethostname().split(".")[0]
        self.dir = None
        self.conf = None
        self.procs = {}
        self.munge_pid_file = None

    # ---- set-up ----
    def __enter__(self):
        require_root_and_slurm()
        if self.accounting:
            require_accounting()
        # meson's timeout sends SIGTERM: turn it into an exception so that
        # __exit__ still tears the daemons down.
        signal.signal(signal.SIGTERM, _terminate)
        self.dir = tempfile.mkdtemp(prefix="corelab-slurm-")
        os.chmod(self.dir, 0o755)
        try:
            self._start_munge()
            self._write_conf()
            if self.accounting:
                self._start_accounting()
            self.start_controller()
            self._start("slurmd", [which_sbin("slurmd"), "-D", "-f", self.conf, "-N", self.node])
            self.wait_idle()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def path(self, name):
        return os.path.join(self.dir, name)

    def _start_munge(self):
        mdir = self.path("munge")
        os.mkdir(mdir, 0o700)
        key = os.path.join(mdir, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o600)
        self.munge_socket = os.path.join(mdir, "munge.socket")
        self.munge_pid_file = os.path.join(mdir, "munged.pid")
        subprocess.run(
            [which_sbin("munged"), "--force", "--socket=" + self.munge_socket,
             "--key-file=" + key, "--pid-file=" + self.munge_pid_file,
             "--log-file=" + os.path.join(mdir, "munged.log"),
             "--seed-file=" + os.path.join(mdir, "munged.seed")],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, timeout=30)
        # munged forks into the background; its socket appears when it is ready.
        self._poll(lambda: os.path.exists(self.munge_socket), 20, "munged socket")
        # The socket's directory must be reachable for the job's user (root here).
        os.chmod(mdir, 0o755)

    def _write_conf(self):
        for d in ("state", "spool", "log"):
            os.mkdir(self.path(d), 0o755)
        self.ctld_port = free_port()
        self.slurmd_port = free_port()
        self.dbd_port = free_port()
        cpus = os.cpu_count() or 1
        mem = max(256, node_memory_mb() - 256)
        self.conf = self.path("slurm.conf")
        text = f"""# Written by tests/cluster/slurm_fixture.py: a private single-node Slurm.
ClusterName=corelabtest
SlurmctldHost={self.node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={self.ctld_port}
SlurmdPort={self.slurmd_port}
AuthType=auth/munge
AuthInfo=socket={self.munge_socket}
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation={self.path('state')}
SlurmdSpoolDir={self.path('spool')}
SlurmctldPidFile={self.path('slurmctld.pid')}
SlurmdPidFile={self.path('slurmd.pid')}
SlurmctldLogFile={self.path('log/slurmctld.log')}
SlurmdLogFile={self.path('log/slurmd.log')}
SlurmctldDebug=info
SlurmdDebug=info
{self._accounting_conf()}
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge={self.min_job_age}
KillWait=5
InactiveLimit=0
MessageTimeout=5
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName={self.node} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={mem} State=UNKNOWN
PartitionName={self.partition} Nodes=ALL Default=YES MaxTime=INFINITE State=UP
{self.extra_conf}
"""
        with open(self.conf, "w") as f:
            f.write(text)
        os.chmod(self.conf, 0o644)

    def _accounting_conf(self):
        if not self.accounting:
            return "AccountingStorageType=accounting_storage/none"
        # The clients reach slurmdbd through the munge socket named in
        # AccountingStoragePass (AuthInfo is for slurmctld and slurmd).
        return ("AccountingStorageType=accounting_storage/slurmdbd\n"
                "AccountingStorageHost=127.0.0.1\nAccountingStoragePort=%d\n"
                "AccountingStoragePass=%s" % (self.dbd_port, self.munge_socket))

    def _start_accounting(self):
        """MariaDB on a private port and socket, slurmdbd beside it (its
        slurmdbd.conf sits next to SLURM_CONF, where it looks), and this
        cluster registered with sacctmgr."""
        db = self.path("mysql")
        os.mkdir(db, 0o700)
        sock = os.path.join(db, "mysql.sock")
        subprocess.run([shutil.which("mariadb-install-db"), "--no-defaults", "--user=root",
                        "--datadir=" + os.path.join(db, "data"), "--auth-root-authentication-method=normal",
                        "--skip-test-db"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.STDOUT, timeout=120)
        db_port = free_port()
        self._start("mariadbd", [which_sbin("mariadbd"), "--no-defaults", "--user=root",
                                 "--datadir=" + os.path.join(db, "data"), "--socket=" + sock,
                                 "--port=%d" % db_port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                                 "--pid-file=" + os.path.join(db, "mariadbd.pid"),
                                 "--log-error=" + self.path("log/mariadbd.log"),
                                 "--innodb-buffer-pool-size=32M"])
        client = [shutil.which("mariadb"), "--no-defaults", "-S", sock, "-uroot"]
        self._poll(lambda: self._alive("mariadbd") and subprocess.run(
            client + ["-e", "select 1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0,
            60, "MariaDB to accept connections")
        password = os.urandom(12).hex()
        # The password goes through stdin: no secret on a command line.
        subprocess.run(client, input="CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '%s';\n"
                       "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';\n" % password,
                       text=True, check=True, timeout=30)
        dbd_conf = self.path("slurmdbd.conf")
        fd = os.open(dbd_conf, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"""# Written by tests/cluster/slurm_fixture.py: accounting for the private Slurm.
AuthType=auth/munge
AuthInfo=socket={self.munge_socket}
DbdHost={self.node}
DbdAddr=127.0.0.1
DbdPort={self.dbd_port}
SlurmUser=root
LogFile={self.path('log/slurmdbd.log')}
PidFile={self.path('slurmdbd.pid')}
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={db_port}
StorageUser=slurm
StoragePass={password}
StorageLoc=slurm_acct_db
""")
        self._start("slurmdbd", [which_sbin("slurmdbd"), "-D"])
        self._poll(lambda: self._alive("slurmdbd") and self.run(
            "sacctmgr", "-n", "-P", "list", "cluster", timeout=10).returncode == 0, 60, "slurmdbd to answer")
        r = self.run("sacctmgr", "-i", "add", "cluster", "corelabtest", timeout=30)
        if r.returncode != 0:
            raise RuntimeError("sacctmgr add cluster: " + r.stdout + r.stderr + self.logs())

    def _alive(self, name):
        p = self.procs[name]
        if p.poll() is not None:
            raise RuntimeError("%s exited early (%s)\n%s" % (name, p.returncode, self.logs()))
        return True

    def _start(self, name, argv):
        log = open(self.path("log/%s.out" % name), "ab")
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            env=self.env(), start_new_session=True)
        log.close()

    def start_controller(self):
        self._start("slurmctld", [which_sbin("slurmctld"), "-D", "-c", "-i", "-f", self.conf])

    def stop_controller(self):
        """Stop slurmctld only (the 'controller down' fault)."""
        self._stop("slurmctld")

    def restart_controller(self):
        self._start("slurmctld", [which_sbin("slurmctld"), "-D", "-i", "-f", self.conf])
        self.wait_idle(any_state=True)

    # ---- use ----
    def env(self, base=None):
        env = dict(os.environ if base is None else base)
        env["SLURM_CONF"] = self.conf
        return env

    def run(self, *argv, timeout=30):
        return subprocess.run(list(argv), env=self.env(), capture_output=True, text=True,
                              timeout=timeout)

    def _poll(self, cond, seconds, what):
        wait_until(cond, seconds, what, interval=0.2, detail=self.logs)

    def wait_idle(self, any_state=False, seconds=60):
        def ready():
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise RuntimeError("%s exited early (%s)\n%s" % (name, p.returncode, self.logs()))
            try:
                r = self.run("sinfo", "-h", "-N", "-o", "%T", timeout=10)
            except subprocess.TimeoutExpired:
                return False
            states = r.stdout.split()
            if r.returncode != 0 or not states:
                return False
            return any_state or all(s.rstrip("*~#") in ("idle", "mixed", "allocated") for s in states)
        self._poll(ready, seconds, "the node to become idle")

    def queue(self):
        """Job ids still in the queue (pending, running or completing)."""
        r = self.run("squeue", "-h", "-o", "%i|%T")
        return [line.split("|")[0] for line in r.stdout.split() if line]

    def wait_queue_empty(self, seconds=30):
        self._poll(lambda: not [j for j in self._active()], seconds, "the queue to empty")

    def _active(self):
        r = self.run("squeue", "-h", "-t", "PD,R,CG,CF", "-o", "%i")
        if r.returncode != 0:
            return []
        return r.stdout.split()

    def logs(self):
        out = []
        if not self.dir:
            return ""
        for name in ("slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out", "slurmdbd.log", "slurmdbd.out",
                     "mariadbd.log"):
            p = self.path("log/" + name)
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    out.append("---- %s (tail)\n%s" % (name, "".join(f.readlines()[-15:])))
        return "\n".join(out)

    # ---- tear-down ----
    def _stop(self, name):
        p = self.procs.pop(name, None)
        if p is None or p.poll() is not None:
            return
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)

    def _kill_job_processes(self):
        """Kill whatever still carries our SLURM_CONF (slurmstepd, job shells)."""
        if not self.conf:
            return
        for p in processes():
            if p.pid != os.getpid() and p.environ.get("SLURM_CONF") == self.conf:
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except OSError:
                    pass

    def close(self):
        if "slurmctld" in self.procs and self.procs["slurmctld"].poll() is None:
            try:
                self.run("scancel", "--cluster", "corelabtest", "-u", "root", timeout=15)
                self.run("scancel", "-u", "root", timeout=15)
                self.wait_queue_empty(20)
            except Exception:
                pass
        for name in ("slurmd", "slurmctld", "slurmdbd", "mariadbd"):
            self._stop(name)
        self._kill_job_processes()
        if self.munge_pid_file and os.path.exists(self.munge_pid_file):
            try:
                with open(self.munge_pid_file) as f:
                    pid = int(f.read().strip())
                os.kill(pid, signal.SIGTERM)
                # munged writes its seed file as it goes: let it finish
                # before its directory is removed.
                poll(lambda: not alive(pid), 5)  # munged is not our child
            except (OSError, ValueError):
                pass
        if self.dir and os.environ.get("CORELAB_KEEP_SLURM") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None


if __name__ == "__main__":
    # Manual check: start, show sinfo, stop.
    with SlurmFixture() as s:
        print(s.run("sinfo").stdout)
        print("conf:", s.conf)
        if len(sys.argv) > 1:
            time.sleep(float(sys.argv[1]))
