#!/usr/bin/env python3
"""Where the learner's files go, and that the lessons are only read:
--workspace DIR, the config key `workspace`, a config that cannot be read
(said, and the default kept), and a read-only copy of the lessons with
which an exercise goes from starter to pass while no file of the lessons
changes (run as an unprivileged user when the test is root, since root
writes through chmod)."""
import os
import pwd
import shutil
import stat
import tempfile

from screenlib import BIN, PRACTICE, check, copy_in, corelab, quit_and_wait, run, wait_file, workspace


def flag():
    with tempfile.TemporaryDirectory(prefix="corelab-ws-") as tmp:
        with corelab("--open", "practice:1", "--workspace", tmp) as s:
            s.wait_for("not yet", timeout=15)
            check(os.path.isfile(os.path.join(tmp, "practice", "total.py")), "--workspace not used", s)
            check(not os.path.exists(workspace(s)), "the default workspace was made too", s)
            quit_and_wait(s)


def config_key():
    home = tempfile.mkdtemp(prefix="corelab-ws-home-")
    try:
        os.makedirs(os.path.join(home, "config", "corelab"))
        with open(os.path.join(home, "config", "corelab", "config.yaml"), "w") as f:
            f.write("cpus: 2\nworkspace: ~/elsewhere\n")
        env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, "config"),
               "XDG_STATE_HOME": os.path.join(home, "state")}
        with corelab("--open", "practice:1", env=env) as s:
            t = s.wait_for("not yet", timeout=15)
            check("~/elsewhere/practice/total.py" in t, "the config's workspace is not used", s)
            quit_and_wait(s)
        with open(os.path.join(home, "config", "corelab", "config.yaml"), "w") as f:
            f.write("cpus: none\n")
        with corelab("--open", "practice:1", env=env) as s:
            t = s.wait_for("the workspace is ~/corelab-work: ~/config/corelab/config.yaml:1:", timeout=15)
            wait_file(os.path.join(home, "corelab-work", "practice", "total.py"))
            quit_and_wait(s)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def snapshot(root):
    """Every path under root with its mtime, size and mode."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_mtime_ns, st.st_size, st.st_mode)
    st = os.lstat(root)
    out["."] = (st.st_mtime_ns, st.st_size, st.st_mode)
    return out


def read_only_lessons():
    tmp = tempfile.mkdtemp(prefix="corelab-ro-")
    try:
        os.chmod(tmp, 0o755)
        lessons = os.path.join(tmp, "lessons")
        shutil.copytree(PRACTICE, lessons)
        home = os.path.join(tmp, "home")
        os.mkdir(home, 0o700)
        user, binary = None, BIN
        env = {"HOME": home, "XDG_STATE_HOME": os.path.join(home, "state"),
               "XDG_CONFIG_HOME": os.path.join(home, "config")}
        if os.geteuid() == 0 and shutil.which("runuser"):
            user = "nobody"
            pw = pwd.getpwnam(user)
            os.chown(home, pw.pw_uid, pw.pw_gid)
            binary = os.path.join(tmp, "corelab")  # where nobody may run it
            shutil.copy(BIN, binary)
            os.chmod(binary, 0o755)
            env["PATH"] = "/usr/bin:/bin"  # the system's python3
        for dirpath, dirs, files in os.walk(lessons):
            for name in files:
                os.chmod(os.path.join(dirpath, name), 0o444)
            os.chmod(dirpath, 0o555)
        before = snapshot(lessons)
        s = corelab("--open", "practice:1", lessons=lessons, env=env, cwd=tmp, user=user, binary=binary)
        try:
            t = s.wait_for("not yet", timeout=20)
            mine = os.path.join(home, "corelab-work", "practice", "total.py")
            copy_in(os.path.join(PRACTICE, "solutions", "total.py"), mine)
            if user:
                os.chown(mine, pw.pw_uid, pw.pw_gid)
            s.wait_for("works: passed", timeout=10)
            quit_and_wait(s)
        finally:
            s.close()
        check(snapshot(lessons) == before, "a file of the read-only lessons changed")
    finally:
        for dirpath, dirs, files in os.walk(tmp):
            os.chmod(dirpath, stat.S_IRWXU)
        shutil.rmtree(tmp, ignore_errors=True)


def test():
    flag()
    config_key()
    read_only_lessons()


run(test)
