#!/usr/bin/env python3
"""What the class understood, on screen (root only: an instructor and three
followers, each a different user in its own tmux, on the practice lesson of
tests/practice/lessons):

  quiz:       three followers answer a quiz differently; the instructor's
              bars (one per choice) match, as the answers arrive, with how
              many answered and the share right; `c` shows it full screen
  reveal:     R (asked, then confirmed) releases the explanation; the
              followers are told and `v` shows it
  exercise:   a pass written into a follower's workspace from outside shows
              in the roster (pass) and the counts; a failing save is trying
  prediction: numbers predicted by three followers as a histogram, with the
              instructor's own measure marked once its demo ran
  record:     W writes the class record (CSV, JSON) into the instructor's
              state folder and says where; nothing goes into the class"""
import csv
import json
import os
import re
import stat
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.environ.get("CORELAB_TESTS_DIR", os.path.dirname(HERE)), "lib"))
import classlib  # noqa: E402
from checks import SLOW, check, poll, run_tests  # noqa: E402

PRACTICE = os.path.join(HERE, "..", "practice", "lessons")
FOLLOWERS = ("ann", "ben", "cat")


def side(text):
    """The instructor's side pane: what is right of the last separator."""
    return "\n".join(line.rsplit("\u2502", 1)[1] if "\u2502" in line else "" for line in text.splitlines()[:-1])


def bars(text, indent=1):
    """{label: (count, bar length, right, measured)} of the bar rows of a
    pane (indent: columns before them)."""
    found = {}
    for line in text.splitlines():
        m = re.match(r"^ ([ *])(\S.*?) +(#*) +(\d+)( <measured)?\s*$", line[indent - 1:])
        if m and line[:indent - 1].strip() == "":
            found[m.group(2)] = (int(m.group(4)), len(m.group(3)), m.group(1) == "*", bool(m.group(5)))
    return found


def roster_row(text, user):
    for line in side(text).splitlines():
        if line.startswith(" " + user[:15]):
            return line
    return ""


class Class(classlib.OnScreen):
    def __init__(self, tmp, users, screens):
        super().__init__(tmp, users, screens, PRACTICE)
        self.teach = self.start("inst", "teach", "--class", self.cdir, "--open", "practice:4")
        self.teach.wait_for("done:0 help:0", timeout=15 * SLOW)
        self.f = {r: self.start(r, "follow", self.cdir) for r in FOLLOWERS}
        for r in FOLLOWERS:
            self.f[r].wait_for("step 4/", timeout=10 * SLOW)
        self.teach.wait_for("3 here", timeout=10 * SLOW)

    def start(self, role, *args):
        return super().start(role, *args, "--lessons", self.lessons)

    def side_shows(self, what, timeout=8):
        return poll(lambda: what in side(self.teach.text()), timeout * SLOW)

    def move_all(self, key, step):
        self.teach.send(key)
        for r in FOLLOWERS:
            self.f[r].wait_for(f"step {step}/", timeout=5 * SLOW)

    def workspace(self, role):
        return os.path.join(self.envs[role]["HOME"], "corelab-work", "practice")


def write_as_editor(path, text):
    """As an editor saves from another window: a new file renamed over."""
    tmp = path + ".saving"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def quiz(c):
    c.teach.wait_for("Quiz: none of 3 answered yet", timeout=8 * SLOW)
    # As the answers arrive: one, then two, then three.
    for role, key, count, right in (("ann", "1", 1, 0), ("ben", "2", 2, 50), ("cat", "3", 3, 33)):
        c.f[role].send(key)
        check(c.side_shows(f"Quiz: {count} of 3 answered, {right}% right"),
              f"after {role} answers {key}: {count} of 3 answered, {right}% right", c.teach)
    got = bars(side(c.teach.text()))
    check(set(got) == {"1", "2", "3"} and all(got[k][0] == 1 for k in got),
          f"a bar per choice, one answer each: {got}", c.teach)
    check(len({got[k][1] for k in got}) == 1 and got["1"][1] > 0, "equal counts, equal bars", c.teach)
    check(got["2"][2] and not got["1"][2] and not got["3"][2], "the right choice (2) is marked", c.teach)
    ann = roster_row(c.teach.text(), c.u["ann"])
    check(ann != "", "ann is in the roster", c.teach)
    # Full screen, and back.
    c.teach.send("c")
    t = c.teach.wait_for("The class at step 4 of practice", timeout=5)
    full = bars(t, indent=2)
    check({k: v[0] for k, v in full.items()} == {"1. one": 1, "2. two": 1, "3. three": 1} and full["2. two"][2],
          f"c: the choices with their texts and counts, the right one marked: {full}", t)
    c.teach.send("Escape")
    c.teach.wait_gone("The class at step 4", timeout=5)


