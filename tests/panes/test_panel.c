/* The panel's lifecycle through panel.h, as the walker drives it: start a
 * demo (the test fake tests/panes/fake_demo.py stands in for corelab), read
 * its stream, draw, stop it and its whole group, change settings, export;
 * and run steps with output, expect, timeout and a missing python3. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "ui/panes/panel.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

enum { H = 30, W = 120 };

static WINDOW *win;
static char fake_demo[PATH_MAX];
static char fixtures[PATH_MAX];

static const char *screen(void)
{
    static char buf[H * (W + 1) + 1];
    size_t o = 0;
    for (int y = 0; y < H; y++) {
        char line[W + 1];
        mvwinnstr(win, y, 0, line, W);
        size_t n = strlen(line);
        memcpy(buf + o, line, n);
        o += n;
        buf[o++] = '\n';
    }
    buf[o] = '\0';
    return buf;
}

static void draw(Panel *p)
{
    werase(win);
    panel_draw(p, win, 0, 0, H, W);
}

/* Drive the panel like the walker's loop until done() or the deadline. */
static bool pump(Panel *p, double secs, bool (*done)(Panel *))
{
    double end = now_monotonic() + secs;
    while (now_monotonic() < end) {
        struct pollfd fds[4];
        int n = panel_pollfds(p, fds, 4);
        double t = panel_timeout(p, now_monotonic());
        CHECK(t >= 0 && t <= (panel_running(p) ? 0.1 : 0.5) + 1e-9);
        poll(fds, (nfds_t)n, (int)(t * 1000) + 1);
        panel_on_poll(p, fds, n);
        panel_reap(p, now_monotonic());
        if (panel_dirty(p))
            draw(p);
        if (done && done(p))
            return true;
    }
    return done == NULL;
}

static bool stopped(Panel *p)
{
    return !panel_running(p);
}

static LessonDemo demo_of(const char *name, int nw)
{
    LessonDemo d;
    memset(&d, 0, sizeof d);
    d.name = (char *)name;
    d.variant = "cpu";
    for (int i = 0; i < nw; i++)
        d.workers[i] = i + 1;
    d.n_workers = nw;
    return d;
}

static Panel *new_panel(bool ascii)
{
    UiCaps caps = {ascii, true};
    return panel_new(&caps, fake_demo);
}

