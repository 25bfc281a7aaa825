#!/usr/bin/env python3
"""What goes wrong in an exercise gets one clear line, and the learner's
file is kept: a syntax error (Python's message and line), a program that
hangs (stopped at the check's timeout), one that floods its output
(stopped), a workspace that cannot be made."""
import os

from screenlib import check, corelab, quit_and_wait, run, workspace, write_file


def read(path):
    with open(path) as f:
        return f.read()


def syntax_error():
    with corelab("--open", "practice:1") as s:
        s.wait_for("not yet", timeout=15)
        mine = os.path.join(workspace(s), "total.py")
        text = "numbers = [1, 2, 3, 4]\ntotal = sum(numbers\nprint(total)\n"
        write_file(mine, text)
        t = s.wait_for("error: total.py line 2", timeout=10)
        check("SyntaxError" in t, "Python's message is not shown", s)
        check(read(mine) == text, "the learner's file changed")
        quit_and_wait(s)


def hang_and_flood():
    with corelab("--open", "practice:5") as s:
        s.wait_for("not yet", timeout=15)
        mine = os.path.join(workspace(s), "done.py")
        write_file(mine, "while True:\n    pass\n")
        t = s.wait_for("timeout: ", timeout=10)
        check("done.py line" in t, "the timeout does not say where it was", s)
        write_file(mine, "while True:\n    print('x' * 1000)\n")
        s.wait_for("printed more than", timeout=30)
        write_file(mine, "print('done')\n")
        s.wait_for("works: passed", timeout=10)
        quit_and_wait(s)


def workspace_cannot_be_made():
    with corelab("--open", "practice:1", "--workspace", "/proc/version/work") as s:
        t = s.wait_for("cannot create the workspace", timeout=15)
        check("/proc/version/work/practice" in t, "the line does not name the workspace", s)
        s.send("o")  # no editor on a file that cannot be there
        s.send("r")
        s.wait_for("cannot create the workspace")
        check(not s.dead(), "corelab ended", s)
        quit_and_wait(s)


def test():
    syntax_error()
    hang_and_flood()
    workspace_cannot_be_made()


run(test)
