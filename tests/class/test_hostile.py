#!/usr/bin/env python3
"""A hostile student against the class directory, with real users (root
only): 3,000 junk files do not hide the real students and are put down to
their owner; users named with '+' or a leading '.' are counted; a record
whose mtime says 2099 is not alive; a class directory renamed and replaced
through a group-writable parent is refused by followers; pace values out of
range are refused (no undefined behaviour in the follower); and the class
record `corelab teach --summary` stays out of the shared directory."""
import csv
import json
import os
import pwd
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classlib  # noqa: E402
from checks import check, finish, skip  # noqa: E402



class OddUsers:
    """Users whose names need --badname: '+' inside, '.' first."""

    def __init__(self, tag):
        self.names = []
        for name in (f"cl+p{tag}", f".cld{tag}"):
            subprocess.run(["useradd", "-M", "-s", "/bin/sh", "--badname", name], check=True,
                           capture_output=True)
            self.names.append(name)

    def delete(self):
        uids = {pwd.getpwnam(n).pw_uid for n in self.names}
        classlib.end_processes_of(uids)
        for name in self.names:
            subprocess.run(["userdel", name], capture_output=True)


def main():
    classlib.require_root("the hostile class test")
    tmp = classlib.public_tmpdir("corelab-class-hostile-")
    users = classlib.Users("inst", "alice", "bob", "mal")
    odd = None
    try:
        odd = OddUsers(os.getpid() % 100000)
        run(tmp, users, odd.names, classlib.public_copy(os.environ["CLASS_TOOL"], tmp),
            classlib.public_copy(os.environ["CORELAB_BIN"], tmp))
    finally:
        if odd:
            odd.delete()
        users.delete()
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


def home_of(tmp, u, name, role="inst"):
    """A directory of tmp owned by role, 0755."""
    d = os.path.join(tmp, name)
    os.mkdir(d)
    os.chmod(d, 0o755)
    os.chown(d, u.uid(role), u.gid(role))
    return d


def run(tmp, u, odd, tool, corelab):
    J = classlib.tool_json
    inst, alice, bob, mal = u["inst"], u["alice"], u["bob"], u["mal"]
    home = home_of(tmp, u, "inst")
    cdir = os.path.join(home, "class")
    stud = os.path.join(cdir, "students")
    rc, data, err = J(inst, tool, "teach", cdir, "gil", 1)
    check(rc == 0, f"instructor opens the class ({err})")
    J(alice, tool, "student", cdir, 1, "help", "--answers", '[{"step":1,"quiz":2,"quiz_right":true}]')
    J(bob, tool, "student", cdir, 1, "done", "--answers", '[{"step":1,"quiz":3,"quiz_right":false}]')

    # Mallory fills students/ with 3,000 empty files, as herself.
    r = classlib.run_as(mal, ["/usr/bin/python3", "-c",
                              "import sys\nfor i in range(3000): open(f'%s/junk{i:04d}', 'w').close()" % stud])
    check(r.returncode == 0, f"mal plants 3000 files ({r.stderr.strip()})")
    rc, data, err = J(inst, tool, "roster", cdir)
    names = sorted(s["user"] for s in data["students"]) if data else []
    check(rc == 0 and names == sorted([alice, bob]) and data["help"] == 1 and data["done"] == 1,
          f"3000 junk files do not hide the students: help:1 done:1 ({names}, {err})")
    check(data and data["junk_total"] == 3000 and data["junk"] == [{"owner": mal, "n": 3000}],
          f"the junk is put down to its owner ({data and data['junk']})")

    # Names with '+' and a leading '.': counted under their own names.
    for name, flag in zip(odd, ("help", "done")):
        rc, data, err = J(name, tool, "student", cdir, 1, flag)
        check(rc == 0 and "+" not in data["entry"] and not data["entry"].startswith("."),
              f"{name!r} writes an encoded entry ({data and data['entry']}, {err})")
    rc, data, err = J(inst, tool, "roster", cdir)
    names = sorted(s["user"] for s in data["students"]) if data else []
    check(names == sorted([alice, bob] + odd) and data["help"] == 2 and data["done"] == 2,
          f"users named {odd} are counted ({names})")

    # Liveness: an hour-old record whose mtime says 2099 is not alive.
    J(bob, tool, "student", cdir, 1, "done", "--at", time.time() - 3600,
      "--answers", '[{"step":1,"quiz":3,"quiz_right":false}]')
    future = 4070908800  # 2099-01-01
    os.utime(os.path.join(stud, bob), (future, future), follow_symlinks=False)
    rc, data, err = J(inst, tool, "roster", cdir)
    rows = {s["user"]: s for s in data["students"]} if data else {}
    check(bob in rows and rows[bob]["stale"] and data["done"] == 1,
          f"a future mtime is not alive ({rows.get(bob)})")

    read_budget(tmp, u, tool)
    renamed_directory(tmp, u, tool)
    out_of_range(tmp, u, tool, corelab)
    summary(tmp, u, corelab, cdir, home)


