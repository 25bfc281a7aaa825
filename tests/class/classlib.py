"""The class tests' own helpers: root check, throw-away users, running the
class tool as one of them. Users are named corelab-test-<role><pid> so that
concurrent tests never share (or delete) each other's users. Checks, waits
and processes come from the kit in tests/lib."""
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile

from checks import poll, skip
from procs import processes


def require_root(what):
    if os.geteuid() != 0:
        skip(f"{what} needs root (it creates test users with useradd)")
    for tool in ("useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            skip(f"{what} needs {tool}")


class Users:
    """Creates one user per role; deletes them on exit."""

    def __init__(self, *roles):
        self.names = {}
        tag = str(os.getpid() % 100000)
        try:
            for role in roles:
                name = f"corelab-test-{role}{tag}"
                subprocess.run(["useradd", "-M", "-s", "/bin/sh", name], check=True,
                               capture_output=True)
                self.names[role] = name
        except BaseException:
            self.delete()
            raise

    def __getitem__(self, role):
        return self.names[role]

    def uid(self, role):
        return pwd.getpwnam(self.names[role]).pw_uid

    def gid(self, role):
        return pwd.getpwnam(self.names[role]).pw_gid

    def delete(self):
        """End what still runs as our users (by pid: these users exist only
        for this test), then delete them."""
        uids = {pwd.getpwnam(n).pw_uid for n in self.names.values()}
        end_processes_of(uids)
        for name in self.names.values():
            subprocess.run(["userdel", name], capture_output=True)
        self.names = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.delete()


def pids_of(uids):
    return [p.pid for p in processes() if p.uid in uids]


def end_processes_of(uids, grace=5.0):
    """SIGTERM, a grace period polled, then SIGKILL, each by pid."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = pids_of(uids)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        poll(lambda: not pids_of(uids), grace)


def public_tmpdir(prefix):
    """A temp dir every test user can reach (mkdtemp makes 0700)."""
    d = tempfile.mkdtemp(prefix=prefix)
    os.chmod(d, 0o755)
    return d


def public_copy(path, tmpdir):
    """Copy a binary where test users can run it: the build tree may sit
    under a directory they cannot enter."""
    dst = os.path.join(tmpdir, os.path.basename(path))
    shutil.copy2(path, dst)
    os.chmod(dst, 0o755)
    return dst


def run_as(user, argv, env=None):
    full = ["runuser", "-u", user, "--"] + list(argv)
    return subprocess.run(full, capture_output=True, text=True, env=env, timeout=60)


def tool_json(user, tool, *args):
    """Run the class tool as user; return (exit code, parsed JSON or None, stderr)."""
    r = run_as(user, [tool] + [str(a) for a in args])
    data = None
    if r.returncode == 0 and r.stdout.strip():
        data = json.loads(r.stdout.strip().splitlines()[-1])
    return r.returncode, data, r.stderr.strip()


def make_home(tmp, users, role):
    """A home of role's own in tmp; returns the environment pointing there."""
    home = os.path.join(tmp, "home-" + users[role])
    os.makedirs(home)
    os.chown(home, users.uid(role), users.gid(role))
    return {"HOME": home, "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CONFIG_HOME": os.path.join(home, "config")}


def screen_test(what, prefix, roles, body):
    """body(tmp, users, screens) as root with tmux, one user per role, in a
    temp dir they all reach; the screens close, the users and the dir go
    afterwards."""
    require_root(what)
    if not shutil.which("tmux"):
        skip("tmux is not installed")
    tmp = public_tmpdir(prefix)
    users = Users(*roles)
    screens = []
    try:
        body(tmp, users, screens)
    finally:
        for s in screens:
            s.close()
        users.delete()
        shutil.rmtree(tmp, ignore_errors=True)


class OnScreen:
    """A class on screen: corelab and the lessons copied where every user
    reads them, a home for each user, the class directory in the
    instructor's, and each corelab started as its user in a tmux screen."""

    def __init__(self, tmp, users, screens, lessons):
        self.tmp, self.u, self.screens = tmp, users, screens
        self.corelab = public_copy(os.environ["CORELAB_BIN"], tmp)
        self.lessons = os.path.join(tmp, "lessons")
        shutil.copytree(lessons, self.lessons)
        self.envs = {r: make_home(tmp, users, r) for r in users.names}
        self.cdir = os.path.join(self.envs["inst"]["HOME"], "class")

    def start(self, role, *args):
        from tmuxscreen import Screen
        s = Screen([self.corelab] + list(args), width=130, height=32, env=self.envs[role], cwd=self.tmp,
                   user=self.u[role])
        self.screens.append(s)
        return s
