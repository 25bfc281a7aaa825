#!/usr/bin/env python3
"""Predict, then observe: on a demo step with a prediction, `r` asks first
(a number typed, Enter), keeps it, runs, and sets it beside the measure of
the widest run in the panel's footer and under the text; Esc asks nothing
and runs nothing. On a run step with choices, the number key answers. The
progress file keeps each prediction as first made."""
from screenlib import check, play, run, step_record


def number_on_demo(s):
    s.wait_for("Press r: it asks for your prediction", timeout=15)
    t = s.press(("r", "Your prediction (in x):"), ("Escape", "no prediction, so nothing ran"))
    check("press r to run" in t, "Esc ran the demo", s)
    s.press(("r", "Your prediction (in x):"))
    s.send_literal("2x")  # the x is not part of a number
    s.wait_for("Your prediction (in x): 2_")
    s.send("Enter")
    t = s.wait_for("you predicted 2x, measured", timeout=30)
    line = [l for l in t.splitlines() if "you predicted 2x, measured" in l]
    check(len(line) >= 2, "the prediction is not both under the text and in the panel", s)
    check("with 2 workers" in line[0] and ("off by" in line[0] or "within 0.5" in line[0]),
          "the comparison does not say how far", s)
    check("The threads take turns holding the GIL." in t, "the explanation is not shown", s)


def choice_on_run(s):
    s.press(("Right", "step 3/5"), ("r", "Press a number from 1 to 2"))
    t = s.press(("1", "you predicted 1 (hello): right"), timeout=15)
    check("It says hello." in t, "the explanation is not shown", s)
    s.send("r")  # made already: runs at once
    s.wait_for("you predicted 1 (hello): right", timeout=15)


def test():
    data = play("practice:2", number_on_demo, choice_on_run)
    two = step_record(data, "practice", 2, "predict")
    three = step_record(data, "practice", 3, "predict")
    check(two and two["value"] == 2 and two["right"] is False, f"demo prediction: {two}")
    check(three == {"choice": 1, "right": True}, f"run prediction: {three}")


run(test)
