#!/usr/bin/env python3
"""A state folder that cannot be written (read-only, or a full disk): the
walker still runs, and on quitting it says on stderr, once the terminal is
restored, that the progress was not saved and where it would have gone."""
import atexit
import os
import shutil
import tempfile
import time

from walker import BIN, FIXTURES, WalkerScreen, check, run, wait_exit


def wait_joined(s, want, timeout=10.0):
    """Poll the screen and its history, wrapped lines joined (a long path
    wraps and may scroll), until want shows (tmux may not have read the
    last output when the program ends)."""
    deadline = time.monotonic() + timeout
    while True:
        text = s._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t", check=False).stdout
        if want in text or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def read_only_state():
    """$XDG_STATE_HOME whose corelab folder nobody may write, and the user
    to run as: root writes anywhere, so root runs the walker as nobody."""
    base = tempfile.mkdtemp(prefix="corelab-unsaved-")
    atexit.register(shutil.rmtree, base, True)
    state = os.path.join(base, "state")
    folder = os.path.join(state, "corelab")
    os.makedirs(folder)
    for d in (base, state):
        os.chmod(d, 0o755)
    os.chmod(folder, 0o555)
    return base, state, folder, ("nobody" if os.geteuid() == 0 else None)


def test():
    base, state, folder, user = read_only_state()
    env = {"HOME": base, "XDG_STATE_HOME": state, "XDG_CONFIG_HOME": os.path.join(base, "config")}
    s = WalkerScreen([BIN, "--lessons", FIXTURES], env=env, user=user)
    try:
        s.wait_for("step 1/4")
        s.send("Right")
        s.wait_for("step 2/4")
        s.send("q")
        wait_exit(s, 0)
        check(s.alternate_screen_off(), "terminal not restored", s)
        want = (f"corelab: your progress was not saved: cannot write "
                f"{os.path.join(folder, 'progress.json')}: Permission denied")
        text = wait_joined(s, want)
        check(want in text, f"no message {want!r} after the terminal was restored", s)
        check(text.count("progress was not saved") == 1, "the message is said once", s)
        check(not os.listdir(folder), f"something was written: {os.listdir(folder)}")
    finally:
        s.close()


run(test)
