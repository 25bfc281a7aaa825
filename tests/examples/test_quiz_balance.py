#!/usr/bin/env python3
"""The bundled workshop's quizzes do not give their answers away: over all
lessons, no answer position holds more than 35 % of the right answers, and
the right answer is the longest choice in at most a third of the quizzes
(a learner who always picks the longest choice must not pass).

Reads the lesson YAML (python3-yaml). Run by meson (suite 'lesson') with
CORELAB_LESSONS_DIR set. Exit 0 when balanced, 1 otherwise, with the tally.
"""
import glob
import os
import sys
from collections import Counter

try:
    import yaml
except ImportError:
    print("PyYAML is missing: install python3-yaml (Debian) to run this test")
    sys.exit(1)

LESSONS = os.environ.get("CORELAB_LESSONS_DIR", "lessons")
MAX_POSITION_SHARE = 0.35
MAX_LONGEST_SHARE = 1 / 3


def quizzes():
    """(file, quiz) for every quiz of every lesson."""
    found = []
    for path in sorted(glob.glob(os.path.join(LESSONS, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            lesson = yaml.safe_load(f)
        for step in lesson.get("steps", []):
            if "quiz" in step:
                found.append((os.path.basename(path), step["quiz"]))
    return found


def right_is_longest(quiz):
    """Whether the right choice is at least as long as every other one."""
    lengths = [len(str(c)) for c in quiz["choices"]]
    return lengths[quiz["answer"] - 1] == max(lengths)


def main():
    found = quizzes()
    if not found:
        print(f"FAIL: no quizzes in {LESSONS}")
        return 1
    total = len(found)
    positions = Counter(quiz["answer"] for _, quiz in found)
    longest = [(name, quiz["question"][:60]) for name, quiz in found if right_is_longest(quiz)]
    print(f"{total} quizzes; right answers by position: "
          + ", ".join(f"{p}: {n}" for p, n in sorted(positions.items())))
    print(f"the right answer is the longest choice in {len(longest)} of them")
    failed = False
    for position, count in sorted(positions.items()):
        if count > MAX_POSITION_SHARE * total:
            print(f"FAIL: {count} of {total} right answers ({count / total:.0%}) are "
                  f"choice {position}; at most {MAX_POSITION_SHARE:.0%} may be")
            failed = True
    if len(longest) > MAX_LONGEST_SHARE * total:
        print(f"FAIL: the longest choice is right in {len(longest)} of {total} quizzes; "
              f"at most a third may be:")
        for name, question in longest:
            print(f"  {name}: {question}")
        failed = True
    if failed:
        return 1
    print("ok: the quizzes' answers are balanced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
