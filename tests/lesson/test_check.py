#!/usr/bin/env python3
"""`corelab check` and `corelab list` on real files, the way an author runs them.

Each case runs the real binary and asserts what the author sees: the exact
`file:line:col: message` line, the exit status, and that the answer came in
well under 2 seconds.

    test_check.py --list     the case names (meson makes one test of each)
    test_check.py CASE       run one case
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from checks import Failed, require, run_tests

BIN = os.environ.get("CORELAB_BIN", "build/corelab")
HERE = os.path.join(os.environ.get("CORELAB_TESTS_DIR", os.path.dirname(__file__) + "/.."), "lesson")
BROKEN = os.path.join(HERE, "broken")
GOOD = os.path.join(HERE, "good")
LESSONS = os.environ.get("CORELAB_LESSONS_DIR", os.path.join(HERE, "..", "..", "lessons"))
TIME_LIMIT = 2.0


def run(args, cwd=None, env=None):
    """Run corelab; return (rc, stdout, stderr) and fail when it took 2 s or more."""
    full_env = dict(os.environ)
    full_env.pop("CORELAB_LESSONS", None)
    full_env.update(env or {})
    start = time.monotonic()
    p = subprocess.run([BIN] + args, cwd=cwd, env=full_env, capture_output=True, timeout=30)
    elapsed = time.monotonic() - start
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if elapsed >= TIME_LIMIT:
        raise Failed(f"corelab {' '.join(args)} took {elapsed:.2f} s (limit {TIME_LIMIT} s)")
    if p.returncode < 0 or "Sanitizer" in err or "runtime error" in err:
        raise Failed(f"corelab {' '.join(args)} crashed (rc {p.returncode}):\n{err}")
    return p.returncode, out, err


def expect(cond, what, out="", err=""):
    """require, with what corelab printed as the detail."""
    require(cond, what, f"--- stdout:\n{out}--- stderr:\n{err}")


def check_one_problem(name, line, col, text, cwd=BROKEN):
    """corelab check NAME reports exactly one problem, at line:col, saying text."""
    rc, out, err = run(["check", name], cwd=cwd)
    expect(rc == 1, f"exit status {rc}, expected 1", out, err)
    lines = err.splitlines()
    expect(len(lines) == 2, f"expected one problem and a summary, got {len(lines)} lines", out, err)
    want = f"{name}:{line}:{col}: "
    expect(lines[0].startswith(want), f"expected the line to start with '{want}'", out, err)
    expect(text in lines[0], f"expected '{text}' in the message", out, err)
    expect(lines[1] == "1 error in 1 of 1 file", f"summary line: {lines[1]!r}", out, err)
    expect(out == "", "nothing on stdout when there are errors", out, err)


# name -> (file, line, col, part of the message) for the committed corpus.
BROKEN_CASES = {
    "syntax-error": ("syntax-error.yaml", 3, 9, "did not find expected ',' or ']' (while parsing a flow sequence at line 2)"),
    "tab-indent": ("tab-indent.yaml", 7, 1, "tab character in indentation; YAML indents with spaces only"),
    "list-for-mapping": ("list-for-mapping.yaml", 7, 11, "code: expected a mapping (lang, source), got a list"),
    "missing-key": ("missing-key.yaml", 1, 1, "missing required key 'title' in lesson"),
    "misspelt-key": ("misspelt-key.yaml", 6, 5, "unknown key 'titel' in step; did you mean 'title'?"),
    "duplicate-key": ("duplicate-key.yaml", 8, 5, "duplicate key 'text' in step (first at line 7)"),
    "wrong-type": ("wrong-type.yaml", 6, 3, "'objectives': expected a list of strings, got a mapping"),
    "out-of-range": ("out-of-range.yaml", 3, 11, "'teaching' is 900; it must be between 0 and 600 minutes"),
    "empty": ("empty.yaml", 1, 1, "the file is empty"),
    "invalid-utf8": ("invalid-utf8.yaml", 2, 11, "invalid UTF-8 (byte 0xe9)"),
    "billion-laughs": ("billion-laughs.yaml", 5, 4, "anchors (&a) are not allowed in lessons"),
    "alias": ("alias.yaml", 2, 8, "anchors (&t) are not allowed"),
    "quiz-answer-range": ("quiz-answer-range.yaml", 10, 15, "'answer' is 4 but the quiz has 3 choices; answer with 1 to 3"),
    "quiz-no-choices": ("quiz-no-choices.yaml", 8, 7, "missing required key 'choices' in quiz"),
    "unknown-demo": ("unknown-demo.yaml", 7, 18, "unknown demo 'gill'; the demos are: gil, race, procs, pool, pi, sched"),
    "unknown-variant": ("unknown-variant.yaml", 9, 16, "demo 'gil' has no variant 'turbo'; its variants are: cpu, nogil, io, convoy, free"),
    "run-missing-file": ("run-missing-file.yaml", 8, 24, "run: file 'examples/missing.py' not found"),
    "run-shell": ("run-shell.yaml", 8, 42, "run: '|' is shell syntax; commands run without a shell"),
    "two-documents": ("two-documents.yaml", 8, 1, "a second YAML document"),
    "top-level-list": ("top-level-list.yaml", 1, 1, "lesson: expected a mapping (id, title, teaching, exercises, steps, ...), got a list"),
    # exercise: and predict:
    "exercise-missing-starter": ("exercise-missing-starter.yaml", 8, 13, "starter 'exercises/nope.py' not found (looked for ./exercises/nope.py)"),
    "exercise-missing-solution": ("exercise-missing-solution.yaml", 9, 17, "solution 'solutions/gone.py' not found (looked for ./solutions/gone.py)"),
    "exercise-missing-checker": ("exercise-missing-checker.yaml", 10, 23, "checker 'checkers/gone.py' not found (looked for ./checkers/gone.py)"),
    "exercise-checker-not-executable": ("exercise-checker-not-executable.yaml", 10, 23, "checker 'checkers/not_executable.sh' is not executable"),
    "exercise-misspelt-key": ("exercise-misspelt-key.yaml", 11, 7, "unknown key 'hint' in exercise; did you mean 'hints'?"),
    "exercise-hints-type": ("exercise-hints-type.yaml", 11, 14, "'hints': expected a list of strings, got a string"),
    "exercise-timeout-quoted": ("exercise-timeout-quoted.yaml", 10, 67, "'timeout': expected a whole number, got the quoted string \"30\" (drop the quotes)"),
    "exercise-check-both": ("exercise-check-both.yaml", 10, 40, "check: give a command or a script, not both"),
    "exercise-check-none": ("exercise-check-none.yaml", 10, 14, "check: give it a command (with expect) or a script"),
    "exercise-expect-with-script": ("exercise-expect-with-script.yaml", 10, 46, "check: 'expect' goes with a command"),
    "exercise-check-other-file": ("exercise-check-other-file.yaml", 10, 32, "check: 'helper.py' is not in the workspace"),
    "exercise-check-shell": ("exercise-check-shell.yaml", 10, 39, "check: '|' is shell syntax"),
    "exercise-outside": ("exercise-outside.yaml", 8, 13, "it must stay inside the lesson's folder (no '..')"),
    "exercise-same-name": ("exercise-same-name.yaml", 13, 13, "exercise file name 'add.py' is already used by the exercise at line 8"),
    "exercise-missing-check": ("exercise-missing-check.yaml", 8, 7, "missing required key 'check' in exercise"),
    "predict-nothing-to-observe": ("predict-nothing-to-observe.yaml", 8, 5, "predict: a prediction needs something to observe"),
    "predict-choices-and-number": ("predict-choices-and-number.yaml", 12, 7, "predict: give choices (with answer) or a number, not both"),
    "predict-no-tolerance": ("predict-no-tolerance.yaml", 10, 15, "missing required key 'tolerance' in number"),
    "predict-measure-on-run": ("predict-measure-on-run.yaml", 10, 43, "'measure' needs a demo step"),
    "predict-unknown-measure": ("predict-unknown-measure.yaml", 10, 52, "'measure' is 'happiness'; it must be one of: speedup, wall_s"),
    "predict-answer-range": ("predict-answer-range.yaml", 11, 15, "'answer' is 3 but the prediction has 2 choices; answer with 1 to 2"),
    "trace-on-step": ("trace-on-step.yaml", 7, 5, "'trace' is not a key of step; it goes in a step's run: or an exercise's check:"),
    "trace-not-bool": ("trace-not-bool.yaml", 10, 47, "'trace': expected true or false, got 'yes'"),
    "predict-misspelt-key": ("predict-misspelt-key.yaml", 10, 7, "unknown key 'choice' in predict; did you mean 'choices'?"),
}


def generated(name, data, line, col, text):
    """Write data to a temporary NAME and expect one located problem."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)
        check_one_problem(name, line, col, text, cwd=tmp)


