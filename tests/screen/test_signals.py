#!/usr/bin/env python3
"""SIGHUP (an SSH connection dropping) and SIGTERM save the place, restore
the terminal and exit; the next start resumes at the same step."""
import os
import signal

from walker import check, run, signal_ends_it, walker


def test():
    with walker() as s:
        s.wait_for("step 1/4")
        s.send("Right")
        s.send("Right")
        s.wait_for("step 3/4")
        signal_ends_it(s, signal.SIGHUP)
        state = os.path.join(s.tmpdir, "state")
        path = os.path.join(state, "corelab", "progress.json")
        st = os.stat(path)
        check(st.st_mode & 0o777 == 0o600, f"progress file mode {oct(st.st_mode)}")
        check(os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700, "state dir not 0700")
    with walker(env={"XDG_STATE_HOME": state}) as s:
        t = s.wait_all(["step 3/4", "Third alpha step quiz", "where you left off"])
        s.send("Right")
        s.wait_for("step 4/4")
        signal_ends_it(s, signal.SIGTERM)
    with walker(env={"XDG_STATE_HOME": state}) as s:
        s.wait_for("step 4/4")
        signal_ends_it(s, signal.SIGINT)
    # A corrupt progress file is ignored with a note, never a crash.
    with open(path, "w") as f:
        f.write('{"lessons": {"alpha": {"step": ')
    with walker(env={"XDG_STATE_HOME": state}) as s:
        t = s.wait_for("step 1/4")
        check("progress file" in t, "no note about the corrupt progress file", s)
        s.send("C-c")
        check(s.exit_status() == 0, "Ctrl-C did not exit 0", s)
        check(s.alternate_screen_off(), "terminal not restored after Ctrl-C")


run(test)
