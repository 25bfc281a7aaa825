#!/usr/bin/env python3
"""`corelab trace` with bad input and faults: a command that does not
exist, usage errors, a program that starts a thousand threads, one that
outlives --seconds, threads and processes that end between samples, the
program's own output and exit status, a signal to corelab, and, as root,
a non-root user, /proc mounted with hidepid and a program that is not
ours (setuid)."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from tracelib import BIN, PYTHON, SLOW, alive, check, note, program, run_tests, trace, trace_py


def test_not_found():
    t = trace(["corelab-no-such-command", "x"], json_mode=False)
    lines = t.err.splitlines()
    check(t.rc == 127 and len(lines) == 1 and "command not found" in lines[0] and t.out == "",
          f"not found: rc {t.rc}, stderr {t.err!r}")
    t = trace(["corelab-no-such-command"])
    check(t.rc == 127 and len(t.records) == 1 and t.records[0].get("type") == "error",
          f"not found --json: rc {t.rc}, stdout {t.out!r}")
    t = trace(["/nonexistent/prog"], json_mode=False)
    check(t.rc == 127 and "no such file" in t.err, f"missing path: rc {t.rc} {t.err!r}")
    t = trace(["/etc/hostname"], json_mode=False)
    check(t.rc == 126 and len(t.err.splitlines()) == 1, f"not executable: rc {t.rc} {t.err!r}")


def test_usage():
    for args in (["trace"], ["trace", "--interval", "0"], ["trace", "--interval"], ["trace", "--seconds", "x", "--", "true"],
                 ["trace", "--bogus", "--", "true"]):
        p = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=30)
        check(p.returncode == 2 and len(p.stderr.splitlines()) == 1 and p.stdout == "",
              f"usage {args}: rc {p.returncode}, stderr {p.stderr!r}")
    p = subprocess.run([BIN, "trace", "--help"], capture_output=True, text=True, timeout=30)
    check(p.returncode == 0 and "--interval" in p.stdout and "--seconds" in p.stdout, "trace --help")


def test_many_threads(wd):
    t = trace_py("many", wd)
    r = t.result
    check(t.rc == 0 and r, f"many: rc {t.rc} {t.err[-300:]}")
    if not r:
        return
    # threads that ended before a listing are not counted: more than the
    # rows is what matters
    check(r["rows"] == 64 and r["rows_capped"] and r["threads"] > 64,
          f"many: rows {r['rows']}, capped {r['rows_capped']}, threads {r['threads']}")
    check(all(s["thread"] < 64 for s in t.of("span")), "many: a span beyond the rows")
    text = trace_py("many", wd, json_mode=False)
    check(text.rc == 0 and "rows capped" in text.err, f"many text: {text.err[-400:]}")


def test_outlives_seconds(wd):
    t0 = time.monotonic()
    t = trace_py("forever", wd, options=["--seconds", "1"])
    took = time.monotonic() - t0
    r = t.result
    check(t.rc == 124 and r and r["stopped"], f"forever: rc {t.rc}, result {r}")
    check(took < 10 * SLOW, f"forever: corelab took {took:.1f} s to stop it")
    if r:
        pids = set(r["pid"])
        check(len(pids) >= 2, f"forever: processes seen {pids}")
        check(not [p for p in pids if alive(p)], f"forever: still alive after the stop: {[p for p in pids if alive(p)]}")
    text = trace_py("forever", wd, json_mode=False, options=["--seconds", "0.5"])
    check(text.rc == 124 and "stopped" in text.err and "started" in text.out,
          f"forever text: rc {text.rc} {text.err[-300:]!r}")


def test_brief_ones(wd):
    t = trace_py("brief", wd)
    r = t.result
    check(t.rc == 0 and r and "brief ones done" in t.err, f"brief: rc {t.rc} {t.err[-300:]}")
    if r:
        for row in t.rows():
            parts = row["run_s"] + row["wait_s"] + row["io_s"] + row["ready_s"]
            check(row["life_s"] >= 0 and parts <= row["life_s"] + 1e-3, f"brief: row {row}")


def test_output_and_status(wd):
    t = trace_py("output", wd, json_mode=False)
    check(t.rc == 3 and t.out == "to stdout\n" and t.err.startswith("to stderr\n"),
          f"output: rc {t.rc}, stdout {t.out!r}, stderr {t.err[:80]!r}")
    check("exit status 3" in t.err, f"output: report {t.err!r}")
    t = trace_py("output", wd)
    check(t.rc == 3 and not t.garbage and "to stdout" in t.err and "to stderr" in t.err,
          f"output --json: rc {t.rc}, garbage {t.garbage}")
    t = trace([PYTHON, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
    check(t.rc == 137 and t.result and t.result["exit_status"] == 137, f"killed: rc {t.rc}")


def test_signal_to_corelab(wd):
    p = subprocess.Popen([BIN, "trace", "--json", "--", PYTHON, program("forever", wd)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20 * SLOW
    line = ""
    while time.monotonic() < deadline and "started" not in line:
        line = p.stderr.readline()
    p.send_signal(signal.SIGTERM)
    out, _ = p.communicate(timeout=30 * SLOW)
    check(p.returncode == 128 + signal.SIGTERM, f"SIGTERM: rc {p.returncode}")
    results = [ln for ln in out.splitlines() if '"type":"result"' in ln]
    check(len(results) == 1, "SIGTERM: no result record")
    if results:
        pids = json.loads(results[0])["pid"]
        check(not [q for q in pids if alive(q)], "SIGTERM: the program's processes outlived corelab")


def as_nobody():
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def test_not_root(wd):
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return note("not root (or no setpriv): the non-root checks are skipped")
    t = trace_py("gil", wd, prefix=as_nobody())
    r = t.result
    check(t.rc == 0 and r and r["rows"] == 3 and not r["lock_waits_hidden"],
          f"as nobody: rc {t.rc} {t.err[-300:]}")
    if r:
        check(sum(r["wait_s"]) > 0.05, f"as nobody: no lock waits seen {r['wait_s']}")


def setuid_sleep():
    d = tempfile.mkdtemp(prefix="corelab-suid-")
    os.chmod(d, 0o755)
    path = os.path.join(d, "sleep")
    shutil.copy(shutil.which("sleep"), path)
    os.chmod(path, 0o4755)
    return d, path


# Run inside a private mount namespace (unshare -m): mounts its own /proc
# with hidepid, then becomes nobody and runs the rest of its argv.
HIDEPID_HELPER = r"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.mount(b"proc", b"/proc", b"proc", 0, b"hidepid=invisible") != 0:
    sys.exit(99)
os.execvp("setpriv", ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + sys.argv[1:])
"""


