/* A run step with `trace: true` in the panel, as the walker drives it:
 * the test fake tests/panes/fake_demo.py stands in for `corelab trace
 * --json` and replays a stream the real one recorded
 * (fixtures/trace_two_threads.jsonl). `n` on it: test_panel_node.c. */
#include "drive.h"

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
    Step st;
    LessonRun ok = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20, .trace = true};
    Panel *p = run_panel(&st, &ok);
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
    p = run_panel(&st, &missing);
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
    p = run_panel(&st, &slow);
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

int main(void)
{
    static const CheckTest tests[] = {CHECK_TEST(traced_run_step)};
    return drive_main(tests, CHECK_COUNT(tests));
}
