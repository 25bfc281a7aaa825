#!/usr/bin/env python3
"""A wrong answer shows the hint, the right one the explanation; the answer
is remembered after a restart."""
import os

from walker import check, run, walker, wait_exit


def test():
    with walker("--open", "alpha:3") as s:
        t = s.wait_for("step 3/4")
        check("How many cores" in t and "1. One core" in t and "3. Three cores" in t, "quiz not shown", s)
        s.send("1")
        t = s.wait_for("Not quite")
        check("Hint: Count them" in t, "no hint after a wrong answer", s)
        check("Two, because" not in t, "explanation shown too early", s)
        s.send("2")
        t = s.wait_for("Correct")
        check("Two, because a two-core machine" in t, "no explanation after the right answer", s)
        s.send("q")
        wait_exit(s, 0)
        state = os.path.join(s.tmpdir, "state")
        with open(os.path.join(state, "corelab", "progress.json")) as f:
            data = f.read()
        check('"answers":{"3":2}' in data.replace(" ", ""), "answer not saved: " + data)
    env = {"XDG_STATE_HOME": state}
    with walker(env=env) as s:
        t = s.wait_for("step 3/4")
        check("Correct" in t, "answer not remembered after restart", s)
        s.send("q")
        wait_exit(s, 0)


run(test)
