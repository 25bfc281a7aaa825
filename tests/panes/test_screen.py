"""Screen tests of the live panes on the real binary in tmux, with the
fixture lesson tests/panes/fixtures/panes.yaml:
  step 2: gil demo, workers 1,2, 1 s a run    step 3: run python3 run_ok.py
  step 4: gil demo, 2 workers, 30 s (long enough to stop, resize, quit)
  step 5: run python3 two_threads.py with trace: true
  step 6: pi with 2 processes, 30 s (long enough to look at them in ps)
  step 7: run python3 sleep_forever.py (stopped by hand)

Usage: test_screen.py NAME  (meson runs each test as its own process)."""
import os
import re
import tempfile

from checks import run_tests, wait_until
from procs import alive, children, process
from tmuxscreen import BIN, Screen

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")


def start(width=120, height=40, ascii_mode=False, cwd=None):
    args = [BIN, "--lessons", FIXTURES]
    if ascii_mode:
        args.append("--ascii")
    s = Screen(args, width=width, height=height, cwd=cwd)
    s.wait_for("Plain text")
    return s


def goto_step(s, n, title):
    for _ in range(n - 1):
        s.send("Right")
    s.wait_for(title)


def demo_children(s):
    """The `corelab demo` children of the corelab in the pane."""
    return [p for p in children(s.pane_pid()) if p.argv[1:2] == ["demo"]]


def demo_child(s, timeout=10.0):
    """The pid of the `corelab demo` child of the corelab in the pane."""
    return wait_until(lambda: demo_children(s), timeout, "a `corelab demo` child of corelab")[0].pid


def wait_dead(pid, timeout=5.0):
    wait_until(lambda: not alive(pid), timeout, f"process {pid} to end")


def run_short_demo(s):
    """Run step 2's short demo to its end: the screen then."""
    goto_step(s, 2, "Threads take turns")
    s.send("r")
    return s.wait_for("done in", timeout=30)


def open_export(s):
    """Run step 2's short demo, then e: the export prompt."""
    run_short_demo(s)
    s.press(("e", "export CSV to:"))


def start_long_demo(s):
    """Run step 4's long demo: the pid of its `corelab demo` child."""
    goto_step(s, 4, "A long demo")
    s.send("r")
    s.wait_for("cores")
    return demo_child(s)


def test_demo_shows_panes():
    """r on a demo step: meters, timeline rows and chart points appear."""
    with start() as s:
        goto_step(s, 2, "Threads take turns")
        s.wait_for("press r to run")
        s.send("r")
        s.wait_for("running")
        s.wait_for("cores")  # the demo's own meters while it runs
        s.wait_for(r"cores +\d+ CPUs?, avg \d+%", regex=True)
        s.wait_for(r"T[01] +\S", regex=True)  # whichever ran last
        screen = s.wait_for("done in", timeout=30)
        assert "T0" in screen and "T1" in screen and "2 threads" in screen, screen
        assert "run/GIL" in screen, screen
        assert "speedup" in screen and "workers" in screen, screen
        assert re.search(r"^.*\s1\s+\d+\.\d{3}\s+1\.00\s+100%", screen, re.M), screen
        assert re.search(r"^.*\s2\s+\d+\.\d{3}\s+\d+\.\d\d\s+\d+%", screen, re.M), screen
        assert "*" in screen, screen
        # Two worker counts make no Amdahl fit; a busy machine, no finding.
        assert "efficiency" in screen or "not conclusive (machine busy)" in screen, screen
        assert "serial fraction" not in screen, screen
        # the meters go back to the whole system
        s.wait_for("system, no demo running")


def test_ascii_mode():
    """--ascii: the same information with no byte outside ASCII."""
    with start(ascii_mode=True) as s:
        goto_step(s, 2, "Threads take turns")
        s.send("r")
        s.wait_for("cores")
        screen = s.wait_for("done in", timeout=30)
        for line in screen.splitlines():
            assert all(ord(c) < 128 for c in line), repr(line)
        assert re.search(r"T[01] .*#", screen), screen
        assert "# run/GIL" in screen and ". wait" in screen, screen
        assert re.search(r"\[\|+ *\]", screen) or "system" in screen, screen
        # The chart's title: its efficiency, or that the machine was busy.
        screen = s.wait_screen(lambda t: "efficiency" in t or "machine busy" in t, 10, "the chart's finding")
        assert "*" in screen, screen
        for line in screen.splitlines():
            assert all(ord(c) < 128 for c in line), repr(line)


