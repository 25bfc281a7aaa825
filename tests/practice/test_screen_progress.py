#!/usr/bin/env python3
"""The progress file tells the truth and the index shows it: a step passed
over is not seen (the index jumps to the last step); a quiz keeps its first
answer and whether it was right however often the learner tries again,
and shows which answer counts; an old (version 1) progress file loads, and
its place, answers and steps seen show."""
import json
import os
import re
import tempfile

from screenlib import check, corelab, progress, quit_and_wait, run, step_record


def seen_and_quiz():
    with corelab("--open", "practice:1") as s:
        s.wait_for("not yet", timeout=15)
        # the index opens the lesson's last step, passing over 2 and 3
        s.press(("g", "Lessons"), ("Right", "quiz"))
        s.send("Down", "Down", "Down", "Down", "Down")
        s.press(("Enter", "step 5/5"), ("Left", "step 4/5"))
        s.press(("1", "Not quite"), ("2", "Correct"), ("3", "Not quite"), ("2", "Correct"))
        t = s.wait_for("Your first answer, the one that counts: 1 (not right)")
        check("Two is two." in t, "the explanation is not shown after trying again", s)
        t = s.press(("g", "Lessons"), ("Right", "quiz     wrong"))
        check("3/5 seen, 0/1 right, 0/2 passed" in t, "the lesson's counts", s)
        check(re.search(r"threads +demo\n", t) and re.search(r"greeting +run\n", t), "the step kinds", s)
        s.send("Escape")
        quit_and_wait(s)
        data = progress(s)
        lesson = data["lessons"]["practice"]
        check(sorted(lesson["seen"]) == [1, 4, 5], f"steps seen: {lesson['seen']}")
        check(step_record(data, "practice", 4, "quiz") == {"first": 1, "right": False}, f"quiz: {lesson}")
        check(lesson["answers"] == {"4": 2}, f"latest answer: {lesson['answers']}")


def old_file():
    state = tempfile.mkdtemp(prefix="corelab-state-")
    os.makedirs(os.path.join(state, "corelab"))
    old = {"version": 1, "last": "practice",
           "lessons": {"practice": {"step": 4, "furthest": 4, "answers": {"4": 2}},
                       "elsewhere": {"step": 2, "furthest": 3, "answers": {}}}}
    with open(os.path.join(state, "corelab", "progress.json"), "w") as f:
        json.dump(old, f)
    with corelab(env={"XDG_STATE_HOME": state}) as s:
        t = s.wait_for("welcome back", timeout=15)
        check("step 4/5" in t and "Correct! 2 is the right answer." in t, "the place and answer of the old file", s)
        t = s.press(("g", "Lessons"), ("Right", "quiz     right"))
        check("4/5 seen, 1/1 right, 0/2 passed" in t, "the old file's counts", s)
        s.send("Escape")
        quit_and_wait(s)
        data = progress(s, state=state)
        check(data["version"] == 2 and "elsewhere" in data["lessons"], f"rewritten: {data}")


def test():
    seen_and_quiz()
    old_file()


run(test)
