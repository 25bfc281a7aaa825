#!/usr/bin/env python3
"""The key tables, as the binary reports them (`corelab --keys-list`), are
what the screens say and do.

  help:  on the lesson in each mode (walk, teach, follow) and on each screen
         (index, search results, Jupyter), `?` lists every key of that
         screen's tables with what it does (scrolled to the end), and the
         help's own keys are in its footer and close it.
  press: every key of the lesson's tables, pressed once on a plain step and
         on a demo step, leaves corelab running (quitting keys aside)."""
import os
import re
import subprocess
import sys
import tempfile
import time

from walker import BIN, FIXTURES, Screen, check, run, walker, wait_exit

# tmux's names for the keys the tables name; any other name is one character.
TMUX_KEYS = {
    "Right": "Right", "Left": "Left", "Up": "Up", "Down": "Down", "Home": "Home", "End": "End",
    "PgDn": "NPage", "PgUp": "PPage", "Space": "Space", "Backspace": "BSpace", "Tab": "Tab",
    "S-Tab": "BTab", "Esc": "Escape", "Enter": "Enter", "Ctrl-L": "C-l", "Ctrl-C": "C-c",
    "S-Up": "S-Up", "S-Down": "S-Down", "Ctrl-N": "C-n", "Ctrl-P": "C-p",
}
QUIT_KEYS = {"q", "Ctrl-C"}


def key_tables():
    """{context: [(section, names, hint, what)]} from the binary."""
    r = subprocess.run([BIN, "--keys-list"], capture_output=True, text=True, timeout=10)
    check(r.returncode == 0 and r.stdout, f"corelab --keys-list exits {r.returncode}: {r.stderr}")
    tables = {}
    for line in r.stdout.splitlines():
        context, section, names, hint, what = line.split("\t")
        tables.setdefault(context, []).append((section, names, hint, what))
    for context in ("walk", "teach", "follow", "index", "search", "jupyter", "help"):
        check(tables.get(context), f"--keys-list has no keys for {context}")
    return tables


def key_names(names):
    """The single keys of a binding's names ("1-9" is pressed as 1)."""
    for name in names.split("  "):
        if re.fullmatch(r"(.)-(.)", name):
            yield name[0]
        else:
            yield name


def press(s, name):
    if name in TMUX_KEYS:
        s.send(TMUX_KEYS[name])
    else:
        check(len(name) == 1, f"no way to press the key {name!r}")
        s._tmux("send-keys", "-t", "t", "-l", "--", name)


def footer_form(names, hint):
    """How a footer shows a binding: "Esc/q/? closes this help"."""
    return names.replace("  ", "/") + (" " + hint if hint else "")


def help_list(s):
    """The whole `?` list: every screen of it, scrolled with Down to its end."""
    t = s.wait_for("closes this help")
    pages = [t]
    for _ in range(100):
        if "(more below)" not in t:
            return "\n".join(pages)
        s.send("Down")
        deadline = time.monotonic() + 10
        while s.text() == t:
            check(time.monotonic() < deadline, "Down did not scroll the help", s)
            time.sleep(0.05)
        t = s.text()
        pages.append(t)
    check(False, "the help list never ends", s)


def check_help(s, context, tables):
    """`?` here lists every key of the context's tables, under its section."""
    press(s, "?")
    text = help_list(s)
    for section, names, hint, what in tables[context]:
        check(section in text, f"{context}: `?` lacks the heading {section!r}:\n{text}")
        row = re.compile(re.escape(names) + r" +" + re.escape(what))
        check(row.search(text), f"{context}: `?` lacks {names!r} {what!r}:\n{text}")
    press(s, "Esc")
    s.wait_gone("closes this help")


def check_help_screen(s, tables):
    """The help's own keys are in its footer; each way out closes it."""
    press(s, "?")
    t = s.wait_for("closes this help")
    footer = [line for line in t.splitlines() if "closes this help" in line][0]
    for _, names, hint, _ in tables["help"]:
        check(footer_form(names, hint) in footer, f"the help's footer lacks {footer_form(names, hint)!r}:\n{t}")
    for _, names, _, _ in tables["help"]:
        for name in key_names(names):
            press(s, name)
            if name in ("Up", "Down"):
                s.wait_for("closes this help")
            else:
                s.wait_gone("closes this help")
                press(s, "?")
                s.wait_for("closes this help")
    press(s, "Esc")
    s.wait_gone("closes this help")


def test_help():
    tables = key_tables()
    with walker(width=140, height=30) as s:
        s.wait_for("step 1/4")
        check_help(s, "walk", tables)
        check_help_screen(s, tables)
        s.send("g")
        s.wait_for("Lessons")
        check_help(s, "index", tables)
        s.wait_for("Lessons")  # help closes back onto the index
        s.send("Escape")
        s.wait_gone("Lessons")
        s.send("/")
        s._tmux("send-keys", "-t", "t", "-l", "zanzibar")
        s.send("Enter")
        s.wait_for('1 match for "zanzibar"')
        check_help(s, "search", tables)
        s.wait_for('1 match for "zanzibar"')
        s.send("Escape")
        s.wait_gone("zanzibar")
        s.send("j")
        s.wait_for("Start Jupyter")
        check_help(s, "jupyter", tables)
        s.wait_for("Start Jupyter")
        s.send("Escape")
        s.wait_gone("Start Jupyter")
        s.send("q")
        wait_exit(s, 0)
    with tempfile.TemporaryDirectory(prefix="corelab-keys-class-") as tmp:
        cdir = os.path.join(tmp, "class")
        teach = Screen([BIN, "teach", "--class", cdir, "--lessons", FIXTURES], width=140, height=30)
        try:
            teach.wait_for("done:0 help:0")
            check_help(teach, "teach", tables)
            follow = Screen([BIN, "follow", cdir, "--lessons", FIXTURES], width=140, height=30)
            try:
                follow.wait_for("following")
                check_help(follow, "follow", tables)
                follow.send("q")
                wait_exit(follow, 0)
            finally:
                follow.close()
            teach.send("q")
            wait_exit(teach, 0)
        finally:
            teach.close()


def at_step(s, title, step):
    """Back on the step after a key: whatever it opened is closed."""
    s.send("Escape")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        t = s.text()
        if title in t and step in t and "closes this help" not in t and "Lessons" not in t:
            return True
        if re.search(r"step \d+/\d+", t) and step not in t:
            return False  # the key moved on: start again there
        time.sleep(0.05)
    return False


def test_press():
    tables = key_tables()
    keys = [n for _, names, _, _ in tables["walk"] for n in key_names(names) if n not in QUIT_KEYS]
    for spec, title, step in (("alpha:1", "First alpha step", "step 1/4"),
                              ("alpha:4", "Fourth alpha step demo", "step 4/4")):
        s = None
        try:
            for name in keys:
                if s is None:
                    s = walker("--open", spec, width=120, height=30)
                    s.wait_all([title, step])
                press(s, name)
                time.sleep(0.1)
                check(not s.dead(), f"corelab ended after {name!r} on {spec}", s)
                if not at_step(s, title, step):
                    check(not s.dead(), f"corelab ended after {name!r} on {spec}", s)
                    s.send("q")
                    wait_exit(s, 0)
                    s.close()
                    s = None
            if s:
                s.send("q")
                wait_exit(s, 0)
        finally:
            if s:
                s.close()


run({"help": test_help, "press": test_press}[sys.argv[1]])
