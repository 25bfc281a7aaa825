"""Drive the real corelab binary inside tmux: send keys, read the screen.

Every screen test uses this instead of sleeping: the waits poll
capture-pane until the screen shows what they wait for, and raise
ScreenTimeout (a checks.Failed) with the last screen when the deadline
passes.

    Screen(argv, width, height, env, cwd, user)   one program in its own tmux
    .text(escapes=False, history=0)    the screen (with SGR attributes; with
                                       that many lines of scrollback above)
    .send(*keys), .send_literal(text), .resize(w, h)
    .wait_for(pattern, timeout, regex) the screen once pattern shows
    .seen(pattern, timeout, regex)     the same, or None at the deadline
    .wait_all(words, timeout)          once every word shows at once
    .wait_gone(pattern, timeout)       once pattern has gone
    .wait_screen(cond, timeout, what)  once cond(screen text) is true
    .press((key, text), ...)           each key sent in turn, then waited
                                       for its text; the last screen
    .pane_pid(timeout), .dead(), .exit_status(timeout),
    .alternate_screen_off(), .close()  (also as a context manager)
"""
import atexit
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid

from checks import Failed, poll
from procs import alive, children

BIN = os.environ.get("CORELAB_BIN", "build/corelab")
LESSONS = os.environ.get("CORELAB_LESSONS_DIR", "lessons")


class ScreenTimeout(Failed):
    pass