def test_resize_mid_demo():
    with start() as s:
        goto_step(s, 4, "A long demo")
        s.send("r")
        s.wait_for("cores")
        s.wait_for(r"T1 +\S", regex=True)
        s.resize(80, 24)
        s.wait_for("running")
        s.wait_for(r"T1 +\S", regex=True)
        s.resize(140, 45)
        screen = s.wait_for("cores")
        s.wait_for(r"T1 +\S", regex=True)
        s.resize(100, 30)
        s.wait_for("running")
        s.send("s")
        s.wait_for("stopped")


def end_long_demo(s, key, shows):
    """Start step 4's long demo, then press key: the screen shows `shows`
    and the demo's process has gone."""
    pid = start_long_demo(s)
    s.press((key, shows))
    wait_dead(pid)


def test_stop_kills_demo():
    with start() as s:
        end_long_demo(s, "s", "stopped")
        assert not demo_children(s), demo_children(s)


def test_quit_mid_demo_leaves_no_process():
    with start() as s:
        pid = start_long_demo(s)
        s.send("q")
        wait_until(s.dead, 10, "corelab to quit", detail=s)
        wait_dead(pid)


def test_leaving_step_stops_demo():
    with start() as s:
        end_long_demo(s, "Left", "Run it yourself")


def test_run_step():
    with start() as s:
        goto_step(s, 3, "Run it yourself")
        s.send("r")
        screen = s.wait_for("passed", timeout=30)
        assert "a warning on stderr" in screen, screen
        assert "pi ~ 3.14" in screen, screen
        assert "exited with status 0" in screen, screen


def test_traced_run_step():
    """r on a run step with trace: true: the program's two threads in the
    timeline, the trace's meters while it runs, its output, and the trace
    line with cores busy, overlap and the verdict."""
    with start() as s:
        goto_step(s, 5, "Watch your own threads")
        s.wait_for("run: python3 two_threads.py, traced")
        s.send("r")
        s.wait_for(r"cores +\d+ CPUs?, avg \d+%", regex=True)  # the trace's samples, not the system's
        s.wait_for(r"(T1|worker-1) \d+ ", regex=True)
        screen = s.wait_for("verdict:", timeout=60)
        # Python 3.14 names the OS threads after the threading.Thread names
        assert re.search(r"^.*(T1|worker-1) \d+ +\S", screen, re.M), screen
        assert re.search(r"^.*(T2|worker-2) \d+ +\S", screen, re.M), screen
        assert re.search(r"\] python", screen), screen  # the program's process
        assert re.search(r"trace  cores busy \d+\.\d\d, overlap \d+ %, \d+ threads", screen), screen
        assert "two threads counted down" in screen, screen
        assert 'expected "two threads counted down": passed' in screen, screen


def test_export_default_path():
    with tempfile.TemporaryDirectory() as tmp:
        with start(cwd=tmp) as s:
            open_export(s)
            # the lesson and the step in the name: two steps of a demo never share it
            name = "corelab-panes-fixture-step2-gil-cpu.csv"
            s.wait_for("export CSV to: ./" + name)
            s.send("Enter")
            # the whole path it went to (its start elided when the footer is narrow)
            s.wait_for(r"wrote 2 results to (/|…)\S*/" + re.escape(name), regex=True)
        with open(os.path.join(tmp, name)) as f:
            lines = f.read().splitlines()
        assert lines[0].startswith("demo,variant,workers,wall_s,speedup,efficiency"), lines
        assert lines[1].startswith("gil,cpu,1,"), lines
        assert lines[2].startswith("gil,cpu,2,"), lines



def test_export_typed_path():
    """Keys typed into the export prompt are the path's, not commands:
    q must not quit and r must not restart the demo."""
    with tempfile.TemporaryDirectory() as tmp:
        with start(cwd=tmp) as s:
            open_export(s)
            s.send("C-u")
            s.send_literal("qr-results.csv")
            s.wait_for("export CSV to: qr-results.csv")
            s.send("Enter")
            s.wait_for(r"wrote 2 results to (/|…)\S*/qr-results\.csv", regex=True)
            assert not s.dead()
        with open(os.path.join(tmp, "qr-results.csv")) as f:
            assert f.readline().startswith("demo,variant,workers"), tmp

