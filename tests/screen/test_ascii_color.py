#!/usr/bin/env python3
"""--ascii and LANG=C screens hold only ASCII but the same text; NO_COLOR
and --no-color emit no colour, and a UTF-8 screen does use its glyphs."""
from walker import NON_ASCII, check, run, walker, wait_exit
import re

# SGR colours, not the resets to the default colours (39, 49).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;)[0-9;]*m")


def walk_all(s, expect_ascii):
    """Visit every screen of the fixtures; check each is ASCII (or not)."""
    texts = []
    t = s.wait_for("step 1/4")
    texts.append(t)
    for n in (2, 3, 4):
        s.send("Right")
        texts.append(s.wait_for(f"step {n}/4"))
    s.send("Right")
    texts.append(s.wait_for("step 1/3"))
    s.send("g")
    texts.append(s.wait_for("Lessons"))
    s.send("Escape")
    s.send("?")
    texts.append(s.wait_for("Keys"))
    s.send("Escape")
    if expect_ascii:
        for t in texts:
            bad = NON_ASCII.findall(t)
            check(not bad, f"non-ASCII characters {bad[:5]} on screen:\n{t}")
    return texts


def test_ascii(args, env):
    with walker(*args, env=env) as s:
        texts = walk_all(s, True)
        first = texts[0]
        check("arrows -> and dashes -- and pi pi" in first, "ASCII spelling of arrows/dashes missing", s)
        check("3 x 4 = 12" in first, "ASCII times sign missing")
        check(any("| import threading" in t for t in texts), "code gutter not ASCII")
        s.send("q")
        wait_exit(s, 0)


def test():
    test_ascii(["--ascii"], None)
    test_ascii([], {"LANG": "C", "LC_ALL": "C"})
    test_ascii([], {"LANG": "en_US.ISO-8859-1", "LC_ALL": "POSIX"})
    with walker(env={"NO_COLOR": ""}) as s:  # UTF-8: the real glyphs; an empty NO_COLOR is unset
        t = s.wait_for("step 1/4")
        check("\u2192" in t and "\u03c0" in t, "UTF-8 text not shown as such", s)
        esc = s.text(escapes=True)
        check(COLOUR.search(esc), "no colour at all in a colour terminal:\n" + repr(esc[:400]))
        s.send("q")
        wait_exit(s, 0)
    for args, env in (([], {"NO_COLOR": "1"}), (["--no-color"], None), ([], {"TERM": "xterm-mono"})):
        with walker(*args, env=env) as s:
            s.wait_for("step 1/4")
            s.send("Right")
            s.wait_for("def count(n):")
            esc = s.text(escapes=True)
            m = COLOUR.search(esc)
            check(not m, f"colour with {args or env}: {esc[m.start():m.start()+20]!r}" if m else "")
            check("\x1b[7m" in esc or "\x1b[1m" in esc, "no bold/reverse either: status bar unreadable?")
            s.send("q")
            wait_exit(s, 0)


run(test)