def case_binary():
    # An ELF header and then noise: the DEL byte is not text.
    data = b"\x7fELF\x02\x01\x01\x00" + bytes((i * 97 + 13) % 256 for i in range(4096))
    generated("binary.yaml", data, 1, 1, "control character U+007F is not allowed; is this a text file?")


def case_nul_bytes():
    generated("nul.yaml", b"id: x\ntitle: a\x00b\n", 2, 9, "control character U+0000")


def case_deep_flow():
    data = b"id: deep\nsteps: " + b"[" * 20000 + b"]" * 20000 + b"\n"
    generated("deep.yaml", data, 2, 39, "nesting deeper than 32 levels")


def case_deep_block():
    # "- - - - ... x": 20,000 nested block lists on one line.
    data = b"- " * 20000 + b"x\n"
    generated("deep-block.yaml", data, 1, 65, "nesting deeper than 32 levels")


def case_deep_mapping():
    data = b"{a: " * 20000 + b"1" + b"}" * 20000 + b"\n"
    generated("deep-map.yaml", data, 1, 129, "nesting deeper than 32 levels")


def case_huge_scalar():
    data = b"id: huge\ntitle: " + b"a" * (16 << 20) + b"\n"
    generated("huge.yaml", data, 1, 1, f"file is {len(data)} bytes; lessons are limited to 1 MiB")


