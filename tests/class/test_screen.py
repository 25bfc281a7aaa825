#!/usr/bin/env python3
"""teach and follow on screen (root only): an instructor and two followers,
each a different user in its own tmux. Steps propagate within a second,
done/help aggregate in the instructor's status bar and roster (help first)
and clear on a step change, roaming and snapping back, the exercise timer,
an instructor who quits and comes back, a follower who starts first, a
passing `run` step marking done, a follower refusing a class directory others
can write, and a second teach on the same class refused."""
import os
import re
import shutil
import socket
import time

import classlib
from checks import SANITIZED, check, poll, run_tests, skip
from procs import process
from tmuxscreen import Screen

PROPAGATION_S = 2.0 if SANITIZED else 1.0  # the goal is 1 s; sanitizers run slower


def user_env(tmp, name):
    home = os.path.join(tmp, "home-" + name)
    return {"HOME": home, "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CONFIG_HOME": os.path.join(home, "config")}


def make_home(tmp, users, role):
    env = user_env(tmp, users[role])
    os.makedirs(env["HOME"])
    os.chown(env["HOME"], users.uid(role), users.gid(role))
    return env


def timed_wait(screen, text, limit, what):
    t0 = time.monotonic()
    seen = screen.seen(text, timeout=max(limit, 5.0))
    took = time.monotonic() - t0
    check(seen and took <= limit, f"{what} in {took * 1000:.0f} ms (limit {limit * 1000:.0f} ms)", screen)


def row_of(text, name):
    """The roster row of a user (the status bar, last, may name them too)."""
    for i, line in enumerate(text.splitlines()[:-1]):
        if name in line:
            return i
    return -1


