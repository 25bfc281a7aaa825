#!/usr/bin/env python3
"""The JSON contract of every demo and variant (DESIGN.md "Demos"): every
line parses, every record has its fields with the right types."""
import os
import sys

from checks import check, finish
from demolib import results, run
from procs import allowed_cpus

NUM = (int, float)
STATES = {"run", "wait", "nogil", "io", "idle"}

# Small work sizes: every run is short even under sanitizers.
CASES = {
    "gil": (["cpu", "nogil", "io", "convoy", "free"], {"cpu": 100000, "nogil": 100000, "io": 20,
                                                        "convoy": 10, "free": 100000}),
    "race": (["nolock", "mutex", "atomic"], 100000),
    "procs": (["threads", "processes"], 5000),
    "pool": (["threads", "processes"], 2000),
    "pi": (["threads", "processes"], 1000000),
    "sched": (["static", "dynamic", "guided"], 600),
}


def is_num(v):
    return isinstance(v, NUM) and not isinstance(v, bool)


def check_record(r, where):
    t = r.get("type")
    if t == "sample":
        check(is_num(r.get("t")), f"{where}: sample t")
        cpu = r.get("cpu")
        check(isinstance(cpu, list) and len(cpu) == allowed_cpus(), f"{where}: sample cpu list {cpu}")
        for p in cpu or []:
            check(p is None or (is_num(p) and 0 <= p <= 100), f"{where}: sample percent {p}")
        ids = r.get("cpus")
        check(ids == sorted(os.sched_getaffinity(0)), f"{where}: sample cpus {ids}")
        check("quota" not in r or (is_num(r["quota"]) and r["quota"] > 0), f"{where}: sample quota")
    elif t == "span":
        check(is_num(r.get("t")) and r["t"] >= 0, f"{where}: span t {r}")
        check(is_num(r.get("dur")) and r["dur"] >= 0, f"{where}: span dur {r}")
        check(isinstance(r.get("thread"), int) and r["thread"] >= 0, f"{where}: span thread {r}")
        check(r.get("state") in STATES, f"{where}: span state {r}")
        check(isinstance(r.get("cpu"), int), f"{where}: span cpu {r}")
    elif t == "result":
        for k in ("demo", "variant"):
            check(isinstance(r.get(k), str), f"{where}: result {k}")
        check(isinstance(r.get("workers"), int) and r["workers"] >= 1, f"{where}: result workers")
        check(is_num(r.get("wall_s")) and r["wall_s"] >= 0, f"{where}: result wall_s")
        check(r.get("speedup") is None or is_num(r["speedup"]), f"{where}: result speedup")
        check(r.get("busy_others") is None or (is_num(r["busy_others"]) and r["busy_others"] >= 0),
              f"{where}: result busy_others {r.get('busy_others')}")
    elif t == "fit":
        f = r.get("serial_fraction")
        check(is_num(f) and 0 <= f <= 1, f"{where}: fit serial_fraction {f}")
        check(isinstance(r.get("cpus"), int) and r["cpus"] >= 1, f"{where}: fit cpus {r.get('cpus')}")
    elif t == "error":
        check(isinstance(r.get("message"), str), f"{where}: error message")
    else:
        check(False, f"{where}: unknown record {r}")


CORE = {"type", "demo", "variant", "workers", "wall_s", "speedup", "work", "stopped", "spans_dropped",
        "busy_others"}


def listed_fields(demo, variant):
    """The result fields `corelab demo NAME --help` lists for the variant
    (the registry's): key -> whether it is one value per worker."""
    rc, _, out, _ = run([demo, "--help"])
    lines = out.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("result fields")), None)
    check(rc == 0 and start is not None, f"{demo} --help lists no result fields: {out!r}")
    fields = {}
    for line in lines[start + 1 if start is not None else len(lines):]:
        if not line.startswith("  "):
            break
        key, _, about = line.strip().partition(" ")
        only = about.strip().endswith(" only") and about.split(",")[-1].split()[0]
        if not only or only == variant:
            fields[key] = "one per worker" in about
    return fields


def check_listed(demo, variant, r, fields, where):
    """A result has exactly the fields the registry lists, lists as lists."""
    own = set(r) - CORE
    check(own == set(fields), f"{where}: result fields {sorted(own)} but --help lists {sorted(fields)}")
    for k, per_worker in fields.items():
        if k in r:
            check(isinstance(r[k], list) == per_worker and (not per_worker or len(r[k]) == r["workers"]),
                  f"{where}: {k} {r[k]!r} (one per worker: {per_worker})")