def case_big_but_allowed():
    """A lesson just under 1 MiB loads, quickly."""
    text = ("word " * 190000)[:950000]
    data = ("id: big\ntitle: Big\nteaching: 1\nexercises: 1\nsteps:\n  - title: Long\n    text: " + text + "\n").encode()
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "big.yaml"), "wb") as f:
            f.write(data)
        rc, out, err = run(["check", "big.yaml"], cwd=tmp)
        expect(rc == 0, f"exit status {rc}, expected 0", out, err)
        expect(out == "1 lesson, 1 step: no problems\n", "summary on stdout", out, err)


def case_bom_crlf():
    """Files saved by Windows editors: a byte order mark and CRLF line ends."""
    data = ("\ufeffid: windows\r\ntitle: T\r\nteaching: 1\r\nexercises: 1\r\nsteps:\r\n"
            "  - title: S\r\n    text: x\r\n    colour: red\r\n").encode()
    generated("windows.yaml", data, 8, 5, "unknown key 'colour' in step")


def case_multi_error():
    """Every problem in a file is reported, in line order."""
    rc, out, err = run(["check", "multi-error.yaml"], cwd=BROKEN)
    expect(rc == 1, f"exit status {rc}, expected 1", out, err)
    want = [
        "multi-error.yaml:1:5: 'id' is 'Multi_Error'; use lower-case letters, digits and '-' (at most 64)",
        "multi-error.yaml:2:1: unknown key 'titel' in lesson; did you mean 'title'?",
        "multi-error.yaml:3:11: 'teaching': expected a whole number, got the quoted string \"20\" (drop the quotes)",
        "multi-error.yaml:4:12: 'exercises' is 700; it must be between 0 and 600 minutes",
        "multi-error.yaml:5:12: 'questions': expected a list of strings, got a string",
        "multi-error.yaml:9:5: unknown key 'colour' in step (the keys are: title, text, code, demo, quiz, run, exercise, predict)",
        "multi-error.yaml:10:5: step has nothing to show; give it text, code, demo, quiz, run or exercise",
        "multi-error.yaml:12:32: demo 'gil' has no variant 'turbo'; its variants are: cpu, nogil, io, convoy, free",
        "multi-error.yaml:12:52: 'workers' is 0; it must be between 1 and 1024",
        "multi-error.yaml:12:65: 'seconds' is 90; it must be between 0.1 and 60 seconds",
        "multi-error.yaml:12:79: 'schedule' is 'random'; it must be one of: static, dynamic, guided",
        "multi-error.yaml:14:39: a quiz needs 2 to 9 choices (the number keys), got 1",
        "multi-error.yaml:16:48: run: '>' is shell syntax; commands run without a shell (no redirections)",
        "multi-error.yaml:16:68: 'timeout' is 0; it must be between 1 and 600 seconds",
        "14 errors in 1 of 1 file",
    ]
    got = err.splitlines()
    expect(got == want, "the full list of problems differs:\n" + "\n".join(
        f"{'  ' if g == w else '! '}{g!r}\n  want {w!r}" for g, w in zip(got + [""] * len(want), want)), out, err)


