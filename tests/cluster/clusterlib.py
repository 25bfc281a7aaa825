"""The cluster tests' own helpers: run corelab with a private config, check
modes, fetch a URL, look for a secret on command lines. Checks, waits and
processes come from the kit in tests/lib."""

import atexit
import os
import shutil
import stat
import subprocess
import tempfile
import time
import urllib.request

from checks import poll
from procs import processes

CORELAB = os.environ.get("CORELAB_BIN", "build/corelab")
HERE = os.path.dirname(os.path.abspath(__file__))


class Workspace:
    """A temporary working directory with its own XDG config and no site
    config, so that the machine's files play no part."""

    def __init__(self, prefix="corelab-cluster-"):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        os.chmod(self.dir, 0o755)
        if not os.environ.get("CORELAB_KEEP_TMP"):
            atexit.register(shutil.rmtree, self.dir, True)
        self.config_dir = os.path.join(self.dir, "config")
        os.makedirs(os.path.join(self.config_dir, "corelab"))
        self.site = os.path.join(self.dir, "site-config.yaml")
        self.env = dict(os.environ)
        self.env["XDG_CONFIG_HOME"] = self.config_dir
        self.env["CORELAB_SITE_CONFIG"] = self.site
        self.env.pop("XDG_RUNTIME_DIR", None)

    def user_config(self, text):
        with open(os.path.join(self.config_dir, "corelab", "config.yaml"), "w") as f:
            f.write(text)

    def site_config(self, text):
        with open(self.site, "w") as f:
            f.write(text)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def corelab(self, *args, timeout=120, env=None, stdin=subprocess.DEVNULL):
        e = dict(self.env)
        if env:
            e.update(env)
        start = time.monotonic()
        r = subprocess.run([CORELAB] + list(args), cwd=self.dir, env=e, stdin=stdin,
                           capture_output=True, text=True, timeout=timeout)
        r.seconds = time.monotonic() - start
        print("$ corelab %s   -> exit %d (%.1fs)" % (" ".join(repr(a) if not a.isprintable() or " " in a else a for a in args),
                                                   r.returncode, r.seconds), flush=True)
        if os.environ.get("CORELAB_TEST_VERBOSE"):
            print(r.stdout + r.stderr)
        return r

    def corelab_until(self, text, *args, seconds=30, interval=0.5):
        """Run corelab ARGS again until its output holds text: that run's
        result, or None when seconds pass first."""
        return poll(lambda: (lambda r: r if text in r.stdout else None)(self.corelab(*args)), seconds, interval)


def slurm_workspace(slurm, prefix):
    """A Workspace whose corelab talks to the test's Slurm, 1 CPU in its
    partition."""
    ws = Workspace(prefix=prefix)
    ws.env = slurm.env(ws.env)
    ws.user_config("partition: %s\ncpus: 1\n" % slurm.partition)
    return ws


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def not_private(d):
    """What in directory d (a sessions directory) others could read: every
    file must be 0600 and every directory (Jupyter's runtime dir) 0700."""
    bad = []
    for f in os.listdir(d):
        p = os.path.join(d, f)
        want = 0o700 if stat.S_ISDIR(os.lstat(p).st_mode) else 0o600
        if mode(p) != want:
            bad.append((f, oct(mode(p))))
    return bad


def fetch(url, timeout=10):
    """HTTP status of a GET (following redirects), or the error."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:  # noqa: BLE001 -- reported as the result
        return repr(e)


def final_url(url, timeout=10):
    """Where a GET ends up after redirects (a refused token lands on /login)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.geturl()
    except Exception as e:  # noqa: BLE001 -- reported as the result
        return repr(e)


def secret_on_command_lines(secret):
    """The processes whose command line contains secret."""
    return [p for p in processes() if secret.encode() in p.cmdline]


def url_from(output, host_part):
    """The first printed URL that contains host_part."""
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("http://") and host_part in line:
            return line
    return None


def write_fake(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)


def jupyter_command():
    """Debian packages the classic notebook; as root it needs --allow-root."""
    cmd = "jupyter notebook"
    if os.geteuid() == 0:
        cmd += " --allow-root"
    return cmd
