#!/usr/bin/env python3
"""Hints, the solution and reset on an exercise step. `i` shows the next
hint under the step (counted in the progress file) after a failed check
offers it; `a` asks first and shows the solution only after y; `x` asks
first and puts the starter back, keeping the learner's file as FILE.~1~
beside it; a file the learner deletes is said to be gone and is not put
back until they ask."""
import os

from screenlib import PRACTICE, check, play, run, step_record, wait_file, workspace, write_file

STARTER = os.path.join(PRACTICE, "exercises", "total.py")
MINE = "numbers = [1, 2, 3, 4]\nprint('my own try')\n"


def read(path):
    with open(path) as f:
        return f.read()


def hints_and_solution(s):
    s.wait_for("press i for a hint", timeout=15)
    t = s.press(("i", "Hint 1: First hint of the total."))
    check("Hint 2" not in t, "two hints at once", s)
    t = s.press(("i", "Hint 2: Second hint of the total."), ("i", "that was the last hint"),
                ("a", "Show the solution?"), ("n", "the solution stays hidden"))
    check("Solution: total.py" not in t, "the solution shown after n", s)
    t = s.press(("a", "Show the solution?"), ("y", "Solution: total.py"))
    check("for n in numbers:" in t, "the solution's code is not shown", s)
    s.press(("Escape", "You have seen the solution"))


def reset(s):
    mine = os.path.join(workspace(s), "total.py")
    write_file(mine, MINE)
    s.wait_for("my own try")  # checked: its output
    s.press(("x", "Put the starter in place"), ("n", "nothing was reset"))
    check(read(mine) == MINE, "n reset the file")
    s.press(("x", "Put the starter in place"), ("y", "kept as ~/corelab-work/practice/total.py.~1~"))
    check(read(mine) == read(STARTER), "the starter is not back")
    check(read(mine + ".~1~") == MINE, "the backup is not the learner's file")


def deleted(s):
    mine = os.path.join(workspace(s), "total.py")
    os.unlink(mine)
    s.wait_for("total.py is gone")
    check(not os.path.exists(mine), "the file was put back without asking")
    s.press(("x", "Put the starter in place"), ("y", "the starter is back"))
    wait_file(mine)
    s.wait_for("not yet", timeout=15)


def test():
    rec = step_record(play("practice:1", hints_and_solution, reset, deleted), "practice", 1, "exercise")
    check(rec and rec["hints"] == 2 and rec["solution"] is True, f"progress: {rec}")
    check(rec["attempts"] == 1, f"checks of the starter counted as attempts: {rec}")


run(test)
