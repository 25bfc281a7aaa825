#!/usr/bin/env python3
"""`g` lists the lessons and Enter opens one; `?` names every key; `j` shows
the Jupyter page; Esc closes them."""
from walker import run, status_line, walker, wait_exit


def test():
    with walker() as s:
        s.wait_for("step 1/4")
        s.send("g")
        s.wait_all(["Lessons", "alpha", "beta", "Alpha lesson for screen tests",
                     "Beta lesson for screen tests", "steps", "progress", "Enter opens"])
        s.send("Down")
        s.send("Enter")
        s.wait_all(["First beta step", "step 1/3", "Beta begins"])
        # Right unfolds the lesson into its steps; Enter on one opens it.
        s.send("g")
        s.wait_for("Lessons")
        s.send("Right")
        s.wait_all(["First beta step", "Second beta step", "Third beta step", "seen"])
        s.send("Down")
        s.send("Down")
        s.send("Enter")
        s.wait_all(["step 2/3", "Line 1 of a long step"])
        s.send("?")
        s.wait_all(["Keys", "PgDn", "PgUp", "Home", "End", "index", "search", "run", "stop",
                     "Jupyter", "quit", "workers", "1-9", "closes this help"])
        s.send("Escape")
        s.wait_for("Line 1 of a long step")
        s.send("j")  # the Jupyter screen takes the area above the status bar
        s.wait_screen(lambda t: "jupyter" in status_line(t) and "Line 1 of a long" not in t and "Jupyter" in t,
                      what="j to open the Jupyter screen")
        s.send("Escape")
        s.wait_all(["Second beta step", "Line 1 of a long step"])
        s.send("q")
        wait_exit(s, 0)


run(test)
