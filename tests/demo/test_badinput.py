#!/usr/bin/env python3
"""Bad input: one line saying what is wrong, exit 2; --help and list work."""

from checks import check, finish
from demolib import run

# Values out of an option's range or form: the message names the option.
BAD_VALUES = [
    ("pi", "--workers", ["0", "100000", "1,,2", "4-2", "two", "1-100"]),  # 1-100: more than 64 runs
    ("pi", "--seconds", ["-1", "3600", "nan"]),
    ("gil", "--switch-interval", ["-5", "1e9"]),
    ("pi", "--work", ["99999999999999999999999", "-3"]),
    ("pool", "--chunksize", ["0"]),
    ("sched", "--schedule", ["random"]),
]

BAD = [([demo, option, value], option) for demo, option, values in BAD_VALUES for value in values] + [
    (["nosuch"], "unknown demo"),
    (["gil", "--variant", "turbo"], "no variant"),
    (["pool", "--work", "1000000000000"], "too large"),
    (["sched", "--variant", "static", "--schedule", "dynamic"], "contradicts"),
    (["pi", "--schedule", "static"], "sched"),
    # An option the demo does not take is refused, not ignored.
    (["gil", "--chunksize", "4"], "--chunksize belongs to the pool and sched demos, not gil"),
    (["race", "--switch-interval", "4"], "--switch-interval belongs to the gil demo, not race"),
    (["pi", "--frobnicate"], "unknown option"),
    (["pi", "--workers"], "needs a value"),
    (["pi", "--workers", "4", "--work", "2"], "every worker needs"),
    (["--json"], "demo name"),
]


def main():
    for args, word in BAD:
        rc, _, out, err = run(args)
        lines = err.strip().splitlines()
        check(rc == 2, f"{args}: exit {rc}, expected 2")
        check(len(lines) == 1 and word in lines[0], f"{args}: message {lines!r} lacks {word!r}")
        check(out == "", f"{args}: wrote to stdout: {out!r}")
    # With --json the reader gets an error record too.
    rc, recs, out, err = run(["pi", "--workers", "0", "--json"])
    check(rc == 2 and len(recs) == 1 and recs[0]["type"] == "error" and "--workers" in recs[0]["message"],
          f"--json usage error: {rc} {out!r}")
    rc, _, out, _ = run(["list"])
    check(rc == 0, "demo list exits 0")
    for name in ("gil", "race", "procs", "pool", "pi", "sched"):
        check(any(line.startswith(name + " ") for line in out.splitlines()), f"demo list lacks {name}")
    for v in ("cpu", "nogil", "io", "convoy", "free", "nolock", "mutex", "atomic", "static", "dynamic", "guided"):
        check(f" {v} " in out, f"demo list lacks variant {v}")
    rc, _, out, _ = run(["pool", "--help"])
    check(rc == 0 and "chunksize" in out and "threads" in out, "demo pool --help")
    rc, _, out, _ = run(["--help"])
    check(rc == 0 and "--workers" in out, "demo --help")
    rc, _, _, err = run([])
    check(rc == 2, "demo with no name exits 2")
    # The text output: a table and a conclusion in words.
    rc, _, out, _ = run(["gil", "--workers", "1,2", "--work", "200000"])
    check(rc == 0 and "workers" in out and "speedup" in out and "efficiency" in out, f"gil table: {out}")
    check(("took" in out and "as long as 1" in out and "GIL" in out) or "not conclusive (machine busy)" in out,
          f"gil conclusion: {out}")
    finish()


main()
