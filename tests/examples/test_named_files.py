#!/usr/bin/env python3
"""Every file the bundled lessons name exists: the words of `run:` commands
that look like files, and every script a step's text or code mentions
(`examples/pool_pi.py`, `pi.sbatch`, `sums.pyx`...). A name with a folder is
looked up from the lessons folder; a bare name must exist somewhere under
lessons/examples or lessons/exercises, so that a learner who reads "edit pool_pi.py" finds it.

Reads the lesson YAML (python3-yaml). Run by meson (suite 'lesson') with
CORELAB_LESSONS_DIR set. Exit 0 when every file exists, 1 otherwise.
"""
import glob
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("PyYAML is missing: install python3-yaml (Debian) to run this test")
    sys.exit(1)

LESSONS = os.environ.get("CORELAB_LESSONS_DIR", "lessons")
# Names of scripts, job scripts and sources, with or without a folder.
FILE_NAME = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.(?:py|pyx|sbatch|pbs|sh|c))\b")


def texts_of(step):
    """Every piece of prose and code in a step, with where it is."""
    if step.get("text"):
        yield "text", step["text"]
    if step.get("code"):
        yield "code", step["code"].get("source", "")
    if step.get("run"):
        yield "run", step["run"]["command"]
    if step.get("quiz"):
        quiz = step["quiz"]
        for key in ("question", "hint", "explain"):
            if quiz.get(key):
                yield "quiz", quiz[key]
        for choice in quiz.get("choices", []):
            yield "quiz", str(choice)


def shipped_names():
    """Examples, and exercise starters (the learner's copy has the same name)."""
    names = set()
    for folder in ("examples", "exercises"):
        root = os.path.join(LESSONS, folder)
        names |= {os.path.basename(p) for p in glob.glob(os.path.join(root, "**", "*"), recursive=True)}
    return names


def exists(name, shipped):
    if "/" not in name:
        return name in shipped
    relative = name[len("lessons/"):] if name.startswith("lessons/") else name
    return os.path.exists(os.path.join(LESSONS, relative))


def main():
    shipped = shipped_names()
    missing, checked = [], 0
    for path in sorted(glob.glob(os.path.join(LESSONS, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            lesson = yaml.safe_load(f)
        for number, step in enumerate(lesson.get("steps", []), 1):
            for where, text in texts_of(step):
                for name in FILE_NAME.findall(text):
                    checked += 1
                    if not exists(name, shipped):
                        missing.append(f"{os.path.basename(path)} step {number} ({where}): {name}")
    for m in missing:
        print(f"FAIL: names a file that does not exist: {m}")
    if missing:
        return 1
    if checked == 0:
        print("FAIL: the lessons name no file at all; is the pattern broken?")
        return 1
    print(f"ok: all {checked} file names in the lessons exist")
    return 0


if __name__ == "__main__":
    sys.exit(main())
