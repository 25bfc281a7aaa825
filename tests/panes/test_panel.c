/* The panel's lifecycle through panel.h, as the walker drives it (drive.h):
 * start a demo, read its stream, draw, change settings, export; garbage
 * and crashes; run steps with output, expect, timeout and a missing
 * python3; and every size of screen. Stopping is test_panel_stop.c's,
 * running on a node test_panel_node.c's. */
#include "drive.h"

#include <sys/stat.h>

/* Tab moves the focus marker; z zooms; p pauses; < and > scroll back and
 * forth by half a window of 0.5 ms cells (116 cells wide). */
static void view_keys(Panel *p)
{
    static const struct {
        const char *keys;
        const char *shows;
    } steps[] = {{"\t", ">speedup"},
                 {"z", "0.5 ms per cell"},
                 {"p", "paused"},
                 {"<", "timeline paused at 0.171 s"},
                 {">>", "timeline paused at 0.200 s"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        for (const char *k = steps[i].keys; *k; k++)
            CHECK(panel_key(p, *k), "key %c", *k);
        draw(p);
        CHECK_STR_HAS(screen(), steps[i].shows);
    }
    CHECK(!panel_key(p, 'x'));
}

/* ^U, then text, into the prompt the panel shows. */
static void type_over(Panel *p, const char *text)
{
    panel_key(p, 21); /* ^U: the default path goes */
    for (const char *c = text; *c; c++)
        panel_key(p, *c);
}

/* e opens a prompt in the pane; the walker hands it every key. */
static void export_csv(Panel *p)
{
    char dir[] = "/tmp/corelab-panel-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = path_join(dir, "r.csv");
    CHECK(panel_key(p, 'e'));
    CHECK(panel_wants_all_keys(p));
    draw(p);
    CHECK_STR_HAS(screen(), "export CSV to: ./corelab-fix-step1-sweep-cpu.csv"); /* lesson and step */
    type_over(p, path);
    CHECK(panel_key(p, 'q')); /* typed, not a command: quits nothing */
    panel_key(p, KEY_BACKSPACE);
    panel_key(p, '\n');
    CHECK(!panel_wants_all_keys(p));
    draw(p);
    CHECK_STR_HAS(screen(), "wrote 2 results to");
    char *csv = read_file_bounded(path, 4096, NULL, false);
    CHECK_STR_HAS(csv, "demo,variant,workers,wall_s,speedup,efficiency\ngil,cpu,1,2,1,1\ngil,cpu,2,2,0.98,0.49\n");
    free(csv);
    unlink(path);
    /* an unwritable path: the error, in the pane */
    panel_key(p, 'e');
    type_over(p, "/nonexistent-dir/x.csv");
    panel_key(p, '\n');
    draw(p);
    CHECK_STR_HAS(screen(), "cannot write /nonexistent-dir/x.csv: No such file or directory");
    rmdir(dir);
    free(path);
}

static void demo_sweep_draws_everything(void)
{
    Step st;
    Panel *p = demo_panel(&st, "sweep", 2, true);
    CHECK(panel_has_content(p));
    CHECK(!panel_running(p));
    draw(p);
    CHECK_STR_HAS(screen(), "press r to run");
    panel_start(p);
    CHECK(panel_running(p));
    CHECK_STR_HAS(panel_status(p), "sweep cpu running");
    CHECK(pump(p, 10, stopped));
    draw(p);
    static const char *const shown[] = {
        "demo sweep cpu, workers 1,2",
        "system, no demo running", /* the demo is over: the meters show the whole system again */
        "T0", "#####.....#####", "serial fraction 0.970", " 2   2.000     0.98   49%", "done in"};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        CHECK_STR_HAS(screen(), shown[i]);
    CHECK(strcmp(panel_status(p), "") == 0);
    CHECK(!panel_run_passed(p));
    view_keys(p);
    export_csv(p);
    panel_free(p);
}

/* The fake prints its argv back as an error record for "gil". */
static void settings_build_the_command(void)
{
    Step st;
    demo_step(&st, "gil", 2);
    st.demo.switch_interval_ms = 5;
    st.demo.seconds = 2;
    Panel *p = new_panel(true);
    show_step(p, &st);
    CHECK(panel_key(p, '+'));
    CHECK(panel_key(p, '['));
    draw(p);
    CHECK_STR_HAS(screen(), "workers 1,2,3, switch 2.5 ms");
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "demo error: demo gil --variant cpu --workers 1,2,3 --seconds 2 --switch-interval 2.5 --json");
    /* ']' twice and '-' twice: 10 ms, up to 1 worker */
    for (const char *k = "]]--"; *k; k++)
        panel_key(p, *k);
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "--workers 1 --seconds 2 --switch-interval 10 --json");
    panel_free(p);

    /* the switch interval is the gil demo's only */
    p = demo_panel(&st, "sweep", 1, true);
    CHECK(panel_key(p, ']'));
    draw(p);
    CHECK_STR_HAS(screen(), "belongs to the gil demo");
    panel_free(p);
}

