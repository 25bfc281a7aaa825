#!/usr/bin/env python3
"""Start shows the first step and `step 1/N`; Right/Left, PgDn/PgUp move,
and stepping past a lesson's end goes on into the next lesson; on a step
taller than the screen Home and End go to its top and bottom and stay on
it, and PgDn and Space page through it before they move on."""
import re

from walker import check, run, status_line, walker, wait_exit


def first_step(t):
    check("First alpha step" in t, "title of step 1 missing", t)
    check("Alpha lesson for screen tests" in status_line(t), "lesson title not in the status bar", t)
    check("Objectives" in t and "Step through a lesson" in t, "objectives missing on step 1", t)
    check("bold words" in t and "inline code" in t, "markup text missing", t)
    check("`" not in t and "**" not in t, "markup characters shown raw", t)
    check(re.search(r"\d\d:\d\d\s*$", status_line(t)), "no clock in the status bar", t)


def moving():
    with walker() as s:
        first_step(s.wait_for("step 1/4"))
        t = s.press(("Right", "step 2/4"))
        check("Second alpha step with code" in t and "def count(n):" in t, "code step wrong", s)
        s.press(("Left", "step 1/4"), ("PageDown", "step 2/4"), ("PageUp", "step 1/4"))
        s.send("Right", "Right", "Right")
        t = s.wait_for("step 4/4")
        check("Key points" in t and "Keypoint one of alpha" in t, "keypoints missing on the last step", s)
        check("press r to run" in t.lower(), "demo step does not say how to run it", s)
        s.send("End")  # a step that fits: End and Home stay on it
        s.send("Home")
        # Right at the end goes on into the next lesson
        t = s.press(("Left", "step 3/4"), ("Right", "step 4/4"), ("Right", "First beta step"))
        check("step 1/3" in t and "Beta lesson" in status_line(t), "did not move into lesson beta", s)
        s.press(("Left", "step 4/4"))  # back to alpha's last step
        s.send("q")
        wait_exit(s, 0)
        check(s.alternate_screen_off(), "alternate screen still on after q")


def long_step():
    """Home and End on a step taller than the screen: its top and bottom,
    and never another step."""
    with walker("--open", "beta:2", height=24, width=80) as s:
        s.wait_for("more below")
        t = s.press(("End", "mentions quokka"))
        check("step 2/3" in t, "End left a long step before showing its bottom", s)
        s.send("End")
        t = s.press(("Home", "Second beta step"))
        check("step 2/3" in t and "mentions quokka" not in t, "Home did not go to the top", s)
        s.send("Home")
        t = s.press(("End", "mentions quokka"))
        check("step 2/3" in t, "End or Home left the step", s)
        s.send("q")
        wait_exit(s, 0)


def paging():
    """Space and PgDn page through a long step, then move on; Right at once."""
    for key in ("Space", "PageDown"):
        with walker("--open", "beta:2", height=24, width=80) as s:
            t = s.wait_for("more below")
            for _ in range(20):
                shown = re.search(r"lines \d+-\d+ of \d+", t).group(0)
                s.send(key)
                t = s.wait_screen(lambda t: shown not in t, 10, "a page down")
                check("step 2/3" in t, f"{key} left the step before its end", s)
                if "mentions quokka" in t:
                    break
            check("mentions quokka" in t, f"{key} never reached the step's end", s)
            s.press((key, "step 3/3"))
            s.send("q")
            wait_exit(s, 0)
    with walker("--open", "beta:2", height=24, width=80) as s:
        s.wait_for("more below")
        s.press(("Right", "step 3/3"))
        s.send("q")
        wait_exit(s, 0)


run(moving, long_step, paging)
