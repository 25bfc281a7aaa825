#!/usr/bin/env python3
"""In a class, an exercise that passes raises done by itself, as a run
step that passes does: the follower's status bar says [done] and the
instructor counts it."""
import os
import tempfile

from screenlib import BIN, PRACTICE, Screen, check, copy_in, quit_and_wait, run, workspace


def test():
    with tempfile.TemporaryDirectory(prefix="corelab-class-") as tmp:
        cdir = os.path.join(tmp, "class")
        teach = Screen([BIN, "teach", "--class", cdir, "--lessons", PRACTICE, "--open", "practice:1"],
                       width=130, height=30)
        follow = None
        try:
            teach.wait_for("done:0 help:0", timeout=15)
            follow = Screen([BIN, "follow", cdir, "--lessons", PRACTICE], width=130, height=30)
            follow.wait_for("not yet", timeout=20)
            t = follow.text()
            check("[done]" not in t, "done before the exercise passed", follow)
            copy_in(os.path.join(PRACTICE, "solutions", "total.py"), os.path.join(workspace(follow), "total.py"))
            follow.wait_for("works: passed", timeout=10)
            follow.wait_for("[done]", timeout=10)
            teach.wait_for("done:1", timeout=15)
            quit_and_wait(follow)
            quit_and_wait(teach)
        finally:
            if follow:
                follow.close()
            teach.close()


run(test)
