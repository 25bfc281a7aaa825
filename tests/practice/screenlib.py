"""Shared set-up for the exercise and prediction screen tests: corelab in
tmux (tests/lib/tmuxscreen.py) on the practice lesson (tests/practice/
lessons) or the bundled ones, the learner's workspace and progress file
under the screen's temporary HOME, and small assertions."""
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from tmuxscreen import BIN, LESSONS, Screen, ScreenTimeout  # noqa: E402,F401

PRACTICE = os.path.join(HERE, "lessons")


def corelab(*args, lessons=PRACTICE, env=None, width=100, height=30, cwd=None, user=None, binary=BIN):
    argv = [binary]
    if lessons:
        argv += ["--lessons", lessons]
    return Screen(argv + list(args), width=width, height=height, env=env, cwd=cwd, user=user)


def workspace(s, lesson="practice", home=None):
    """The lesson's workspace folder under the screen's HOME."""
    return os.path.join(home or s.tmpdir, "corelab-work", lesson)


def progress(s, state=None):
    path = os.path.join(state or os.path.join(s.tmpdir, "state"), "corelab", "progress.json")
    with open(path) as f:
        return json.load(f)


def step_record(data, lesson, step, kind):
    return data["lessons"][lesson].get(kind, {}).get(str(step))


def write_file(path, text):
    """As an editor in another window saves: a new file renamed over the old."""
    tmp = path + ".saving"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def copy_in(src, path):
    with open(src) as f:
        write_file(path, f.read())


def wait_file(path, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.05)


def check(cond, msg, s=None):
    if not cond:
        raise AssertionError(msg + ("\nscreen:\n" + s.text() if s else ""))


def quit_and_wait(s):
    s.send("q")
    rc = s.exit_status()
    check(rc == 0, f"exit status {rc}", s)


def play(place, *parts):
    """corelab opened at place (LESSON:STEP), each part(s) in turn, then q:
    the progress file it leaves."""
    with corelab("--open", place) as s:
        for part in parts:
            part(s)
        quit_and_wait(s)
        return progress(s)


def run(test):
    try:
        test()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
    print("ok")
