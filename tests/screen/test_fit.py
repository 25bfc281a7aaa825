#!/usr/bin/env python3
"""What a student on a small terminal sees (issue 13): no number is ever
cut, every row can be reached, the space of a big terminal is used.

  narrow:  at 80x24, every demo step of the bundled workshop, before and
           after `r`, with the focus on each pane: every number in the
           panel's header, titles, legends and summary keeps its unit
           (`avg 52%`, `alone 0.35 ms`, `switch 5 ms`), the footer is whole
           key hints (none cut, the step's own first) also once the demo
           has ended, the panes say what r will do before it (not
           "waiting for ..."), and every thread row can be reached by
           scrolling the timeline and shows at once when it is zoomed (m).
  sizes:   the same numbers at 100x30, 120x40 and 200x50 after a run.
  big:     at 200x50 the panel is used: meters with a graph under each bar,
           a chart wider than the text, the results table beside it, no
           block of empty rows.

Usage: test_fit.py NAME (meson runs each as its own test)."""
import glob
import os
import re
import subprocess

import yaml

from walker import BIN, LESSONS, Screen, check, run_tests


def demo_steps():
    """The demo steps of the bundled workshop, as `--open` takes them."""
    steps = []
    for path in sorted(glob.glob(os.path.join(LESSONS, "*.yaml"))):
        with open(path) as f:
            lesson = yaml.safe_load(f)
        for i, step in enumerate(lesson.get("steps", [])):
            if "demo" in step:
                steps.append(f"{lesson['id']}:{i + 1}")
    return steps


def footer_forms():
    """Every footer form a key of the walk mode can take: "+/- workers"."""
    r = subprocess.run([BIN, "--keys-list"], capture_output=True, text=True, timeout=10)
    forms = set()
    for line in r.stdout.splitlines():
        context, _, names, hint, _ = line.split("\t")
        if context == "walk" and hint:
            forms.add(names.replace("  ", "/") + " " + hint)
    return forms


FORMS = None


def rows(text):
    return text.rstrip("\n").split("\n")


def panel_rows(text, width):
    """The panel's rows: below the separator on a bottom panel, right of it
    on a side panel; without the status bar."""
    lines = rows(text)[:-1]
    sep = next((i for i, l in enumerate(lines) if l.startswith("─" * 20) or l.startswith("-" * 20)), None)
    if sep is not None:
        return lines[sep + 1:]
    col = next((c for c in range(len(lines[0])) if all(len(l) > c and l[c] in "│|" for l in lines[:5])), None)
    return [l[col + 1:] if col is not None else l for l in lines]


def whole_numbers(text, where):
    """No number in the panel has lost its unit or its digits."""
    for m in re.finditer(r"avg(.{0,6})", text):
        check(re.match(r" \d+%", m.group(1)), f"{where}: 'avg' without a whole percentage: {m.group(0)!r}", text)
    for m in re.finditer(r"alone (\d[\d.]*)(.{0,3})", text):
        check(m.group(2).startswith(" ms"), f"{where}: 'alone' without its unit: {m.group(0)!r}", text)
    for m in re.finditer(r"switch(.{0,12})", text):
        check(re.match(r" \d+(\.\d+)? (ms|µs|us)", m.group(1)), f"{where}: a switch interval cut: {m.group(0)!r}",
              text)
    for m in re.finditer(r"\beff(iciency)? (\d+)(.?)", text):
        check(m.group(3) == "%", f"{where}: an efficiency cut: {m.group(0)!r}", text)
    for m in re.finditer(r"serial fraction (\d[\d.]*)", text):
        check(re.fullmatch(r"\d\.\d{3}", m.group(1)), f"{where}: a serial fraction cut: {m.group(0)!r}", text)
    status = rows(text)[-1]
    if "up to" in status:
        check(re.search(r"up to \d+ workers?\b", status), f"{where}: the status bar cut: {status!r}", text)


def footer_whole(text, width, where):
    """The panel's footer is key hints, each whole."""
    footer = panel_rows(text, width)[-1].strip()
    if footer.startswith("you predicted"):
        return []  # after a run, a step's prediction holds the footer with its verdict
    pieces = [p for p in re.split(r"\s{2,}", footer) if p]
    check(pieces and pieces[0] == "r run", f"{where}: the footer does not start with r run: {footer!r}", text)
    for p in pieces:
        check(p in FORMS, f"{where}: {p!r} is no key hint (cut?): {footer!r}", text)
    return pieces


def focus(s, name, where):
    """Tab until the pane titled name has the focus (">name")."""
    for _ in range(4):
        if re.search(">" + name, s.text()):
            return True
        s.send("Tab")
        s.seen(">" + name, 2, regex=True)
    return check(re.search(">" + name, s.text()), f"{where}: Tab never reached {name}", s)


def each_focus(s, width, where):
    """The checks of the panel with the focus on each of its panes."""
    def focused(t):
        return re.findall(r">\w+", "\n".join(panel_rows(t, width)))
    for _ in range(3):
        before = focused(s.text())
        s.send("Tab")
        t = s.wait_screen(lambda t: focused(t) and focused(t) != before, 5, "the focus to move")
        whole_numbers("\n".join(panel_rows(t, width)) + "\n" + rows(t)[-1], f"{where}, Tab")
        footer_whole(t, width, f"{where}, Tab")