static void demo_sweep_draws_everything(void)
{
    Panel *p = new_panel(true);
    LessonDemo d = demo_of("sweep", 2);
    LessonStep st = {.title = "t", .demo = &d};
    Lesson l = {.dir = fixtures, .id = "fix", .steps = &st, .n_steps = 1};
    panel_set_step(p, &l, &st);
    CHECK(panel_has_content(p));
    CHECK(!panel_running(p));
    draw(p);
    CHECK_STR_HAS(screen(), "press r to run");
    panel_start(p);
    CHECK(panel_running(p));
    CHECK_STR_HAS(panel_status(p), "sweep cpu running");
    CHECK(pump(p, 10, stopped));
    draw(p);
    const char *s = screen();
    CHECK_STR_HAS(s, "demo sweep cpu, workers 1,2");
    /* the demo is over: the meters show the whole system again */
    CHECK_STR_HAS(s, "system, no demo running");
    CHECK_STR_HAS(s, "T0");
    CHECK_STR_HAS(s, "#####.....#####");
    CHECK_STR_HAS(s, "serial fraction 0.970");
    CHECK_STR_HAS(s, " 2   2.000     0.98   49%");
    CHECK_STR_HAS(s, "done in");
    CHECK(strcmp(panel_status(p), "") == 0);
    CHECK(!panel_run_passed(p));

    /* Tab moves the focus marker; t toggles the table; z zooms */
    CHECK(panel_key(p, '\t'));
    draw(p);
    CHECK_STR_HAS(screen(), ">speedup");
    CHECK(panel_key(p, 'z'));
    draw(p);
    CHECK_STR_HAS(screen(), "0.5 ms per cell");
    CHECK(panel_key(p, 'p'));
    draw(p);
    CHECK_STR_HAS(screen(), "paused");
    /* scrolling back half a window of 0.5 ms cells (116 cells wide) */
    CHECK(panel_key(p, '<'));
    draw(p);
    CHECK_STR_HAS(screen(), "timeline paused at 0.171 s");
    CHECK(panel_key(p, '>'));
    CHECK(panel_key(p, '>'));
    draw(p);
    CHECK_STR_HAS(screen(), "timeline paused at 0.200 s");
    CHECK(!panel_key(p, 'x'));

    /* export: e opens a prompt in the pane; the walker hands it every key */
    char dir[] = "/tmp/corelab-panel-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = path_join(dir, "r.csv");
    CHECK(panel_key(p, 'e'));
    CHECK(panel_wants_all_keys(p));
    draw(p);
    CHECK_STR_HAS(screen(), "export CSV to: ./corelab-fix-step1-sweep-cpu.csv"); /* lesson and step */
    panel_key(p, 21); /* ^U */
    for (const char *c = path; *c; c++)
        panel_key(p, *c);
    CHECK(panel_key(p, 'q'));
    panel_key(p, KEY_BACKSPACE);
    panel_key(p, '\n');
    CHECK(!panel_wants_all_keys(p));
    draw(p);
    CHECK_STR_HAS(screen(), "wrote 2 results to");
    size_t len;
    char *csv = read_file_bounded(path, 4096, &len, false);
    CHECK_STR_HAS(csv, "demo,variant,workers,wall_s,speedup,efficiency\ngil,cpu,1,2,1,1\ngil,cpu,2,2,0.98,0.49\n");
    free(csv);
    unlink(path);
    /* an unwritable path: the error, in the pane */
    panel_key(p, 'e');
    panel_key(p, 21);
    for (const char *c = "/nonexistent-dir/x.csv"; *c; c++)
        panel_key(p, *c);
    panel_key(p, '\n');
    draw(p);
    CHECK_STR_HAS(screen(), "cannot write /nonexistent-dir/x.csv: No such file or directory");
    rmdir(dir);
    free(path);
    panel_free(p);
}

static void settings_build_the_command(void)
{
    /* The fake prints its argv back as an error record for "gil". */
    Panel *p = new_panel(true);
    LessonDemo d = demo_of("gil", 2);
    d.switch_interval_ms = 5;
    d.seconds = 2;
    LessonStep st = {.title = "t", .demo = &d};
    Lesson l = {.dir = fixtures};
    panel_set_step(p, &l, &st);
    CHECK(panel_key(p, '+'));
    CHECK(panel_key(p, '['));
    draw(p);
    CHECK_STR_HAS(screen(), "workers 1,2,3, switch 2.5 ms");
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "demo error: demo gil --variant cpu --workers 1,2,3 --seconds 2 --switch-interval 2.5 --json");
    /* ']' twice and '-' twice: 10 ms, up to 1 worker */
    panel_key(p, ']');
    panel_key(p, ']');
    panel_key(p, '-');
    panel_key(p, '-');
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "--workers 1 --seconds 2 --switch-interval 10 --json");
    panel_free(p);

    /* the switch interval is the gil demo's only */
    p = new_panel(true);
    LessonDemo o = demo_of("sweep", 1);
    LessonStep st2 = {.title = "t", .demo = &o};
    panel_set_step(p, &l, &st2);
    CHECK(panel_key(p, ']'));
    draw(p);
    CHECK_STR_HAS(screen(), "belongs to the gil demo");
    panel_free(p);
}

