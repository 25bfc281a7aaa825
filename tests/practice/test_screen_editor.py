#!/usr/bin/env python3
"""`o` opens the exercise's file in the learner's editor and comes back:
$EDITOR split on blanks without a shell, the file as its last argument;
back on the same step, the file checked ("passed" after a stand-in editor
that writes the solution). $VISUAL comes before $EDITOR. An editor that
exits 1, or one that is not installed, gets one clear line, and the file
is as it was."""
import os

from screenlib import PRACTICE, check, corelab, quit_and_wait, run, workspace

EDITORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "editors")
SOLUTION = os.path.join(PRACTICE, "solutions", "total.py")
STARTER = os.path.join(PRACTICE, "exercises", "total.py")


def read(path):
    with open(path) as f:
        return f.read()


def round_trip():
    env = {"EDITOR": os.path.join(EDITORS, "replace.sh") + "  --wait", "CORELAB_TEST_SOLUTION": SOLUTION}
    with corelab("--open", "practice:1", env=env) as s:
        s.wait_for("not yet", timeout=15)
        s.send("o")
        t = s.wait_for("works: passed", timeout=10)
        check("step 1/5" in t and "Add them up" in t, "not back on the same step", s)
        mine = os.path.join(workspace(s), "total.py")
        args = read(os.path.join(workspace(s), "editor-args")).split("\n")
        check(args[:2] == ["--wait", mine], f"the editor got {args}")
        check(read(mine) == read(SOLUTION), "the editor's save is not in the file")
        s.send("Right")  # the keys work again
        s.wait_for("step 2/5")
        quit_and_wait(s)


def visual_first():
    env = {"VISUAL": os.path.join(EDITORS, "replace.sh"), "EDITOR": os.path.join(EDITORS, "fail.sh"),
           "CORELAB_TEST_SOLUTION": SOLUTION}
    with corelab("--open", "practice:1", env=env) as s:
        s.wait_for("not yet", timeout=15)
        s.send("o")
        s.wait_for("works: passed", timeout=10)
        quit_and_wait(s)


def editor_fails():
    env = {"EDITOR": os.path.join(EDITORS, "fail.sh")}
    with corelab("--open", "practice:1", env=env) as s:
        s.wait_for("not yet", timeout=15)
        s.send("o")
        t = s.wait_for("exited with status 1", timeout=10)
        check("fail.sh" in t and "step 1/5" in t, "the failed editor's line", s)
        check(read(os.path.join(workspace(s), "total.py")) == read(STARTER), "the file changed")
        quit_and_wait(s)


def editor_missing():
    env = {"EDITOR": "/nonexistent/editor -w"}
    with corelab("--open", "practice:1", env=env) as s:
        s.wait_for("not yet", timeout=15)
        s.send("o")
        t = s.wait_for("cannot start your editor", timeout=10)
        check("$EDITOR" in t, "the line does not name $EDITOR", s)
        check(read(os.path.join(workspace(s), "total.py")) == read(STARTER), "the file changed")
        quit_and_wait(s)


def test():
    round_trip()
    visual_first()
    editor_fails()
    editor_missing()


run(test)