def case_whole_corpus():
    """A folder of broken lessons: one or more problems per file, all of them reported."""
    rc, out, err = run(["check", "."], cwd=BROKEN)
    expect(rc == 1, f"exit status {rc}, expected 1", out, err)
    n_files = len([f for f in os.listdir(BROKEN) if f.endswith(".yaml")])
    summary = err.splitlines()[-1]
    expect(re.fullmatch(rf"\d+ errors in {n_files} of {n_files} files", summary), f"summary {summary!r}", out, err)
    for name in os.listdir(BROKEN):
        if name.endswith(".yaml"):
            expect(re.search(rf"^\./{re.escape(name)}:\d+:\d+: ", err, re.M), f"no problem reported for {name}", out, err)
    lines = err.splitlines()[:-1]
    expect(lines == sorted(lines, key=lambda l: (l.split(":")[0], int(l.split(":")[1]), int(l.split(":")[2]))),
           "problems are sorted by file, line and column", out, err)


def case_duplicate_id():
    rc, out, err = run(["check", "dup"], cwd=HERE)
    expect(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect(err == "dup/b.yaml:2:5: duplicate lesson id 'same' (also the id of dup/a.yaml:1:5)\n"
                  "1 error in 1 of 2 files\n", "duplicate id message", out, err)


def case_clean():
    rc, out, err = run(["check", "good"], cwd=HERE)
    expect(rc == 0, f"exit status {rc}, expected 0", out, err)
    expect(out == "2 lessons, 8 steps: no problems\n" and err == "", "clean summary", out, err)
    rc, out, err = run(["check", "good/01-first.yaml", "good/02-second.yaml"], cwd=HERE)
    expect(rc == 0 and out == "2 lessons, 8 steps: no problems\n", "clean files", out, err)


def case_clean_practice():
    """Every form of exercise and prediction, with its files in place."""
    rc, out, err = run(["check", "practice"], cwd=HERE)
    expect(rc == 0 and out == "1 lesson, 6 steps: no problems\n" and err == "", "clean practice lesson", out, err)


def case_exercise_files_absolute():
    """A starter named by an absolute path is refused even when it exists."""
    starter = os.path.join(HERE, "broken", "exercises", "add.py")
    data = ("id: abs\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n  - title: S\n    exercise:\n"
            f"      file: {starter}\n      solution: solutions/add.py\n"
            "      check: {command: python3 add.py}\n").encode()
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "solutions"))
        shutil.copy(os.path.join(HERE, "broken", "solutions", "add.py"), os.path.join(tmp, "solutions"))
        with open(os.path.join(tmp, "abs.yaml"), "wb") as f:
            f.write(data)
        check_one_problem("abs.yaml", 8, 13, "must be a path inside the lesson's folder, not an absolute path", cwd=tmp)


def case_default_dir():
    """No PATH: $CORELAB_LESSONS, and a missing file is a located problem too."""
    rc, out, err = run(["check"], cwd="/", env={"CORELAB_LESSONS": GOOD})
    expect(rc == 0 and out == "2 lessons, 8 steps: no problems\n", "check of $CORELAB_LESSONS", out, err)
    rc, out, err = run(["check", "no-such-lesson.yaml"], cwd=HERE)
    expect(rc == 1 and err.startswith("no-such-lesson.yaml: cannot read: No such file or directory\n"),
           "missing file", out, err)


def case_usage():
    rc, out, err = run(["check", "--bogus"])
    expect(rc == 2 and "unknown option '--bogus'" in err and out == "", "unknown flag exits 2", out, err)
    rc, out, err = run(["check", "--help"])
    expect(rc == 0 and out.startswith("usage: corelab check"), "--help exits 0 with usage", out, err)
    rc, out, err = run(["list", "--bogus"])
    expect(rc == 2 and "unexpected argument '--bogus'" in err, "list: unknown flag exits 2", out, err)
    rc, out, err = run(["list", "--lessons"])
    expect(rc == 2 and "--lessons needs a folder" in err, "list: --lessons without a folder", out, err)
    rc, out, err = run(["list", "--help"])
    expect(rc == 0 and out.startswith("usage: corelab list"), "list --help", out, err)


def case_list():
    rc, out, err = run(["list", "--lessons", GOOD])
    expect(rc == 0, f"exit status {rc}, expected 0", out, err)
    want = ("ID      TITLE            STEPS  MINUTES\n"
            "first   A first lesson       5       15\n"
            "second  A second lesson      3       20\n"
            "total   2 lessons            8       35\n")
    expect(out == want, "list table", out, err)
    rc, out2, err = run(["list"], env={"CORELAB_LESSONS": GOOD})
    expect(rc == 0 and out2 == want, "list of $CORELAB_LESSONS", out2, err)