def under_hidepid(argv, timeout):
    return subprocess.run(["unshare", "-m", "--propagation", "private", PYTHON, "-c", HIDEPID_HELPER] + argv,
                          capture_output=True, text=True, timeout=timeout * SLOW)


def test_not_ours(wd):
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("unshare"):
        return note("not root: the hidepid and setuid checks are skipped")
    d, suid = setuid_sleep()
    try:
        t = trace([suid, "0.3"], json_mode=False, prefix=as_nobody())
        check(t.rc == 0 and "could not be read" in t.err, f"setuid: rc {t.rc} {t.err!r}")
        p = under_hidepid([BIN, "trace", "--", suid, "0.3"], 60)
        if p.returncode == 99:
            return note("cannot mount /proc with hidepid here: skipped")
        lines = p.stderr.splitlines()
        check(p.returncode == 1 and len(lines) == 1 and "hidepid" in lines[0],
              f"hidepid: rc {p.returncode}, stderr {p.stderr!r}")
        p = under_hidepid([BIN, "trace", "--", PYTHON, program("gil", wd)], 120)
        check(p.returncode == 0 and "verdict:" in p.stderr, f"hidepid, own program: rc {p.returncode} {p.stderr[-300:]}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    test_not_found()
    test_usage()
    run_tests(test_many_threads, test_outlives_seconds, test_brief_ones, test_output_and_status,
              test_signal_to_corelab, test_not_root, test_not_ours)


if __name__ == "__main__":
    main()