def reveal(c):
    c.teach.send("R")
    c.teach.wait_for("release step 4's explanation? R again: yes", timeout=5)
    time.sleep(0.5)
    check("explanation released" not in c.f["ann"].text(), "nothing is released before the second R")
    c.teach.send("R")
    c.teach.wait_for("step 4's explanation released to the class", timeout=5)
    check(c.side_shows("explanation released to the class"), "the side pane says it is released",
          c.teach)
    for r in FOLLOWERS:
        check(c.f[r].seen("[v: answer released]", timeout=5 * SLOW), f"{r} is told (v)", c.f[r])
    c.f["cat"].send("v")
    t = c.f["cat"].wait_for("Released by the instructor: step 4", timeout=5)
    check("Why: Two is two." in t and "> 2. two" in t, "v shows the answer and the explanation", t)
    c.f["cat"].send("Escape")
    c.f["cat"].wait_gone("Released by the instructor", timeout=5)
    # A step that was not released shows nothing.
    c.move_all("Right", 5)
    c.f["ann"].send("v")
    c.f["ann"].wait_for("nothing released for this step yet", timeout=5)


def exercise(c):
    c.move_all("Left", 4)
    c.move_all("Left", 3)
    c.move_all("Left", 2)
    c.move_all("Left", 1)
    check(c.side_shows("Exercise: 0 passed of 3"), "the exercise: none passed yet", c.teach)
    got = bars(side(c.teach.text()))
    check(got.get("not started", (0,))[0] == 3, f"three not started: {got}", c.teach)
    for r in FOLLOWERS:
        c.f[r].wait_for("not yet", timeout=20 * SLOW)  # the starter's check ran
    # Ben saves a wrong total: trying. Ann's file gets the solution: passed.
    write_as_editor(os.path.join(c.workspace("ben"), "total.py"), "print('total', 9)\n")
    check(c.side_shows("trying longest:", timeout=20), "ben's failing save: trying", c.teach)
    check(re.search(r" try\b", roster_row(c.teach.text(), c.u["ben"])), "ben's roster row says try", c.teach)
    with open(os.path.join(c.lessons, "solutions", "total.py")) as f:
        write_as_editor(os.path.join(c.workspace("ann"), "total.py"), f.read())
    check(c.side_shows("Exercise: 1 passed of 3", timeout=20), "ann's pass is counted", c.teach)
    check(poll(lambda: " pass" in roster_row(c.teach.text(), c.u["ann"]), 5),
          "ann's roster row says pass", c.teach)
    got = bars(side(c.teach.text()))
    check(got.get("passed", (0,))[0] == 1 and got.get("trying", (0,))[0] == 1
          and got.get("not started", (0,))[0] == 1, f"passed 1, trying 1, not started 1: {got}", c.teach)
    # Full screen: who is where.
    c.teach.send("c")
    t = c.teach.wait_for("The class at step 1 of practice", timeout=5)
    check(re.search(r"passed +" + re.escape(c.u["ann"]), t) and re.search(r"trying +" + re.escape(c.u["ben"]), t)
          and re.search(r"not started +" + re.escape(c.u["cat"]), t), "c lists passed, trying, not started", t)
    c.teach.send("q")
    c.teach.wait_gone("The class at step 1", timeout=5)