def check_demo_fields(demo, variant, r, where):
    w = r["workers"]
    if demo == "gil" and variant == "convoy":
        check(is_num(r.get("op_latency_ms")) and is_num(r.get("alone_ms")), f"{where}: convoy fields {r}")
    if demo == "race":
        for k in ("expected", "observed", "lost"):
            check(isinstance(r.get(k), int), f"{where}: race {k}")
        check(r["expected"] - r["observed"] == r["lost"], f"{where}: lost = expected - observed")
    if demo == "procs":
        s = r.get("start_us")
        check(isinstance(s, list) and len(s) == w and all(is_num(x) for x in s), f"{where}: procs start_us {s}")
    if demo == "pool":
        check(isinstance(r.get("chunksize"), int) and isinstance(r.get("tasks"), int), f"{where}: pool ints")
        b = r.get("busy_s")
        check(isinstance(b, list) and len(b) == w and all(is_num(x) for x in b), f"{where}: pool busy_s {b}")
    if demo == "pi":
        check(is_num(r.get("estimate")) and isinstance(r.get("samples"), int), f"{where}: pi fields")
    if demo == "sched":
        check(r.get("schedule") == variant, f"{where}: sched schedule")
        check(r.get("imbalance") is None or is_num(r["imbalance"]), f"{where}: sched imbalance")


def main():
    only = sys.argv[1:]
    for demo, (variants, work) in CASES.items():
        if only and demo not in only:
            continue
        for v in variants:
            n = work[v] if isinstance(work, dict) else work
            where = f"{demo} {v}"
            rc, recs, out, err = run([demo, "--variant", v, "--workers", "1,2", "--work", str(n), "--json"])
            check(rc == 0, f"{where}: exit {rc}: {err.strip()}")
            for r in recs:
                check_record(r, where)
            res = results(recs)
            check([r["workers"] for r in res] == [1, 2], f"{where}: one result per run")
            fields = listed_fields(demo, v)
            for r in res:
                check(r.get("demo") == demo and r.get("variant") == v, f"{where}: names in result")
                check_demo_fields(demo, v, r, where)
                check_listed(demo, v, r, fields, where)
            if len(res) == 2:
                check(res[0]["speedup"] == 1, f"{where}: 1-worker speedup")
                check(is_num(res[1]["speedup"]), f"{where}: 2-worker speedup")
            # Two worker counts are too few for an Amdahl fit (it takes three
            # that each have a CPU), and convoy does not split its work at all.
            check(sum(1 for r in recs if r["type"] == "fit") == 0, f"{where}: no fit from two worker counts")
            check(any(r["type"] == "span" for r in recs), f"{where}: a timeline")
            check(out.endswith("\n"), f"{where}: complete lines")
            # The same without --json: a table, then a sentence.
            rc, _, text, err = run([demo, "--variant", v, "--workers", "1,2", "--work", str(n)])
            lines = text.strip().splitlines()
            check(rc == 0 and any(l.split()[:3] == ["workers", "wall_s", "speedup"] for l in lines),
                  f"{where}: no table: {text!r}")
            # A sentence: a run this short may also end in a question ("faster
            # than the GIL should allow?") when the 1-worker run started cold.
            check(rc == 0 and lines and lines[-1][-1:] in (".", "?"), f"{where}: no conclusion: {text!r}")
    if not only or "pi" in only:
        check_fit()
    finish()


def check_fit():
    """An Amdahl fit takes three worker counts that each have a CPU, and
    says how many CPUs it capped the workers at."""
    cpus = allowed_cpus()
    counts = [1, 2, 3] if cpus >= 3 else [1, 2, 2 * cpus]
    rc, recs, _, err = run(["pi", "--workers", ",".join(map(str, counts)), "--work", "300000", "--json"])
    fits = [r for r in recs if r["type"] == "fit"]
    if cpus >= 3:
        check(rc == 0 and len(fits) == 1 and fits[0].get("cpus") == cpus, f"pi {counts}: one fit on {cpus} CPUs: {fits}")
    else:
        check(rc == 0 and not fits, f"pi {counts} on {cpus} CPUs: no fit from two counts with a CPU: {fits} {err}")


main()