class Screen:
    """One tmux server (private socket) with one window running a command."""

    def __init__(self, args, width=100, height=30, env=None, cwd=None, user=None):
        self.socket = "corelab-test-" + uuid.uuid4().hex[:10]
        self.tmpdir = tempfile.mkdtemp(prefix="corelab-screen-")
        # Tests read its state files after the program quits (and start the
        # next one on them): removed when the test process ends.
        atexit.register(shutil.rmtree, self.tmpdir, True)
        self.width, self.height = width, height
        full_env = {
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "HOME": self.tmpdir,
            "XDG_STATE_HOME": os.path.join(self.tmpdir, "state"),
            "XDG_CONFIG_HOME": os.path.join(self.tmpdir, "config"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        full_env.update(env or {})
        self.env = full_env
        # The command runs under env(1) so the window sees exactly full_env;
        # a shell would be fine here (this is a test harness, not corelab),
        # but we keep the argv as given.
        envargs = ["env", "-i"] + [f"{k}={v}" for k, v in full_env.items() if v is not None]
        cmd = envargs + list(args)
        if user:
            cmd = ["runuser", "-u", user, "--"] + cmd
        # tmux 3.3a does not always record a dead pane's exit status
        # (#{pane_dead_status} stays empty), so a small sh around the
        # program writes it to a file; pane_pid() is the program's pid.
        self.status_file = os.path.join(self.tmpdir, "exit-status")
        cmd = ["sh", "-c", '"$@"; s=$?; echo $s > "$0"; exit $s', self.status_file] + cmd
        self.command = " ".join(shlex.quote(c) for c in cmd)
        # One tmux command list, so that remain-on-exit is set before the
        # server can notice a program that ends at once.
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height),
                   "-s", "t", "-c", cwd or os.getcwd(),
                   self.command, ";",
                   # keep the pane after exit so we can read the last screen
                   "set-option", "-t", "t", "remain-on-exit", "on", ";",
                   "set-option", "-t", "t", "status", "off")

    def _tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null"] + list(args),
                              check=check, capture_output=True, text=True)

    def text(self, escapes=False, history=0):
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        if history:
            args += ["-S", str(-history)]
        return self._tmux(*args, check=False).stdout

    def send(self, *keys):
        """tmux key names (Right, Left, PageDown, C-c, Enter) or literal text."""
        for k in keys:
            self._tmux("send-keys", "-t", "t", k)

    def send_literal(self, text):
        self._tmux("send-keys", "-t", "t", "-l", text)

    def resize(self, width, height):
        self.width, self.height = width, height
        self._tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def wait_screen(self, cond, timeout=10.0, what="the screen to change"):
        """Poll the screen until cond(text) is true; return the text."""
        text = poll(lambda: (lambda t: t if cond(t) else None)(self.text()), timeout)
        if text is None:
            raise ScreenTimeout(f"timed out after {timeout:g} s waiting for {what}; screen was:\n{self.text()}")
        return text

    def _shows(self, text, pattern, regex):
        return re.search(pattern, text, re.M) if regex else pattern in text

    def wait_for(self, pattern, timeout=10.0, regex=False):
        """Poll the screen until pattern shows; return the screen text."""
        return self.wait_screen(lambda t: self._shows(t, pattern, regex), timeout, repr(pattern))

    def seen(self, pattern, timeout=10.0, regex=False):
        """The screen once pattern shows within timeout seconds, else None."""
        return poll(lambda: (lambda t: t if self._shows(t, pattern, regex) else None)(self.text()), timeout)

    def wait_all(self, words, timeout=10.0):
        """Poll until every word is on the screen at once (tmux may show a
        half-painted screen for a moment); return the screen."""
        return self.wait_screen(lambda t: all(w in t for w in words), timeout, f"all of {words!r}")

    def wait_gone(self, pattern, timeout=10.0):
        return self.wait_screen(lambda t: pattern not in t, timeout, f"{pattern!r} to go")

    def press(self, *steps, timeout=10.0):
        """Each (key, text) in turn: send the key, then wait for the text.
        Returns the screen the last wait saw."""
        text = None
        for key, pattern in steps:
            self.send(key)
            text = self.wait_for(pattern, timeout)
        return text

    def pane_pid(self, timeout=5.0):
        """The program's pid (the child of the recording sh; the sh's own
        once the program has gone)."""
        r = self._tmux("display-message", "-p", "-t", "t", "#{pane_pid}", check=False)
        sh = int(r.stdout.strip() or 0)
        if not sh:
            return sh
        kids = poll(lambda: children(sh, zombies=True) or self.dead(), timeout, 0.02)
        return kids[0].pid if isinstance(kids, list) else sh

    def dead(self):
        r = self._tmux("display-message", "-p", "-t", "t", "#{pane_dead} #{pane_dead_status}",
                       check=False)
        parts = r.stdout.split()
        return bool(parts) and parts[0] == "1"

    def exit_status(self, timeout=10.0):
        """Wait for the program to end; return its exit status."""
        dead_since = []

        def status():
            r = self._tmux("display-message", "-p", "-t", "t",
                           "#{pane_dead} #{pane_dead_status}", check=False)
            parts = r.stdout.split()
            if not parts or parts[0] != "1":
                return None
            dead_since[:] = dead_since or [time.monotonic()]
            try:
                with open(self.status_file) as f:
                    text = f.read().strip()
            except OSError:
                text = ""
            if text:
                return [int(text)]
            if len(parts) > 1 and parts[1]:
                return [int(parts[1])]
            if time.monotonic() - dead_since[0] > 2.0:
                return [-1]  # killed by a signal before the sh could write
            return None
        found = poll(status, timeout)
        if found is None:
            raise ScreenTimeout("program did not exit; screen was:\n" + self.text())
        return found[0]

    def alternate_screen_off(self):
        """True once the program has left the alternate screen (terminal restored)."""
        r = self._tmux("display-message", "-p", "-t", "t", "#{alternate_on}", check=False)
        return r.stdout.strip() == "0"

    def close(self):
        pid = 0 if self.dead() else self.pane_pid(timeout=0.5)
        self._tmux("kill-server", check=False)
        # The program saves its progress on the hang-up: let it finish
        # before the temporary HOME is removed (at exit).
        if pid:
            poll(lambda: not alive(pid), 5, 0.02)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