static void garbage_and_crash_are_reported(void)
{
    Step st;
    Panel *p = demo_panel(&st, "garbage", 1, true);
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "ignored 3 lines that were not demo records");
    CHECK_STR_HAS(screen(), " 1   1.000     1.00  100%");

    Step crash;
    demo_step(&crash, "crash", 1);
    show_step(p, &crash);
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "the demo crashed: killed by signal 11");
    panel_free(p);
}

/* A run step to its end: what the pane shows, and whether it passed. */
static void run_to_end(const LessonRun *run, double secs, const char *const *shown, bool passes)
{
    Step st;
    Panel *p = run_panel(&st, run);
    double t0 = now_monotonic();
    panel_start(p);
    CHECK(pump(p, secs, stopped));
    CHECK(now_monotonic() - t0 < secs - 2, "%s took %.1f s", run->command, now_monotonic() - t0);
    draw(p);
    for (; *shown; shown++)
        CHECK_STR_HAS(screen(), *shown);
    CHECK(panel_run_passed(p) == passes);
    panel_free(p);
}

static void run_steps(void)
{
    LessonRun ok = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20};
    Step st;
    Panel *p = run_panel(&st, &ok);
    draw(p);
    CHECK_STR_HAS(screen(), "run: python3 run_ok.py");
    panel_free(p);
    run_to_end(&ok, 15,
               (const char *const[]){"starting", "a warning on stderr", "[exited with status 0 after",
                                     "expected \"pi ~ 3.14\": passed", NULL},
               true);
    /* its verdict: failed, or not confirmed when other programs held the CPUs */
    p = run_panel(&st, &(LessonRun){.command = "python3 run_ok.py", .expect = "pi ~ 3.15", .timeout = 20});
    panel_start(p);
    CHECK(pump(p, 15, stopped));
    draw(p);
    CHECK(strstr(screen(), "failed, not in the output") || strstr(screen(), "not confirmed (machine busy"));
    CHECK(!panel_run_passed(p));
    panel_free(p);
    run_to_end(&(LessonRun){.command = "python3 sleep_forever.py", .timeout = 3}, 10,
               (const char *const[]){"still running after the step's timeout of 3 s",
                                     "sleeping", /* printed without a flush, seen before the kill */
                                     "timed out", NULL},
               false);

    /* no python3 on PATH */
    char *old = xstrdup(getenv("PATH"));
    setenv("PATH", "/nonexistent", 1);
    p = run_panel(&st, &ok);
    panel_start(p);
    setenv("PATH", old, 1);
    free(old);
    CHECK(!panel_running(p));
    draw(p);
    CHECK_STR_HAS(screen(), "python3 was not found: this exercise needs Python 3");
    CHECK(!panel_run_passed(p));
    panel_free(p);
}

static void small_rects_do_not_crash(void)
{
    Step st;
    Panel *p = demo_panel(&st, "sweep", 2, false);
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
    static const CheckTest tests[] = {CHECK_TEST(demo_sweep_draws_everything), CHECK_TEST(settings_build_the_command),
                                      CHECK_TEST(garbage_and_crash_are_reported), CHECK_TEST(run_steps),
                                      CHECK_TEST(small_rects_do_not_crash)};
    return drive_main(tests, CHECK_COUNT(tests));
}
