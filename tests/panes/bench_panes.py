"""Benchmarks of the live panes (meson `benchmark()`s, suite 'panes').

They print ratios measured in one run and never fail on timings:

  idle   corelab on a demo step with nothing running (the "system" meters,
         2 Hz) against htop at the same refresh (-d 5 = 0.5 s) and terminal
         size: CPU seconds used and bytes written to the terminal per second.
         Goals: at most 1/4 of htop's CPU and 1/2 of its bytes.
  demo   corelab while a gil demo runs (10 Hz): CPU, bytes per second and
         resident memory (VmHWM) of the TUI process itself; against btop
         when it is installed (goal: 1/4 of its bytes).

Each program runs under a pseudo-terminal made with Python's pty module;
the bytes counted are everything it writes to that terminal after a short
warm-up (the first full paint is left out).

Usage: bench_panes.py idle|demo [seconds]"""
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time

from procs import cpu_seconds, status_value

BIN = os.environ.get("CORELAB_BIN", "build/corelab")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
COLS, ROWS = 120, 40
WARMUP = 2.0


def run_in_pty(argv, seconds, keys=(), env_extra=None, files=None):
    """Run argv on a pty of COLS x ROWS for WARMUP + seconds; send each
    (at, bytes) of keys at that many seconds after the start. Returns the
    bytes written and the CPU seconds used after the warm-up, and the peak
    resident memory in kB."""
    home = tempfile.mkdtemp(prefix="corelab-bench-")
    env = {
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": home,
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "COLUMNS": str(COLS),
        "LINES": str(ROWS),
    }
    env.update(env_extra or {})
    for rel, text in (files or {}).items():  # config files under the fresh HOME
        path = os.path.join(home, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            # the size is there before the program first asks for it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    start = time.monotonic()
    counted = 0
    cpu0 = None
    pending = sorted(keys)
    end = start + WARMUP + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        if cpu0 is None and now >= start + WARMUP:
            cpu0 = cpu_seconds(pid)
        while pending and now >= start + pending[0][0]:
            os.write(fd, pending.pop(0)[1])
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            if cpu0 is not None:
                counted += len(data)
    cpu1 = cpu_seconds(pid)
    hwm = status_value(pid, "VmHWM")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                os.read(fd, 65536)
        except OSError:
            pass
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    shutil.rmtree(home, ignore_errors=True)
    cpu = (cpu1 - cpu0) if (cpu0 is not None and cpu1 is not None) else float("nan")
    return counted, cpu, hwm


def ratio(a, b):
    return a / b if b else float("inf")


def report(name, seconds, data):
    nbytes, cpu, hwm = data
    print(f"{name:<28} {nbytes / seconds:10.0f} B/s  {cpu:7.3f} s CPU  "
          f"({100 * cpu / seconds:5.2f}%)  peak RSS {hwm or 0} kB")


def bench_idle(seconds):
    corelab = [BIN, "--lessons", FIXTURES, "--open", "panes-fixture:2"]
    print(f"idle view, {COLS}x{ROWS}, {seconds:.0f} s each after {WARMUP:.0f} s warm-up")
    c = run_in_pty(corelab, seconds)
    report("corelab (idle, 2 Hz)", seconds, c)
    htop = shutil.which("htop")
    if not htop:
        print("htop is not installed: no comparison (apt-get install htop)")
        return
    h = run_in_pty([htop, "-d", "5"], seconds)
    report("htop -d 5 (2 Hz)", seconds, h)
    print(f"ratio corelab/htop: CPU {ratio(c[1], h[1]):.3f} (goal <= 0.25), "
          f"bytes {ratio(c[0], h[0]):.3f} (goal <= 0.5)")


def bench_demo(seconds):
    # step 4: a gil demo that runs long; 'r' after the warm-up's first second
    corelab = [BIN, "--lessons", FIXTURES, "--open", "panes-fixture:4"]
    print(f"gil demo running, {COLS}x{ROWS}, {seconds:.0f} s after {WARMUP:.0f} s warm-up")
    c = run_in_pty(corelab, seconds, keys=[(1.0, b"r")])
    report("corelab (gil demo, 10 Hz)", seconds, c)
    print(f"corelab resident memory during the demo: peak {c[2] or 0} kB (the TUI, not the demo)")
    btop = shutil.which("btop")
    if not btop:
        print("btop is not installed: no comparison")
        return
    # btop 1.2 takes its refresh from its config: update_ms = 100 (10 Hz)
    b = run_in_pty([btop, "-lc"], seconds, files={"config/btop/btop.conf": "update_ms = 100\n"})
    report("btop, update_ms 100", seconds, b)
    print(f"ratio corelab/btop: bytes {ratio(c[0], b[0]):.3f} (goal <= 0.25), CPU {ratio(c[1], b[1]):.3f}")


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "idle"
    secs = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    {"idle": bench_idle, "demo": bench_demo}[which](secs)
