#!/usr/bin/env python3
"""Smaller than 80x24 shows one clear line; growing back restores the step.
A demo step puts its panel beside the text from 120 columns, below it under."""
from walker import check, run, walker, wait_exit


def panel_at_right(text):
    """The demo panel stands to the right of the step's text."""
    lines = text.split("\n")
    col = max((l.lower().find("press r to run") for l in lines if "demo:" not in l.lower()), default=-1)
    title = next((l for l in lines if "Fourth alpha step demo" in l), "")
    return len(lines) >= 30 and col > 60 and title.startswith(" Fourth")


def test():
    with walker(width=100, height=30) as s:
        s.wait_for("step 1/4")
        s.resize(60, 20)
        t = s.wait_for("enlarge the terminal to at least 80x24 (now 60x20)")
        check("First alpha step" not in t, "step still drawn when too small", s)
        s.resize(100, 30)
        t = s.wait_for("step 1/4")
        check("First alpha step" in t and "enlarge" not in t, "step not restored", s)
        # An open screen survives a resize through "too small" and back.
        s.send("?")
        s.wait_for("closes this help")
        s.resize(70, 20)
        s.wait_for("(now 70x20)")
        s.resize(100, 30)
        s.wait_all(["Keys", "closes this help", "step 1/4"])
        s.send("Escape")
        s.wait_for("First alpha step")
        s.resize(79, 24)
        s.wait_for("(now 79x24)")
        s.resize(80, 24)
        t = s.wait_for("step 1/4")
        check("First alpha step" in t, "80x24 does not show the step", s)
        for n in (2, 3, 4):  # on to the demo step
            s.send("Right")
            t = s.wait_for(f"step {n}/4")
        lines = t.split("\n")
        row = next(i for i, l in enumerate(lines) if "press r to run" in l.lower() and "demo:" in l.lower())
        title_row = next(i for i, l in enumerate(lines) if "Fourth alpha step demo" in l)
        check(row > title_row, "at 80 columns the panel should be below the text", s)
        s.resize(130, 30)
        s.wait_screen(panel_at_right, what="the panel to move to the right of the text at 130 columns")
        s.send("q")
        wait_exit(s, 0)


run(test)