static void garbage_and_crash_are_reported(void)
{
    Panel *p = new_panel(true);
    LessonDemo d = demo_of("garbage", 1);
    LessonStep st = {.title = "t", .demo = &d};
    Lesson l = {.dir = fixtures};
    panel_set_step(p, &l, &st);
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "ignored 3 lines that were not demo records");
    CHECK_STR_HAS(screen(), " 1   1.000     1.00  100%");

    LessonDemo c = demo_of("crash", 1);
    LessonStep st2 = {.title = "t", .demo = &c};
    panel_set_step(p, &l, &st2);
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "the demo crashed: killed by signal 11");
    panel_free(p);
}

static bool pid_gone_now(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *st = read_file_bounded(path, 4096, NULL, false);
    if (!st)
        return true;
    const char *close_paren = strrchr(st, ')');
    bool zombie = close_paren && close_paren[1] == ' ' && close_paren[2] == 'Z';
    free(st);
    return zombie;
}

/* Signals take a moment to land: poll briefly. */
static bool pid_gone(pid_t pid)
{
    double end = now_monotonic() + 3;
    while (!pid_gone_now(pid) && now_monotonic() < end)
        poll(NULL, 0, 10);
    return pid_gone_now(pid);
}

static pid_t wait_pidfile(Panel *p, const char *pidfile)
{
    double end = now_monotonic() + 10;
    while (now_monotonic() < end) {
        pump(p, 0.05, NULL);
        char *s = read_file_bounded(pidfile, 64, NULL, false);
        if (s && *s) {
            pid_t pid = (pid_t)atoi(s);
            free(s);
            return pid;
        }
        free(s);
    }
    return 0;
}

static void stop_kills_the_group(void)
{
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    int fd = mkstemp(pidfile);
    close(fd);
    setenv("FAKE_DEMO_PIDFILE", pidfile, 1);
    Lesson l = {.dir = fixtures};
    LessonDemo d = demo_of("hang", 1);
    LessonStep st = {.title = "t", .demo = &d};
    LessonStep other = {.title = "text only"};

    /* `s` */
    Panel *p = new_panel(true);
    panel_set_step(p, &l, &st);
    panel_start(p);
    pid_t gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    CHECK(panel_running(p));
    CHECK(panel_timeout(p, now_monotonic()) <= 0.1);
    panel_stop(p);
    CHECK(!panel_running(p));
    CHECK(gc > 0 && pid_gone(gc));
    draw(p);
    CHECK_STR_HAS(screen(), "stopped");

    /* leaving the step */
    truncate(pidfile, 0);
    panel_start(p);
    gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    panel_set_step(p, &l, &other);
    CHECK(!panel_running(p) && !panel_has_content(p));
    CHECK(gc > 0 && pid_gone(gc));

    /* quitting */
    truncate(pidfile, 0);
    panel_set_step(p, &l, &st);
    panel_start(p);
    gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    panel_free(p);
    CHECK(gc > 0 && pid_gone(gc));
    unlink(pidfile);
}

/* A child that ignores SIGTERM (srun still releasing its step): stop
 * returns at once, the screen says stopped, and panel_reap SIGKILLs it
 * once its grace has passed; quitting waits out that grace, then kills. */
