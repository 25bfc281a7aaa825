#!/usr/bin/env python3
"""SIGHUP (an SSH connection dropping) and SIGTERM save the place, restore
the terminal and exit; the next start resumes at the same step."""
import os
import signal

from walker import check, run, wait_all, walker


def test():
    with walker() as s:
        s.wait_for("step 1/4")
        s.send("Right")
        s.send("Right")
        s.wait_for("step 3/4")
        pid = s.program_pid()
        check(pid > 0, "no pane pid")
        os.kill(pid, signal.SIGHUP)
        rc = s.exit_status()
        check(rc == 128 + signal.SIGHUP, f"exit status after SIGHUP: {rc}", s)
        check(s.alternate_screen_off(), "terminal not restored after SIGHUP")
        state = os.path.join(s.tmpdir, "state")
        path = os.path.join(state, "corelab", "progress.json")
        st = os.stat(path)
        check(st.st_mode & 0o777 == 0o600, f"progress file mode {oct(st.st_mode)}")
        check(os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700, "state dir not 0700")
    with walker(env={"XDG_STATE_HOME": state}) as s:
        t = wait_all(s, ["step 3/4", "Third alpha step quiz", "where you left off"])
        s.send("Right")
        s.wait_for("step 4/4")
        os.kill(s.program_pid(), signal.SIGTERM)
        rc = s.exit_status()
        check(rc == 128 + signal.SIGTERM, f"exit status after SIGTERM: {rc}", s)
        check(s.alternate_screen_off(), "terminal not restored after SIGTERM")
    with walker(env={"XDG_STATE_HOME": state}) as s:
        s.wait_for("step 4/4")
        os.kill(s.program_pid(), signal.SIGINT)
        rc = s.exit_status()
        check(rc == 128 + signal.SIGINT, f"exit status after SIGINT: {rc}", s)
        check(s.alternate_screen_off(), "terminal not restored after SIGINT")
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
