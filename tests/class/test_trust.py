#!/usr/bin/env python3
"""The class directory's trust rules with real users (root only):
instructor, two students and an intruder."""
import os
import shutil

import classlib
from checks import check, finish


def plant(path, text, uid, gid, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def main():
    classlib.require_root("the class trust test")
    tmp = classlib.public_tmpdir("corelab-class-trust-")
    users = classlib.Users("inst", "alice", "bob", "mal")
    try:
        run(tmp, users, classlib.public_copy(os.environ["CLASS_TOOL"], tmp))
    finally:
        users.delete()
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


class Class:
    """The class directory in the instructor's home, the class tool run as
    each user."""

    def __init__(self, tmp, u, tool):
        self.tmp, self.u, self.tool = tmp, u, tool
        home = os.path.join(tmp, "inst")        # where the instructor may create DIR
        os.mkdir(home)
        os.chown(home, u.uid("inst"), u.gid("inst"))
        self.cdir = os.path.join(home, "class")
        self.stud = os.path.join(self.cdir, "students")

    def tool_json(self, user, *args):
        return classlib.tool_json(user, self.tool, *args)


def run(tmp, u, tool):
    c = Class(tmp, u, tool)
    opens(c)
    done_counted(c)
    planted_refused(c)
    squatted_falls_back(c)
    flags_and_staleness(c)
    timer_travels(c)
    fake_paces_refused(c)
    teach_refuses_and_away(c)


def opens(c):
    """A follower started before the instructor waits."""
    inst, alice = c.u["inst"], c.u["alice"]
    rc, data, err = c.tool_json(alice, "follow", c.cdir)
    check(rc == 0 and data["waiting"], f"follower waits for the instructor ({err})")

    rc, data, err = c.tool_json(inst, "teach", c.cdir, "gil", 1)
    check(rc == 0 and data["step"] == 1, f"instructor opens the class ({err})")
    st = os.lstat(c.cdir)
    check(st.st_uid == c.u.uid("inst") and (st.st_mode & 0o7777) == 0o755, "DIR is the instructor's, 0755")
    st = os.lstat(c.stud)
    check(st.st_uid == c.u.uid("inst") and (st.st_mode & 0o7777) == 0o1733, "students/ is 1733")
    r = classlib.run_as(alice, ["ls", c.stud])
    check(r.returncode != 0, "students cannot list students/")

    rc, data, err = c.tool_json(alice, "follow", c.cdir)
    check(rc == 0 and not data["waiting"] and data["step"] == 1 and data["instructor"] == inst,
          f"student trusts the pace and names the instructor by owner ({err})")


def done_counted(c):
    """Alice is done; the instructor counts her."""
    inst, alice = c.u["inst"], c.u["alice"]
    rc, data, err = c.tool_json(alice, "student", c.cdir, 1, "done")
    check(rc == 0 and data["entry"] == alice, f"student writes students/<name> ({err})")
    check(os.lstat(os.path.join(c.stud, alice)).st_uid == c.u.uid("alice"), "status file owned by the student")
    check((os.lstat(os.path.join(c.stud, alice)).st_mode & 0o777) == 0o644, "status file is 0644")
    rc, data, err = c.tool_json(inst, "roster", c.cdir)
    check(rc == 0 and data["done"] == 1 and data["live"] == 1, f"done:1 counted ({err})")


def planted_refused(c):
    """Mallory squats Bob's name with a fake "help": not counted, reported."""
    inst, alice, bob, mal = c.u["inst"], c.u["alice"], c.u["bob"], c.u["mal"]
    plant(os.path.join(c.stud, bob), '{"user":"%s","step":9,"flag":"help","flag_seq":1}' % bob,
          c.u.uid("mal"), c.u.gid("mal"))
    # ... and plants a fallback name for Alice, and a symlink under her own name.
    plant(os.path.join(c.stud, f"{alice}+{c.u.uid('alice')}"), '{"step":7,"flag":"help","flag_seq":1}',
          c.u.uid("mal"), c.u.gid("mal"))
    os.symlink(os.path.join(c.stud, alice), os.path.join(c.stud, mal))
    os.lchown(os.path.join(c.stud, mal), c.u.uid("mal"), c.u.gid("mal"))
    rc, data, err = c.tool_json(inst, "roster", c.cdir)
    names = [s["user"] for s in data["students"]] if data else []
    check(rc == 0 and data["help"] == 0 and names == [alice],
          f"planted status files and a symlink are not counted ({names})")
    check(data and data["refused"] == 3, f"three entries refused ({data and data['refused']})")
    check(data and {"name": bob, "owner": mal} in data["squats"], "the squat is reported")


def squatted_falls_back(c):
    """Bob still gets counted, through his fallback name."""
    inst, bob, mal = c.u["inst"], c.u["bob"], c.u["mal"]
    rc, data, err = c.tool_json(bob, "student", c.cdir, 1, "help")
    check(rc == 0 and data["entry"] == f"{bob}+{c.u.uid('bob')}", f"squatted student falls back ({data}, {err})")
    rc, data, err = c.tool_json(inst, "roster", c.cdir)
    rows = {s["user"]: s for s in data["students"]} if data else {}
    check(bob in rows and rows[bob]["squatted"] and rows[bob]["squatter"] == mal,
          "squatted student counted and marked")
    check(data and data["help"] == 1 and data["done"] == 1, "done:1 help:1")
    check(data and data["students"][0]["user"] == bob, "help sorts first")


def flags_and_staleness(c):
    """Step change: flags stop counting at once; a student is stale after 60 s
    without a heartbeat."""
    inst = c.u["inst"]
    rc, data, err = c.tool_json(inst, "teach", c.cdir, "gil", 2)
    check(rc == 0 and data["step"] == 2, "instructor moves to step 2")
    rc, data, err = c.tool_json(inst, "roster", c.cdir)
    check(data and data["done"] == 0 and data["help"] == 0 and data["live"] == 2,
          "flags cleared by the step change")
    # ... unless the class keeps them.
    rc, data, err = c.tool_json(inst, "roster", c.cdir, "--no-clear")
    check(data and data["done"] == 1 and data["help"] == 1, "flags kept when clear_flags_on_step is off")

    # Stale after 60 s without a heartbeat.
    rc, data, err = c.tool_json(inst, "roster", c.cdir, "--later", 61)
    check(data and data["live"] == 0 and data["stale"] == 2, "stale after 60 s")


def timer_travels(c):
    """The exercise timer travels."""
    inst, alice = c.u["inst"], c.u["alice"]
    rc, data, err = c.tool_json(inst, "teach", c.cdir, "gil", 2, "--timer", 300)
    rc, data, err = c.tool_json(alice, "follow", c.cdir)
    check(rc == 0 and 290 < data["timer_in"] <= 300, "exercise timer seen by a student")


def fake_paces_refused(c):
    """Pace trust: each fake is refused with a clear message and exit 1."""
    alice, mal = c.u["alice"], c.u["mal"]

    def refused(d, words, what):
        rc, data, err = c.tool_json(alice, "follow", d)
        check(rc == 1 and all(w in err for w in words), f"{what}: refused ({err})")

    os.chmod(c.cdir, 0o775)
    refused(c.cdir, ["writable"], "class DIR writable by group")
    os.chmod(c.cdir, 0o755)

    d = os.path.join(c.tmp, "openwide")       # a fake pace in a dir others can write
    os.mkdir(d)
    os.chmod(d, 0o1777)
    plant(os.path.join(d, "pace"), '{"lesson":"gil","step":5}', c.u.uid("mal"), c.u.gid("mal"))
    refused(d, ["writable"], "fake pace in a world-writable dir")

    d = os.path.join(c.tmp, "otherpace")      # DIR is the instructor's, pace is Mallory's
    os.mkdir(d)
    os.chown(d, c.u.uid("inst"), c.u.gid("inst"))
    plant(os.path.join(d, "pace"), '{"lesson":"gil","step":5}', c.u.uid("mal"), c.u.gid("mal"))
    refused(d, ["belongs to", mal], "pace owned by another user")

    d = os.path.join(c.tmp, "otherdir")       # DIR is Mallory's, pace is the instructor's
    os.mkdir(d)
    os.chown(d, c.u.uid("mal"), c.u.gid("mal"))
    plant(os.path.join(d, "pace"), '{"lesson":"gil","step":5}', c.u.uid("inst"), c.u.gid("inst"))
    refused(d, ["belongs to"], "DIR owned by a different user than pace")

    d = os.path.join(c.tmp, "linked")         # pace is a symlink to the real one
    os.mkdir(d)
    os.chown(d, c.u.uid("inst"), c.u.gid("inst"))
    os.symlink(os.path.join(c.cdir, "pace"), os.path.join(d, "pace"))
    os.lchown(os.path.join(d, "pace"), c.u.uid("inst"), c.u.gid("inst"))
    refused(d, ["symlink"], "pace as a symlink")

    os.symlink(c.cdir, os.path.join(c.tmp, "alias"))
    refused(os.path.join(c.tmp, "alias"), ["symlink"], "DIR as a symlink")


def teach_refuses_and_away(c):
    """The instructor refuses someone else's directory; one who quits says
    away, and followers keep the step."""
    inst, alice = c.u["inst"], c.u["alice"]
    rc, data, err = c.tool_json(inst, "teach", os.path.join(c.tmp, "otherdir"), "gil", 1)
    check(rc == 1 and "belongs to" in err, f"teach refuses a DIR owned by another user ({err})")

    # Instructor quits: pace says away; followers keep the step.
    rc, data, err = c.tool_json(inst, "teach", c.cdir, "gil", 2, "--away")
    rc, data, err = c.tool_json(alice, "follow", c.cdir)
    check(rc == 0 and data["away"] and data["step"] == 2, "away after the instructor quits")


if __name__ == "__main__":
    main()