def read_budget(tmp, u, tool):
    """After a step change every student rewrites at once: one scan reads
    CLASS_SCAN_READS_MAX (100) of the changed files, the next the rest."""
    n = 110
    crowd = classlib.Users(*[f"r{k}" for k in range(n)])
    try:
        home = home_of(tmp, u, "crowd")
        cdir = os.path.join(home, "class")
        rc, data, err = classlib.tool_json(u["inst"], tool, "teach", cdir, "gil", 1)
        stud = os.path.join(cdir, "students")

        def write_all(beat):
            for k in range(n):
                path = os.path.join(stud, crowd[f"r{k}"])
                with open(path, "w") as f:
                    f.write(json.dumps({"lesson": "gil", "step": 1, "beat": beat,
                                        "heartbeat_ms": int(time.time() * 1000)}) + " " * beat)
                os.chown(path, crowd.uid(f"r{k}"), crowd.gid(f"r{k}"))

        write_all(1)
        go = os.path.join(tmp, "go")
        p = subprocess.Popen(["runuser", "-u", u["inst"], "--", tool, "budget", cdir, go],
                             stdout=subprocess.PIPE, text=True)
        first = json.loads(p.stdout.readline() or "{}")
        write_all(2)
        open(go, "w").close()
        second = json.loads(p.stdout.readline() or "{}")
        third = json.loads(p.stdout.readline() or "{}")
        p.wait(timeout=30)
        check(first.get("students") == n and first.get("unread") == 0, f"{n} students read ({first})")
        check(second.get("unread") == n - 100 and third.get("unread") == 0,
              f"{n} rewritten at once: 100 read in one scan, the rest in the next ({second}, {third})")
    finally:
        crowd.delete()


def renamed_directory(tmp, u, tool):
    """A group-writable parent lets a group member swap the class directory:
    followers refuse it, before and after the swap."""
    J = classlib.tool_json
    inst, alice, mal = u["inst"], u["alice"], u["mal"]
    grp = home_of(tmp, u, "grp")
    cdir = os.path.join(grp, "class")
    rc, data, err = J(inst, tool, "teach", cdir, "gil", 3)
    check(rc == 0, f"a class in a parent only its owner can write ({err})")
    os.chown(grp, u.uid("inst"), u.gid("mal"))
    os.chmod(grp, 0o775)  # the instructor shares the parent with mal's group
    rc, data, err = J(alice, tool, "follow", cdir)
    check(rc == 1 and "writable by its group" in err and grp in err,
          f"follower refuses a class whose parent its group can write ({err})")
    rc, data, err = J(inst, tool, "teach", cdir, "gil", 3)
    check(rc == 1 and "writable by its group" in err, f"so does teach ({err})")
    swap = ["/usr/bin/python3", "-c",
            "import os,sys\nd=sys.argv[1]\nos.rename(d, d + '.old')\nos.mkdir(d)\nos.chmod(d, 0o755)\n"
            "open(d + '/pace', 'w').write('{\"lesson\":\"gil\",\"step\":9}')", cdir]
    r = classlib.run_as(mal, swap)
    check(r.returncode == 0, f"mal renames the class directory and makes her own ({r.stderr.strip()})")
    rc, data, err = J(alice, tool, "follow", cdir)
    check(rc == 1 and "refusing" in err, f"follower refuses the swapped directory ({err})")
    os.chmod(grp, 0o755)
    rc, data, err = J(alice, tool, "follow", cdir)
    check(rc == 1 and "belongs to" in err and inst in err,
          f"... also once the parent is closed again: the parent is not mal's ({err})")