static void stop_does_not_wait(void)
{
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    int fd = mkstemp(pidfile);
    close(fd);
    setenv("FAKE_DEMO_PIDFILE", pidfile, 1);
    Lesson l = {.dir = fixtures};
    LessonDemo d = demo_of("stubborn", 1);
    LessonStep st = {.title = "t", .demo = &d};

    Panel *p = new_panel(true);
    panel_set_step(p, &l, &st);
    CHECK(panel_reap(p, now_monotonic()) < 0); /* nothing being stopped */
    panel_start(p);
    pid_t pid = wait_pidfile(p, pidfile);
    CHECK(pid > 0);
    double t0 = now_monotonic();
    panel_stop(p);
    /* stop did not wait: SIGTERM is ignored, so only SIGKILL could have
     * ended it, and that comes after the grace */
    CHECK(!panel_running(p) && pid > 0 && !pid_gone_now(pid));
    draw(p);
    CHECK_STR_HAS(screen(), "stopped");
    CHECK(panel_key(p, 't')); /* the panel still takes keys meanwhile */
    double again = panel_reap(p, now_monotonic());
    CHECK(again > 0 && again <= 0.1);
    while (panel_reap(p, now_monotonic()) >= 0 && now_monotonic() < t0 + 10)
        poll(NULL, 0, 20);
    CHECK(pid > 0 && pid_gone(pid));
    CHECK(now_monotonic() - t0 >= 0.4); /* it had its grace (0.5 s) first */

    /* quitting with one being stopped, and one running */
    truncate(pidfile, 0);
    panel_start(p);
    pid_t first = wait_pidfile(p, pidfile);
    truncate(pidfile, 0);
    panel_start(p); /* a restart, as + or - do: the first is being stopped */
    pid_t second = wait_pidfile(p, pidfile);
    CHECK(first > 0 && second > 0 && first != second && !pid_gone_now(first));
    panel_free(p);
    CHECK(first > 0 && pid_gone(first));
    CHECK(second > 0 && pid_gone(second));
    unlink(pidfile);
}

static Panel *run_step(LessonRun *run, LessonStep *st, Lesson *l)
{
    memset(st, 0, sizeof *st);
    memset(l, 0, sizeof *l);
    st->title = "run";
    st->run = run;
    l->dir = fixtures;
    Panel *p = new_panel(true);
    panel_set_step(p, l, st);
    return p;
}

static void run_steps(void)
{
    LessonStep st;
    Lesson l;
    LessonRun ok = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20};
    Panel *p = run_step(&ok, &st, &l);
    draw(p);
    CHECK_STR_HAS(screen(), "run: python3 run_ok.py");
    panel_start(p);
    CHECK(pump(p, 15, stopped));
    draw(p);
    const char *s = screen();
    CHECK_STR_HAS(s, "starting");
    CHECK_STR_HAS(s, "a warning on stderr");
    CHECK_STR_HAS(s, "[exited with status 0 after");
    CHECK_STR_HAS(s, "expected \"pi ~ 3.14\": passed");
    CHECK(panel_run_passed(p));
    panel_free(p);

    LessonRun miss = {.command = "python3 run_ok.py", .expect = "pi ~ 3.15", .timeout = 20};
    p = run_step(&miss, &st, &l);
    panel_start(p);
    CHECK(pump(p, 15, stopped));
    draw(p);
    CHECK(strstr(screen(), "failed, not in the output") || strstr(screen(), "not confirmed (machine busy"));
    CHECK(!panel_run_passed(p));
    panel_free(p);

    LessonRun slow = {.command = "python3 sleep_forever.py", .timeout = 3};
    p = run_step(&slow, &st, &l);
    double t0 = now_monotonic();
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    CHECK(now_monotonic() - t0 < 8);
    draw(p);
    CHECK_STR_HAS(screen(), "still running after the step's timeout of 3 s");
    CHECK_STR_HAS(screen(), "sleeping"); /* printed without a flush, seen before the kill */
    CHECK_STR_HAS(screen(), "timed out");
    CHECK(!panel_run_passed(p));
    panel_free(p);

    /* no python3 on PATH */
    char *old = xstrdup(getenv("PATH"));
    setenv("PATH", "/nonexistent", 1);
    p = run_step(&ok, &st, &l);
    panel_start(p);
    setenv("PATH", old, 1);
    free(old);
    CHECK(!panel_running(p));
    draw(p);
    CHECK_STR_HAS(screen(), "python3 was not found: this exercise needs Python 3");
    CHECK(!panel_run_passed(p));
    panel_free(p);
}

/* `n`: the cluster settings come from $XDG_CONFIG_HOME/corelab/config.yaml
 * (no site file); srun is tests/panes/fake-srun/srun. */