def test_keys():
    """+ and ] change the settings shown; Tab moves the focus; z zooms."""
    with start() as s:
        goto_step(s, 2, "Threads take turns")
        s.press(("+", "workers 1,2,3"), ("]", "switch 10 ms"), ("-", "workers 1,2, switch 10 ms"),
                ("[", "workers 1,2, switch 5 ms"))
        s.wait_for(">system")
        s.press(("Tab", ">speedup"), ("Tab", ">threads"), ("z", "0.5 ms per cell"))


def test_no_color():
    """NO_COLOR: the panes still show every state, by glyph, with no colour."""
    with Screen([BIN, "--lessons", FIXTURES, "--open", "panes-fixture:2"], width=120, height=40,
                env={"NO_COLOR": "1"}) as s:
        s.wait_for("press r to run")
        s.send("r")
        screen = s.wait_for("done in", timeout=30)
        assert "█ run/GIL" in screen and "· wait" in screen, screen
        styled = s.text(escapes=True)
        # SGR colours: 30-38 and 40-48 (39 and 49 are the defaults), 90-97, 100-107
        def colour(p):
            return 30 <= p <= 38 or 40 <= p <= 48 or 90 <= p <= 97 or 100 <= p <= 107
        for seq in re.findall(r"\x1b\[([0-9;]*)m", styled):
            params = [int(p) for p in seq.split(";") if p]
            assert not any(colour(p) for p in params), (seq, styled)


def test_demo_processes_named():
    """ps, top and htop call the demo corelab (not "exe") and its workers,
    threads and forked processes, corelab-demo."""
    with start() as s:
        pid = start_long_demo(s)
        demo = process(pid)
        assert demo and demo.argv[:2] == ["corelab", "demo"], demo and demo.argv
        assert demo.comm == "corelab", demo.comm

        def thread_names():
            names = []
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{tid}/comm") as f:
                        names.append(f.read().strip())
                except OSError:
                    pass
            return names
        wait_until(lambda: thread_names().count("corelab-demo") >= 2, 10, "two threads named corelab-demo",
                   detail=lambda: repr(thread_names()))
        s.send("s")
        s.wait_for("stopped")
        wait_dead(pid)
        goto_step(s, 3, "Processes at work")  # from step 4 to step 6
        s.send("r")
        pid = demo_child(s)
        def workers():
            kids = children(pid)
            return kids if len(kids) >= 2 and all(k.comm == "corelab-demo" for k in kids) else None
        kids = wait_until(workers, 10, "two worker processes named corelab-demo",
                          detail=lambda: repr(children(pid)))
        assert all(k.argv[:2] == ["corelab", "demo"] for k in kids), [k.argv for k in kids]
        s.send("s")
        s.wait_for("stopped")
        wait_dead(pid)


def test_run_step_stopped():
    """A run step the learner stops says so; it did not fail."""
    with start() as s:
        goto_step(s, 7, "A slow exercise")
        s.send("r")
        s.wait_for("running")
        s.send("s")
        screen = s.wait_for("stopped (r runs it again)")
        assert "failed" not in screen, screen


def test_export_tilde():
    """A path typed with ~ goes to the home folder."""
    with start() as s:
        run_short_demo(s)
        s.send("e")
        s.wait_for("export CSV to:")
        s.send("C-u")
        s.send_literal("~/mine.csv")
        s.send("Enter")
        s.wait_for(r"wrote 2 results to (/|…)\S*/mine\.csv", regex=True)
        path = os.path.join(s.env["HOME"], "mine.csv")
        wait_until(lambda: os.path.exists(path), 5, path)
        with open(path) as f:
            assert f.readline().startswith("demo,variant,workers"), path


def test_step_keeps_its_result():
    """A step's last run is there again when the learner comes back to it."""
    with start() as s:
        screen = run_short_demo(s)
        table = re.search(r"^.*\s2\s+\d+\.\d{3}\s.*$", screen, re.M).group(0).split("│")[-1].strip()
        s.send("Right")
        s.wait_for("Run it yourself")
        s.send("r")
        s.wait_for("passed", timeout=30)
        s.send("Left")
        screen = s.wait_for("Threads take turns")
        screen = s.wait_for("done in")
        assert table in screen, (table, screen)
        assert "press r:" not in screen, screen
        s.send("Right")
        s.wait_for("Run it yourself")
        s.wait_for("passed")
        s.wait_for("pi ~ 3.14")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}

if __name__ == "__main__":
    run_tests(TESTS)