def predict(c, c_values=(("ann", "1"), ("ben", "2"), ("cat", "1.5"))):
    c.move_all("Right", 2)
    check(c.side_shows("Predictions: none of 3 made yet"), "no predictions yet", c.teach)
    check(c.side_shows("measured: none yet"), "no measure before the instructor's run", c.teach)
    for role, value in c_values:
        s = c.f[role]
        s.send("r")
        s.wait_for("Your prediction (in x):", timeout=10)
        s.send_literal(value)
        s.send("Enter")
        s.wait_for("you predicted", timeout=60 * SLOW)
    check(c.side_shows("Predictions: 3 of 3 made", timeout=10), "three predictions made", c.teach)
    hist = bars(side(c.teach.text()))
    check(sum(v[0] for v in hist.values()) == 3 and len(hist) >= 2, f"a histogram of three numbers: {hist}",
          c.teach)
    c.teach.send("r")
    c.teach.wait_for("Your prediction (in x):", timeout=10)
    c.teach.send_literal("1")
    c.teach.send("Enter")
    check(c.side_shows("(your last run)", timeout=60), "the instructor's measure is shown", c.teach)
    hist = bars(side(c.teach.text()))
    marked = [k for k, v in hist.items() if v[3]]
    m = re.search(r"measured ([0-9.e+-]+)x \(your last run\)", side(c.teach.text()))
    check(len(marked) == 1 and m, f"one bin marked measured: {hist}", c.teach)
    if len(marked) == 1 and m:
        lo, hi = (float(x) for x in re.match(r"([0-9.e+-]+)-([0-9.e+-]+)x", marked[0]).groups())
        check(lo - 0.01 <= float(m.group(1)) <= hi + 0.01, f"the measured {m.group(1)} is in {marked[0]}")


def record(c):
    c.teach.send("W")
    t = c.teach.wait_for("class record (3 students):", timeout=15)
    state = os.path.join(c.envs["inst"]["XDG_STATE_HOME"], "corelab")
    found = poll(lambda: sorted(f for f in os.listdir(state) if f.startswith("corelab-class-practice-"))
                 if os.path.isdir(state) else [], 5)
    check(len(found) == 2 and found[0].endswith(".csv") and found[1].endswith(".json"),
          f"W wrote a CSV and a JSON into {state}: {found}")
    pane = "".join(line.strip() for line in side(t).splitlines())
    check(found and found[0][:-4] in pane, "the side pane names the file", t)
    if len(found) != 2:
        return
    for name in found:
        mode = stat.S_IMODE(os.stat(os.path.join(state, name)).st_mode)
        check(mode == 0o600, f"{name} is 0600 ({oct(mode)})")
    with open(os.path.join(state, found[1])) as f:
        data = json.load(f)
    users = {s["user"] for s in data["students"]}
    check(users == {c.u[r] for r in FOLLOWERS}, f"the JSON has the three students: {users}")
    with open(os.path.join(state, found[0])) as f:
        rows = list(csv.DictReader(f))
    quiz_rows = {r["user"]: r for r in rows if r.get("step") == "4"}
    check(len(quiz_rows) == 3, f"the CSV has step 4 of each student: {list(quiz_rows)}")
    stray = [f for f in os.listdir(c.cdir) if f.startswith("corelab-class-")]
    check(stray == [], f"nothing was written into the class directory: {stray}")


def run(tmp, users, screens):
    c = Class(tmp, users, screens)
    for step in (quiz, reveal, exercise, predict, record):
        step(c)
    c.teach.send("q")
    check(c.teach.exit_status(timeout=10) == 0, "teach quits cleanly")


def main():
    classlib.screen_test("the class answers screen test", "corelab-class-answers-", ("inst",) + FOLLOWERS,
                         lambda tmp, users, screens:
                         run_tests({"answers": lambda: run(tmp, users, screens)}, []))


if __name__ == "__main__":
    main()