def main():
    classlib.require_root("the class screen test")
    if not shutil.which("tmux"):
        skip("tmux is not installed")
    tmp = classlib.public_tmpdir("corelab-class-screen-")
    users = classlib.Users("inst", "ann", "ben")
    screens = []
    try:
        run_tests({"teach and follow": lambda: run(tmp, users, screens)}, [])
    finally:
        for s in screens:
            s.close()
        users.delete()
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp, u, screens):
    corelab = classlib.public_copy(os.environ["CORELAB_BIN"], tmp)
    lessons = os.path.join(tmp, "lessons")
    shutil.copytree(os.environ["CORELAB_LESSONS_DIR"], lessons)
    envs = {r: make_home(tmp, u, r) for r in ("inst", "ann", "ben")}
    cdir = os.path.join(envs["inst"]["HOME"], "class")

    def start(role, *args):
        s = Screen([corelab] + list(args), width=130, height=32, env=envs[role], cwd=tmp,
                   user=u[role])
        screens.append(s)
        return s

    # A follower that starts before the instructor waits and says so.
    ann = start("ann", "follow", cdir, "--lessons", lessons)
    check(ann.seen("waiting for the instructor"), "follower started first waits", ann)

    teach = start("inst", "teach", "--class", cdir, "--lessons", lessons, "--open", "gil:1")
    check(teach.seen("done:0 help:0"), "instructor shows done:0 help:0", teach)
    ann.wait_for("following", timeout=5)
    text = ann.wait_for("step 1/", timeout=5)
    check("waiting" not in text, "the waiting follower follows once the instructor is there")

    ben = start("ben", "follow", cdir, "--lessons", lessons)
    ben.wait_for("step 1/", timeout=5)
    ben.wait_for("following")
    check(teach.seen("2 here", timeout=5), "instructor sees two students", teach)

    # A second teach on the same DIR would fight the first over the step.
    r = classlib.run_as(u["inst"], [corelab, "teach", "--class", cdir, "--lessons", lessons],
                        env=dict(os.environ, **envs["inst"]))
    named = re.search(r"\(pid (\d+) on (\S+),", r.stderr)
    first = process(int(named.group(1))) if named else None
    first = " ".join(first.argv) if first else ""
    check(r.returncode == 1 and "another corelab teach already paces" in r.stderr and named
          and named.group(2) == socket.gethostname() and " teach --class " in first,
          f"a second teach on the class is refused, naming the first (exit {r.returncode}: {r.stderr.strip()})")

    # Steps propagate within a second.
    teach.send("Right")
    timed_wait(ann, "step 2/", PROPAGATION_S, "ann follows to step 2")
    timed_wait(ben, "step 2/", PROPAGATION_S, "ben follows to step 2")

    # Sticky notes aggregate; help sorts first in the roster.
    ann.send("d")
    ben.send("h")
    ann.wait_for("[done]")
    ben.wait_for("[help asked]")
    text = teach.seen("done:1 help:1", timeout=5)
    check(text, "instructor: done:1 help:1", teach)
    text = text or teach.text()
    check(0 <= row_of(text, u["ben"]) < row_of(text, u["ann"]), "roster lists help first")
    check("HELP" in text, "roster marks help")

    # A step change clears them (for the instructor and on the students' side).
    teach.send("Right")
    timed_wait(ann, "step 3/", PROPAGATION_S, "ann follows to step 3")
    check(teach.seen("done:0 help:0", timeout=5), "flags cleared by the step change", teach)
    check(poll(lambda: "[done]" not in ann.text(), 5) and poll(lambda: "[help asked]" not in ben.text(), 5),
          "followers' notes cleared too", lambda: ann.text() + ben.text())

    # Roaming free, how far behind, snapping back.
    ann.send("f")
    ann.wait_for("roaming")
    ann.send("Left")
    ann.wait_for("step 2/")
    check(ann.seen("1 step behind"), "roaming follower sees how far behind", ann)
    teach.send("Right")
    ben.wait_for("step 4/", timeout=5)
    time.sleep(1.0)  # a roaming follower must NOT jump: give it time to (wrongly) do so
    check("step 2/" in ann.text(), "roaming follower stays where it is")
    ann.wait_for("2 steps behind")
    ann.send(".")
    timed_wait(ann, "step 4/", PROPAGATION_S, "`.` snaps back to the instructor")

    # The exercise timer reaches the followers.
    teach.send("T")  # on a demo step the panel has `t`
    teach.wait_for("exercise")
    check(ben.seen("exercise ", timeout=5), "followers see the exercise timer", ben)

    # The instructor quits: followers stay, with a notice; then it returns.
    teach.send("q")
    check(teach.exit_status(timeout=10) == 0, "instructor quits cleanly")
    ann.wait_for("instructor away", timeout=5)
    text = ben.wait_for("instructor away", timeout=5)
    check("step 4/" in text, "followers stay on the last step")
    teach2 = start("inst", "teach", "--class", cdir, "--lessons", lessons, "--open", "gil:5")
    teach2.wait_for("help:0")
    timed_wait(ann, "step 5/", 5.0, "followers follow again when the instructor returns")
    ann.wait_gone("instructor away", timeout=5)
    teach2.send("q")
    teach2.exit_status(timeout=10)

    # A `run` step that passes marks the follower done by itself.
    teach3 = start("inst", "teach", "--class", cdir, "--lessons", lessons, "--open", "welcome:6")
    teach3.wait_for("help:0")
    ann.wait_for("step 6/", timeout=5)
    ann.send("r")
    ann.wait_for("[done]", timeout=60)
    check(teach3.seen("done:1", timeout=10), "a passing run step sets done, and the instructor counts it", teach3)
    teach3.send("q")
    teach3.exit_status(timeout=10)

    # A class directory others can write is refused, with a clear message.
    bad = os.path.join(tmp, "openwide")
    os.mkdir(bad)
    os.chmod(bad, 0o1777)
    r = classlib.run_as(u["ann"], [corelab, "follow", bad, "--lessons", lessons])
    check(r.returncode == 1 and "writable" in r.stderr and "refusing" in r.stderr,
          f"follow refuses a directory others can write (exit {r.returncode}: {r.stderr.strip()})")


if __name__ == "__main__":
    main()
