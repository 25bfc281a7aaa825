#!/usr/bin/env python3
"""Every exercise of the bundled lessons end to end on screen: the step
copies its starter and the check fails it; the shipped solution saved
into the workspace passes; the progress file has the pass."""
import glob
import os
import re

from screenlib import LESSONS, check, copy_in, corelab, progress, quit_and_wait, run, step_record, workspace


def bundled_exercises():
    """(lesson id, step number, starter, solution) of each exercise, read
    from the lesson files' lines (steps are `  - title:` entries)."""
    found = []
    for path in sorted(glob.glob(os.path.join(LESSONS, "*.yaml"))):
        lesson, step, in_exercise = None, 0, False
        with open(path) as f:
            for line in f:
                m = re.match(r"id:\s*(\S+)", line)
                if m:
                    lesson = m.group(1)
                if line.startswith("  - title:"):
                    step += 1
                    in_exercise = False
                if re.match(r"    exercise:\s*$", line):
                    in_exercise = True
                m = re.match(r"      file:\s*(\S+)", line)
                if in_exercise and m:
                    found.append((lesson, step, m.group(1)))
    return found


def test():
    exercises = bundled_exercises()
    check(len(exercises) >= 3, f"the bundled lessons have {len(exercises)} exercises, not 3 or more")
    for lesson, step, starter in exercises:
        name = os.path.basename(starter)
        with corelab("--open", f"{lesson}:{step}", lessons=LESSONS) as s:
            # The starter fails: "not yet", or an error with Python's line.
            s.wait_for(r"^ (not yet|error): ", timeout=60, regex=True)
            mine = os.path.join(workspace(s, lesson), name)
            copy_in(os.path.join(LESSONS, "solutions", name), mine)
            s.wait_for("works: passed", timeout=60)
            quit_and_wait(s)
            rec = step_record(progress(s), lesson, step, "exercise")
            check(rec and rec.get("passed_at", 0) > 0, f"{lesson}:{step} progress: {rec}")
        print(f"{lesson}:{step} {name}: the starter fails, the solution passes")


run(test)
