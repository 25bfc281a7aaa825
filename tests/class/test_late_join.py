#!/usr/bin/env python3
"""teach and follow on screen against a late joiner and a hostile student
(root only, real users in tmux): a follower started while the instructor is
at step 6 shows step 6 and follows the next move; 3,000 junk files from a
third user do not hide a student's help (help:1) and the roster names who
left them; a class directory swapped through a group-writable parent is
noticed by teach on screen, refused by a new follower, while a follower
already in the class keeps following the real one."""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.environ.get("CORELAB_TESTS_DIR", os.path.dirname(HERE)), "lib"))
import classlib  # noqa: E402
from checks import check, finish  # noqa: E402

SANITIZED = any(k in os.environ for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"))
PROPAGATION_S = 2.0 if SANITIZED else 1.0


def waits(screen, text, timeout, what):
    """True when text shows within timeout; a failed check otherwise."""
    t0 = time.monotonic()
    try:
        screen.wait_for(text, timeout=timeout)
    except AssertionError as e:
        check(False, f"{what}: {e}")
        return False
    check(True, f"{what} ({(time.monotonic() - t0) * 1000:.0f} ms)")
    return True


def main():
    classlib.screen_test("the late-join class screen test", "corelab-class-late-", ("inst", "ann", "ben", "mal"), run)
    finish()


def run(tmp, u, screens):
    c = classlib.OnScreen(tmp, u, screens, os.environ["CORELAB_LESSONS_DIR"])
    corelab, lessons, cdir, start = c.corelab, c.lessons, c.cdir, c.start
    home = c.envs["inst"]["HOME"]

    teach = start("inst", "teach", "--class", cdir, "--lessons", lessons, "--open", "welcome:6")
    teach.wait_for("done:0 help:0")

    # A late joiner starts on the instructor's step, following. The first
    # lesson, where a follower's walker opens: that opening is no move of
    # the learner's own.
    ann = start("ann", "follow", cdir, "--lessons", lessons)
    if waits(ann, "step 6/", 5, "a follower started at step 6 shows step 6"):
        text = ann.wait_for("following")
        check("roaming" not in text and "behind" not in text, "... following, not roaming")
    teach.send("Right")
    waits(ann, "step 7/", max(PROPAGATION_S, 2.0), "... and follows the instructor's next move")
    ann.send("Left")  # moving on her own still means roaming
    waits(ann, "1 step behind", 5, "the learner's own move roams")
    ann.send(".")
    ann.wait_for("step 7/")

    # Mallory floods students/; Ben's help still shows, and who did it.
    stud = os.path.join(cdir, "students")
    r = classlib.run_as(u["mal"], ["/usr/bin/python3", "-c",
                                   "for i in range(3000): open(f'%s/x{i:04d}', 'w').close()" % stud])
    check(r.returncode == 0, f"mal plants 3000 files ({r.stderr.strip()})")
    ben = start("ben", "follow", cdir, "--lessons", lessons)
    ben.wait_for("step 7/")
    ben.send("h")
    ben.wait_for("[help asked]")
    waits(teach, "help:1", 8, "3000 junk files do not hide ben's help: help:1")
    waits(teach, "3000 stray files from", 10, "the roster says who left the junk")
    check(u["ben"][:12] in teach.text(), "ben is in the roster")

    # The parent made group-writable; mal swaps the class directory.
    os.chown(home, u.uid("inst"), u.gid("mal"))
    os.chmod(home, 0o775)
    r = classlib.run_as(u["mal"], ["/usr/bin/python3", "-c",
                                   "import os,sys\nd=sys.argv[1]\nos.rename(d, d + '.old')\nos.mkdir(d)",
                                   cdir])
    check(r.returncode == 0, f"mal renames the class directory ({r.stderr.strip()})")
    waits(teach, "class directory was moved", 5, "teach notices on screen")
    r = classlib.run_as(u["ben"], [corelab, "follow", cdir, "--lessons", lessons])
    check(r.returncode == 1 and "refusing" in r.stderr and "writable by its group" in r.stderr,
          f"a new follower refuses the swapped class ({r.stderr.strip()})")
    teach.send("Right")
    waits(ann, "step 8/", max(PROPAGATION_S, 2.0), "a follower already in the class keeps following it")
    teach.send("q")
    check(teach.exit_status(timeout=10) == 0, "teach quits cleanly")


if __name__ == "__main__":
    sys.exit(main())