def case_list_broken():
    """list still shows what loads, and says that something did not."""
    rc, out, err = run(["list", "--lessons", os.path.join(HERE, "dup")])
    expect(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect("duplicate lesson id 'same'" in err, "problem on stderr", out, err)
    expect(out.splitlines()[1].split()[0] == "same" and out.splitlines()[-1].split()[:3] == ["total", "1", "lesson"],
           "the lesson that loaded is listed", out, err)


def case_readme_example():
    """The complete example in lessons/README.md is a clean lesson."""
    readme = open(os.path.join(LESSONS, "README.md"), encoding="utf-8").read()
    m = re.search(r"```yaml\n(.*?)```", readme, re.S)
    expect(m, "lessons/README.md has a ```yaml example")
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("examples", "exercises", "solutions", "checkers"):
            shutil.copytree(os.path.join(LESSONS, folder), os.path.join(tmp, folder))
        with open(os.path.join(tmp, "example.yaml"), "w", encoding="utf-8") as f:
            f.write(m.group(1))
        rc, out, err = run(["check", "example.yaml"], cwd=tmp)
        expect(rc == 0 and out.endswith(": no problems\n"), "README example is clean", out, err)


def no_terminal_commands(out, err, what):
    """Nothing on either stream that a terminal would act on: ESC, the C1
    controls (CSI U+009B and the rest), BEL, carriage returns."""
    for stream in (out, err):
        bad = [c for c in stream if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F]
        expect(not bad, f"{what}: control characters reached the terminal: {bad[:5]!r}", out, err)


HOSTILE_TITLE = r'"\e]0;PWNED\a\e[2J\x9b31m"'


def case_escaped_control():
    """YAML escapes that make control characters fail check at their place."""
    data = (f"id: esc\ntitle: {HOSTILE_TITLE}\nteaching: 1\nexercises: 1\n"
            "steps:\n  - title: S\n    text: x\n").encode()
    generated("esc.yaml", data, 2, 9, "the escape \\e makes control character U+001B")
    data = b"id: esc\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n  - title: S\n    text: \"x \\u009b2J\"\n"
    generated("c1.yaml", data, 7, 14, "the escape \\u009b makes control character U+009B")


def case_hostile_title_list():
    """list does not print a hostile title: the lesson is refused, and what
    is printed is safe."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "a.yaml"), "w") as f:
            f.write(f"id: a\ntitle: {HOSTILE_TITLE}\nteaching: 1\nexercises: 1\n"
                    "steps:\n  - title: S\n    text: x\n")
        rc, out, err = run(["list", "--lessons", tmp])
        expect(rc == 1 and "a.yaml:2:9: the escape" in err, "the title is refused at its place", out, err)
        expect("PWNED" not in out, "the refused lesson is not listed", out, err)
        no_terminal_commands(out, err, "list")


def case_hostile_file_names():
    """File and folder names are printed with their control characters
    escaped by check, list and corelab --lessons DIR."""
    with tempfile.TemporaryDirectory() as tmp:
        name = "\x1b]0;PWNED\x07\x1b[2J\u009b31m.yaml"
        with open(os.path.join(tmp, name), "w") as f:
            f.write("id: x\ntitel: typo\n")
        shown = "\\x1b]0;PWNED\\x07\\x1b[2J\\u009b31m.yaml"
        for args, what in ((["check", tmp], "check"), (["list", "--lessons", tmp], "list"),
                           (["--lessons", tmp], "corelab --lessons")):
            rc, out, err = run(args)
            expect(rc == 1 and shown + ":2:1: unknown key 'titel'" in err, f"{what}: the file name, escaped", out, err)
            no_terminal_commands(out, err, what)
        empty = os.path.join(tmp, "\x1b[2Jempty\r")
        os.mkdir(empty)
        for args, what in ((["check", empty], "check"), (["--lessons", empty], "corelab --lessons")):
            rc, out, err = run(args)
            expect(rc == 1 and "\\x1b[2Jempty\\r" in err, f"{what}: the folder name, escaped", out, err)
            no_terminal_commands(out, err, what)


CASES = {f"broken-{k}": (lambda v=v: check_one_problem(*v)) for k, v in BROKEN_CASES.items()}
CASES.update({name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")})


if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
    else:
        run_tests(CASES)
