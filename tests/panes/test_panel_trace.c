/* A run step with `trace: true` in the panel, as the walker drives it:
 * the test fake tests/panes/fake_demo.py stands in for `corelab trace
 * --json` and replays a stream the real one recorded
 * (fixtures/trace_two_threads.jsonl); with `n`, through the fake srun. */
#include "panel_harness.h"

#include <unistd.h>

static bool saw_sleeping(Panel *p)
{
    draw(p);
    return strstr(screen(), "sleeping") != NULL;
}

/* A run step with `trace: true`: the panel runs `SELF trace --json --
 * COMMAND` (the fake replays a recorded stream and runs COMMAND), its
 * records go to the timeline, the meters and the trace pane, the
 * program's output (on the other pipe) to the output pane, where expect is
 * looked for. */
static void traced_run_step(void)
{
    LessonStep st;
    Lesson l;
    LessonRun ok = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20, .trace = true};
    Panel *p = run_step(&ok, &st, &l);
    draw(p);
    CHECK_STR_HAS(screen(), "run: python3 run_ok.py, traced");
    CHECK_STR_HAS(screen(), "trace  r runs the program under corelab trace");
    panel_start(p);
    CHECK_STR_HAS(panel_status(p), "tracing python3 run_ok.py");
    CHECK(pump(p, 15, stopped));
    draw(p);
    const char *s = screen();
    CHECK_STR_HAS(s, "threads  1 ms per cell, 3 threads");
    CHECK_STR_HAS(s, "] python3 ");
    CHECK_STR_HAS(s, "T1 ");
    CHECK_STR_HAS(s, "T2 ");
    CHECK_STR_HAS(s, "trace  cores busy 0.69, overlap 1 %, 3 threads in 1 process");
    CHECK_STR_HAS(s, "verdict: only one thread ran at a time");
    CHECK_STR_HAS(s, "a warning on stderr");
    CHECK_STR_HAS(s, "pi ~ 3.14");
    CHECK_STR_HAS(s, "[exited with status 0 after");
    CHECK_STR_HAS(s, "expected \"pi ~ 3.14\": passed");
    CHECK(!strstr(s, "\"type\"")); /* no record reached the output */
    CHECK(panel_run_passed(p));
    CHECK(panel_key(p, 'z')); /* the timeline's keys work on it */
    draw(p);
    CHECK_STR_HAS(screen(), "0.5 ms per cell");
    panel_free(p);

    /* corelab trace cannot find the program: said as a plain run says it */
    LessonRun missing = {.command = "no-such-program-here x", .timeout = 20, .trace = true};
    p = run_step(&missing, &st, &l);
    panel_start(p);
    CHECK(pump(p, 15, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "corelab trace: no-such-program-here: command not found");
    CHECK_STR_HAS(screen(), "no-such-program-here was not found on your PATH");
    CHECK_STR_HAS(screen(), "exited with status 127");
    CHECK(!panel_run_passed(p));
    panel_free(p);

    /* s stops corelab trace and the program with it (one process group) */
    LessonRun slow = {.command = "python3 sleep_forever.py", .timeout = 20, .trace = true};
    p = run_step(&slow, &st, &l);
    panel_start(p);
    CHECK(pump(p, 10, saw_sleeping));
    panel_stop(p);
    double t0 = now_monotonic();
    while (panel_reap(p, now_monotonic()) >= 0 && now_monotonic() < t0 + 5)
        poll(NULL, 0, 20);
    CHECK(panel_reap(p, now_monotonic()) < 0);
    draw(p);
    CHECK_STR_HAS(screen(), "stopped");
    CHECK(!panel_run_passed(p));
    panel_free(p);
}

/* `n` on a traced run step: srun runs corelab trace on the node (the fake
 * srun runs it here), its stream and the program's output come back. */
static void traced_run_on_a_node(void)
{
    char tmp[] = "/tmp/corelab-panel-trace-XXXXXX";
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
    char real[PATH_MAX];
    CHECK(realpath(fake_demo, real) != NULL);
    LessonStep st;
    Lesson l;
    node_config(tmp, "scheduler: slurm\npartition: teach\ncpus: 3\n");
    LessonRun traced = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20, .trace = true};
    Panel *p = run_step(&traced, &st, &l);
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "traced runs go on a node via srun, 3 CPUs in teach (r to run)");
    CHECK_STR_HAS(screen(), "run: python3 run_ok.py, traced, on a node via srun, 3 CPUs");
    panel_start(p);
    CHECK_STR_HAS(panel_status(p), "tracing python3 run_ok.py on a node");
    CHECK(pump(p, 15, stopped));
    draw(p);
    char *want = xasprintf("srun\n--cpus-per-task=3\n--ntasks=1\n--partition=teach\n%s\ntrace\n--json\n"
                           "--\npython3\nrun_ok.py\n", real);
    char *got = read_text_file(argv_file);
    CHECK_STR_HAS(got, want);
    free(want);
    free(got);
    CHECK_STR_HAS(screen(), "T1 ");
    CHECK_STR_HAS(screen(), "verdict: only one thread ran at a time");
    CHECK_STR_HAS(screen(), "expected \"pi ~ 3.14\": passed");
    CHECK(panel_run_passed(p));
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

int main(void)
{
    Offscreen screen;
    int rc = harness_open(&screen);
    if (rc)
        return rc;
    RUN(traced_run_step);
    RUN(traced_run_on_a_node);
    offscreen_close(&screen);
    return check_exit();
}