def out_of_range(tmp, u, tool, corelab):
    """pace values out of range are refused, by the tool and by corelab."""
    J = classlib.tool_json
    d = home_of(tmp, u, "bad")
    pace = os.path.join(d, "pace")
    for text in ('{"lesson":"gil","step":2,"timer_end_ms":1e300}',
                 '{"lesson":"gil","step":2,"heartbeat_ms":1e300}',
                 '{"lesson":"gil","step":2,"step":1e300}',
                 '{"lesson":"gil","step":2,"heartbeat_ms":1763680000000,"timer_end_ms":1863680000000}'):
        with open(pace, "w") as f:
            f.write(text)
        os.chown(pace, u.uid("inst"), u.gid("inst"))
        rc, data, err = J(u["alice"], tool, "follow", d)
        check(rc == 1 and "out of range" in err, f"pace {text} refused ({err})")
    r = classlib.run_as(u["alice"], [corelab, "follow", d])
    check(r.returncode == 1 and "out of range" in r.stderr and "runtime error" not in r.stderr,
          f"corelab follow refuses it with one line ({r.stderr.strip()})")


def summary(tmp, u, corelab, cdir, home):
    """The class record: CSV and JSON, 0600, the instructor's, never in DIR."""
    inst = u["inst"]
    before = sorted(os.listdir(cdir))
    env = dict(os.environ, HOME=home, XDG_STATE_HOME=os.path.join(home, "state"))
    r = subprocess.run(["runuser", "-u", inst, "--", corelab, "teach", "--summary", cdir],
                       capture_output=True, text=True, env=env, cwd=home, timeout=60)
    written = [w for w in r.stdout.split() if w.endswith((".csv", ".json"))]
    check(r.returncode == 0 and len(written) == 2, f"teach --summary writes two files ({r.stdout}{r.stderr})")
    for path in written:
        path = os.path.join(home, path)
        st = os.stat(path)
        check(st.st_uid == u.uid("inst") and (st.st_mode & 0o777) == 0o600
              and os.path.dirname(os.path.realpath(path)) == os.path.realpath(home),
              f"{os.path.basename(path)}: the instructor's, 0600, in the current directory")
        if path.endswith(".csv"):
            rows = list(csv.DictReader(open(path)))
            alice = [row for row in rows if row["user"] == u["alice"]]
            check(alice and alice[0]["quiz_choice"] == "2" and alice[0]["quiz_right"] == "1",
                  f"the CSV has alice's first answer ({alice})")
        else:
            doc = json.load(open(path))
            step1 = doc["steps"][0] if doc["steps"] else {}
            check(step1.get("quiz_answered") == 2 and step1.get("quiz_right") == 1
                  and step1.get("quiz_choices") == [0, 1, 1],
                  f"the JSON counts the class's answers ({step1})")
    check(sorted(os.listdir(cdir)) == before, "nothing was written into the class directory")
    r = subprocess.run(["runuser", "-u", inst, "--", corelab, "teach", "--summary", cdir],
                       capture_output=True, text=True, env=env, cwd=cdir, timeout=60)
    state = os.path.join(home, "state", "corelab")
    check(r.returncode == 0 and state in r.stdout and sorted(os.listdir(cdir)) == before,
          f"run from inside the class directory it writes to $XDG_STATE_HOME/corelab ({r.stdout.strip()})")
    r = subprocess.run(["runuser", "-u", inst, "--", corelab, "teach", "--summary", cdir, "--out",
                        os.path.join(cdir, "students")], capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 1 and "inside the class directory" in r.stderr,
          f"--out inside the class directory is refused ({r.stderr.strip()})")
    r = classlib.run_as(u["alice"], [corelab, "teach", "--summary", cdir, "--out", "/tmp"])
    check(r.returncode == 1 and "only its instructor" in r.stderr,
          f"a student cannot write the class record ({r.stderr.strip()})")


if __name__ == "__main__":
    sys.exit(main())
