#!/usr/bin/env python3
"""--open LESSON:STEP, clear errors for a bad --open and bad usage, search
with `/`, and the bundled workshop opens."""
import os
import pty
import shutil
import subprocess

from walker import BIN, FIXTURES, LESSONS, check, run, walker, wait_exit


def cli(*args):
    return subprocess.run([BIN] + list(args), capture_output=True, text=True, timeout=20)


def search(s, word):
    """/ WORD Enter: the screen with the hits."""
    s.send("/")
    s.wait_for("search:")
    s.send_literal(word)
    s.send("Enter")
    return s.wait_for("1 match for")


def open_and_search():
    with walker("--open", "beta:2") as s:
        t = s.wait_for("step 2/3")
        check("Second beta step" in t, "--open beta:2 did not open it", s)
        check("more below" in t, "no scroll indicator on a long step", s)
        check("bottom line of the long step" not in t, "long step fits?", s)
        for _ in range(40):
            s.send("Down")
        t = s.wait_for("The bottom line of the long step")
        check("Second beta step" not in t, "did not scroll", s)
        t = search(s, "zanzibar")
        check("beta:1" in t, "search hit not listed", s)
        t = s.press(("Enter", "step 1/3"))
        check("Beta begins here" in t and "match for" not in t, "Enter on a hit did not jump", s)
        # A match below the fold: the jump scrolls to it.
        search(s, "QUOKKA")
        s.press(("Enter", "step 2/3"))
        s.wait_for("mentions quokka")
        s.send("q")
        wait_exit(s, 0)


def marked(s, word):
    """Whether word is drawn in reverse video (the search's mark) on screen."""
    esc = s.text(escapes=True)
    at = esc.find(word)
    return at > 0 and "\x1b[7m" in esc[max(0, at - 24):at]


def next_previous_match():
    """Enter opens a match with the query marked; Ctrl-N / Ctrl-P go on to
    the next and previous match, round the ends; a title is listed once."""
    with walker() as s:
        s.wait_for("step 1/4")
        s.send("C-n")
        s.wait_for("no search to go on with")
        s.send("/")
        s.wait_for("search:")
        s.send_literal("alpha step")
        s.send("Enter")
        t = s.wait_for("4 matches for")
        check(t.count("Second alpha step with code") == 1, "a match in the title is listed once", t)
        s.send("Down")
        s.press(("Enter", "match 2 of 4"))
        t = s.wait_for("step 2/4")
        check("Second alpha step with code" in t, "Enter did not open the second match", t)
        check(s.wait_screen(lambda _: marked(s, "alpha step"), what="the match marked"),
              "the query is not marked on the step it opened", s.text(escapes=True))
        s.send("C-n")
        s.wait_all(["step 3/4", "match 3 of 4"])
        s.send("C-n")
        s.send("C-n")
        t = s.wait_all(["step 1/4", "again: match 1 of 4"])
        s.send("C-p")
        s.wait_all(["step 4/4", "again: match 4 of 4"])
        s.send("Left")
        s.wait_for("step 3/4")
        check(not marked(s, "alpha step"), "a step reached with the arrows is marked too", s.text(escapes=True))
        # A quiz's answers and explanation are not searched: no answer given away.
        for word in ("because a two-core", "Three cores"):
            s.send("/")
            s.wait_for("search:")
            s.send_literal(word)
            s.send("Enter")
            t = s.wait_for(f'no matches for "{word}"')
            check("jumps to the step" not in t and "searches again" in t, "no matches, yet Enter jumps", t)
            s.send("Escape")
            s.wait_gone("no matches")
        s.send("q")
        wait_exit(s, 0)


def progress_not_saved():
    """Progress that cannot be saved: said in the status bar, nothing else
    breaks."""
    with walker(env={"XDG_STATE_HOME": "/dev/null/state"}) as s:
        s.wait_for("could not save progress")
        s.send("Right")
        s.wait_all(["step 2/4", "could not save progress"])
        s.send("q")
        wait_exit(s, 0)


def bad_usage():
    for args, word in ((["--open", "nosuch"], "no lesson 'nosuch'"),
                       (["--open", "alpha:9"], "has 4 steps"),
                       (["--open", "alpha:0"], "--open"),
                       (["--open", "alpha:x"], "--open"),
                       (["--open"], "needs a value"),
                       (["--bogus"], "unknown option"),
                       (["extra"], "unexpected argument")):
        r = cli("--lessons", FIXTURES, *args)
        check(r.returncode == 2, f"{args}: exit {r.returncode}, stderr {r.stderr!r}")
        lines = r.stderr.strip().split("\n")
        check(len(lines) == 1 and word in lines[0], f"{args}: stderr {r.stderr!r}")
        check(r.stdout == "", f"{args}: wrote to stdout {r.stdout!r}")
    r = cli("--ascii", "--help")
    check(r.returncode == 0 and "--open LESSON[:STEP]" in r.stdout, "--help")
    r = cli("--no-color", "--version")
    check(r.returncode == 0 and r.stdout.startswith("corelab "), "--version")
    r = cli("--lessons", "/nonexistent/dir")
    check(r.returncode == 1 and "/nonexistent/dir" in r.stderr, f"missing dir: {r.returncode} {r.stderr!r}")


def no_terminal():
    # Not a terminal: a clear message, nothing drawn.
    r = cli("--lessons", FIXTURES)
    check(r.returncode == 1 and "terminal" in r.stderr, f"no tty: {r.returncode} {r.stderr!r}")
    # A terminal that cannot address the cursor: a clear message, exit 1.
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="dumb")
    r = subprocess.run([BIN, "--lessons", FIXTURES], stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                       env=env, text=True, timeout=20)
    os.close(slave)
    os.close(master)
    check(r.returncode == 1 and "cannot move the cursor" in r.stderr, f"TERM=dumb: {r.returncode} {r.stderr!r}")


def bad_lesson():
    """A lesson with an error: diagnostics, exit 1, terminal untouched."""
    bad = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"corelab-bad-{os.getpid()}")
    os.makedirs(bad, exist_ok=True)
    with open(os.path.join(bad, "bad.yaml"), "w") as f:
        f.write("id: bad\ntitle: Bad\nstepz: []\n")
    r = cli("--lessons", bad)
    check(r.returncode == 1, f"bad lessons: exit {r.returncode}")
    check(os.path.join(bad, "bad.yaml") + ":3:1: unknown key 'stepz'" in r.stderr,
          f"no located diagnostic: {r.stderr!r}")
    check("terminal" not in r.stderr, "looked at the terminal before the lessons")
    shutil.rmtree(bad)


def bundled_workshop():
    with walker(lessons=None, env={"CORELAB_LESSONS": LESSONS}) as s:
        t = s.wait_for(r"step 1/\d+", regex=True)
        check("Welcome" in t or "welcome" in t, "bundled workshop did not open at its first lesson", s)
        check("To move on, press the right arrow" in t, "the first screen does not say how to move on", t)
        s.press(("g", "Lessons"))
        s.send("Escape")
        s.send("q")
        wait_exit(s, 0)


run(open_and_search, next_previous_match, progress_not_saved, bad_usage, no_terminal, bad_lesson, bundled_workshop)