def all_rows_reachable(s, where):
    """The timeline's rows, scrolled with S-Down, then zoomed (m): each of
    them shows."""
    if not focus(s, "(threads|processes)", where):
        return
    t = s.text()
    m = re.search(r"[TP](\d+)-[TP](\d+) of (\d+)", t)
    total = int(m.group(3)) if m else int(re.search(r"(\d+) (threads?|process(es)?)\b", t).group(1))
    seen = set()
    for _ in range(total + 1):
        seen |= {int(n) for n in re.findall(r"^[TP](\d+)\b", t, re.M)}
        if len(seen) >= total:
            break
        s.send("S-Down")
        before = t
        t = s.wait_screen(lambda x: x != before, 3, "the timeline to scroll") if m else t
    check(seen >= set(range(total)), f"{where}: rows {sorted(set(range(total)) - seen)} never shown", s)
    def zoomed(t):  # the panel's header on the first row; its footer may hold a prediction's verdict
        return "Esc/m back" in t or rows(t)[0].strip().startswith("demo ")
    s.send("m")
    t = s.wait_screen(zoomed, 5, "the pane zoomed")
    shown = {int(n) for n in re.findall(r"^[TP](\d+)\b", t, re.M)}
    check(shown >= set(range(total)), f"{where}: zoomed, rows {sorted(set(range(total)) - shown)} missing", s)
    s.send("m")
    s.wait_screen(lambda t: not zoomed(t), 5, "the pane back in the panel")


def press_run(s):
    """r; a step with a prediction asks for it first: any answer runs."""
    s.send("r")
    t = s.seen("Your prediction", 2)
    if t and "Press a number" in t:
        s.send("1")
    elif t:
        s.send("2", "Enter")


def test_narrow():
    width, height = 80, 24
    for step in demo_steps():
        with Screen([BIN, "--open", step], width=width, height=height) as s:
            where = f"{step} at {width}x{height}"
            t = s.wait_for("press r to run", 15)
            for waiting in ("waiting for thread spans", "waiting for the first result", "now t=0.00"):
                check(waiting not in t, f"{where}: before r the panes say {waiting!r}", s)
            check("press r:" in t, f"{where}: before r no pane says what r will do", s)
            whole_numbers("\n".join(panel_rows(t, width)), where)
            footer_whole(t, width, where)
            each_focus(s, width, where + ", before r")
            press_run(s)
            t = s.wait_screen(lambda t: re.search(r"done in|stopped|exited|crashed", t), 180, "the demo's end")
            t = s.wait_for(r"r run|you predicted", 10, regex=True)  # the footer's hints come back
            check("done in" not in panel_rows(t, width)[-1], f"{where}: the footer repeats the header", s)
            whole_numbers("\n".join(panel_rows(t, width)) + "\n" + rows(t)[-1], where)
            footer_whole(t, width, where)
            each_focus(s, width, where)
            all_rows_reachable(s, where)


def test_sizes():
    for width, height in ((100, 30), (120, 40), (200, 50)):
        with Screen([BIN, "--open", "gil:11"], width=width, height=height) as s:
            where = f"gil:11 at {width}x{height}"
            s.wait_for("press r to run", 15)
            press_run(s)
            t = s.wait_for("done in", 120)
            t = s.wait_for(r"r run|you predicted", 10, regex=True)
            whole_numbers("\n".join(panel_rows(t, width)), where)
            footer_whole(t, width, where)
            each_focus(s, width, where)


def test_big():
    width, height = 200, 50
    with Screen([BIN, "--open", "gil:3"], width=width, height=height) as s:
        s.wait_for("press r to run", 15)
        press_run(s)
        s.wait_for("done in", 120)
        t = s.wait_for("W  wall s", 10)
        panel = panel_rows(t, width)
        pw = max(len(l) for l in panel)
        check(pw > width // 2, f"the panel is {pw} columns of {width}", s)
        # meters: a graph row (braille) under each bar
        bars = [i for i, l in enumerate(panel) if re.match(r"\s+\d+ \[", l)]
        check(len(bars) >= 2 and all(re.match(r"\s+[\u2800-\u28ff]", panel[i + 1]) for i in bars),
              "no graph under the meters' bars", s)
        # the chart: its axis wider than half the panel, the table beside it
        axis = next((l for l in panel if "└" in l and "workers" in l), "")
        check(axis.count("─") > pw // 2, f"the chart's axis is {axis.count('─')} columns", s)
        check(any("│" in l and "W  wall s" in l for l in panel), "the results table is not beside the chart", s)
        # no block of empty rows
        empty = sum(1 for l in panel if not l.strip())
        check(empty <= 3, f"{empty} empty rows in the panel", s)


TESTS = {"narrow": test_narrow, "sizes": test_sizes, "big": test_big}

if __name__ == "__main__":
    FORMS = footer_forms()
    run_tests(TESTS)