static void node_config(const char *dir, const char *text)
{
    char *path = xasprintf("%s/corelab/config.yaml", dir);
    CHECK(write_file_atomic(path, text, strlen(text), 0600) == 0);
    free(path);
}

static char *read_text_file(const char *path)
{
    size_t n = 0;
    return read_file_bounded(path, 1 << 16, &n, false);
}

static void node_runs_through_srun(void)
{
    char tmp[] = "/tmp/corelab-panel-node-XXXXXX";
    CHECK(mkdtemp(tmp) != NULL);
    char *cfgdir = xasprintf("%s/corelab", tmp);
    CHECK(mkdir_p(cfgdir, 0700) == 0);
    char *argv_file = xasprintf("%s/srun-argv", tmp);
    char *site = xasprintf("%s/no-site.yaml", tmp);
    char *old_path = xstrdup(getenv("PATH"));
    char *fake_path = xasprintf("%s/panes/fake-srun:%s", getenv("CORELAB_TESTS_DIR"), old_path);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("CORELAB_SITE_CONFIG", site, 1);
    setenv("FAKE_SRUN_ARGV", argv_file, 1);
    setenv("PATH", fake_path, 1);

    Panel *p = new_panel(true);
    LessonDemo d = demo_of("gil", 2);
    LessonStep st = {.title = "t", .demo = &d};
    Lesson l = {.dir = fixtures};
    panel_set_step(p, &l, &st);

    /* not Slurm: a reason, and demos stay here */
    node_config(tmp, "scheduler: pbs\n");
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "the scheduler set is pbs: they stay here");
    CHECK(!strstr(screen(), "via srun"));

    /* Slurm, but no srun on PATH */
    node_config(tmp, "scheduler: slurm\npartition: teach\ncpus: 3\n");
    setenv("PATH", "/nonexistent", 1);
    CHECK(panel_key(p, 'n'));
    setenv("PATH", fake_path, 1);
    draw(p);
    CHECK_STR_HAS(screen(), "srun is not on PATH");
    CHECK(!strstr(screen(), "via srun"));

    /* on: the header says so, r runs srun with the real path of the demo */
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "demo gil cpu, on a node via srun, 3 CPUs, workers 1,2");
    CHECK_STR_HAS(screen(), "demos run on a node via srun, 3 CPUs in teach (r to run)");
    panel_start(p);
    CHECK_STR_HAS(panel_status(p), "on a node");
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "demo error: demo gil --variant cpu --workers 1,2 --switch-interval 5 --json");
    char real[PATH_MAX];
    CHECK(realpath(fake_demo, real) != NULL);
    char *want = xasprintf("srun\n--cpus-per-task=3\n--ntasks=1\n--quiet\n--partition=teach\n%s\ndemo\ngil\n", real);
    char *got = read_text_file(argv_file);
    CHECK_STR_HAS(got, want);
    free(want);
    free(got);

    /* srun closed its output but has not exited (still releasing the
     * step): SIGTERM after 2 s, SIGKILL 5 s later, the panel running and
     * answering all the while rather than waiting in one call */
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    close(mkstemp(pidfile));
    setenv("FAKE_DEMO_PIDFILE", pidfile, 1);
    LessonDemo slow = demo_of("lingers", 1);
    LessonStep slow_st = {.title = "t", .demo = &slow};
    panel_set_step(p, &l, &slow_st);
    panel_start(p);
    pid_t pid = wait_pidfile(p, pidfile);
    double t0 = now_monotonic();
    pump(p, 3.0, NULL);
    CHECK(pid > 0 && panel_running(p) && !pid_gone_now(pid));
    CHECK(pump(p, 10, stopped));
    CHECK(pid > 0 && pid_gone(pid));
    CHECK(now_monotonic() - t0 >= 5.0);

    /* quitting while srun still releases its step: it gets the rest of its
     * grace, and stderr (the terminal is restored by then) says why */
    truncate(pidfile, 0);
    LessonDemo stub = demo_of("stubborn", 1);
    LessonStep stub_st = {.title = "t", .demo = &stub};
    Panel *q = new_panel(true);
    panel_set_step(q, &l, &stub_st);
    CHECK(panel_key(q, 'n'));
    panel_start(q);
    pid = wait_pidfile(q, pidfile);
    panel_stop(q);
    char *errfile = xasprintf("%s/stderr", tmp);
    fflush(stderr);
    int saved = dup(2), efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(efd, 2);
    panel_free(q);
    fflush(stderr);
    dup2(saved, 2);
    close(efd);
    close(saved);
    char *said = read_text_file(errfile);
    CHECK_STR_HAS(said, "corelab: waiting up to 5 s for srun to release its job step");
    CHECK(pid > 0 && pid_gone(pid));
    free(said);
    unlink(errfile);
    free(errfile);
    unlink(pidfile);
    panel_set_step(p, &l, &st);

    /* srun refuses: its own words in the pane */
    node_config(tmp, "scheduler: slurm\npartition: bad\ncpus: 1\n");
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "demos run on this machine again");
    CHECK(panel_key(p, 'n'));
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "srun: error: Unable to allocate resources: Invalid partition name specified");
    CHECK_STR_HAS(screen(), "srun could not run the demo on a node:");
    CHECK_STR_HAS(screen(), "r tries again  n runs demos here");
    CHECK_STR_HAS(screen(), "exited with status 1");
    panel_free(p);

    /* a run step runs here */
    LessonRun ok = {.command = "python3 run_ok.py", .timeout = 20};
    p = run_step(&ok, &st, &l);
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "only a demo runs on a node");
    panel_free(p);

    setenv("PATH", old_path, 1);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("CORELAB_SITE_CONFIG");
    unsetenv("FAKE_SRUN_ARGV");
    unlink(argv_file);
    char *cfg = xasprintf("%s/config.yaml", cfgdir);
    unlink(cfg);
    rmdir(cfgdir);
    rmdir(tmp);
    free(cfg);
    free(cfgdir);
    free(argv_file);
    free(site);
    free(old_path);
    free(fake_path);
}

static void small_rects_do_not_crash(void)
{
    Panel *p = new_panel(false);
    LessonDemo d = demo_of("sweep", 2);
    LessonStep st = {.title = "t", .demo = &d};
    Lesson l = {.dir = fixtures};
    panel_set_step(p, &l, &st);
    panel_start(p);
    pump(p, 10, stopped);
    for (int h = 0; h <= H; h++)
        for (int w = 0; w <= W; w += 7) {
            werase(win);
            panel_draw(p, win, 0, 0, h, w);
        }
    werase(win);
    panel_draw(p, win, 0, 0, 5, 40);
    CHECK_STR_HAS(screen(), "enlarge the terminal");
    panel_free(p);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const char *tests = getenv("CORELAB_TESTS_DIR");
    const char *fx = getenv("PANES_FIXTURES");
    if (!tests || !fx) {
        fprintf(stderr, "run me through meson test (CORELAB_TESTS_DIR, PANES_FIXTURES)\n");
        return 1;
    }
    snprintf(fake_demo, sizeof fake_demo, "%s/panes/fake_demo.py", tests);
    snprintf(fixtures, sizeof fixtures, "%s", fx);
    signal(SIGPIPE, SIG_IGN);
    Offscreen screen;
    if (!(win = offscreen_open(&screen, H, W)))
        return 77;
    RUN(demo_sweep_draws_everything);
    RUN(settings_build_the_command);
    RUN(garbage_and_crash_are_reported);
    RUN(stop_kills_the_group);
    RUN(stop_does_not_wait);
    RUN(run_steps);
    RUN(node_runs_through_srun);
    RUN(small_rects_do_not_crash);
    offscreen_close(&screen);
    return check_exit();
}
