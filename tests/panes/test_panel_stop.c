/* Stopping what the panel runs (drive.h): `s`, leaving the step and
 * quitting end the demo's whole process group; a child that ignores
 * SIGTERM (srun still releasing its step) does not hold the panel up. */
#include "../lib/procs.h"
#include "drive.h"

static void stop_kills_the_group(void)
{
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    pidfile_open(pidfile);
    Step st, other = {.lesson = {.dir = fixtures}, .step = {.title = "text only"}};

    /* `s` */
    Panel *p = demo_panel(&st, "hang", 1, true);
    panel_start(p);
    pid_t gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    CHECK(panel_running(p));
    CHECK(panel_timeout(p, now_monotonic()) <= 0.1);
    panel_stop(p);
    CHECK(!panel_running(p));
    CHECK(gc > 0 && pid_ended_within(gc, 3));
    draw(p);
    CHECK_STR_HAS(screen(), "stopped");

    /* leaving the step */
    truncate(pidfile, 0);
    panel_start(p);
    gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    show_step(p, &other);
    CHECK(!panel_running(p) && !panel_has_content(p));
    CHECK(gc > 0 && pid_ended_within(gc, 3));

    /* quitting */
    truncate(pidfile, 0);
    show_step(p, &st);
    panel_start(p);
    gc = wait_pidfile(p, pidfile);
    CHECK(gc > 0);
    panel_free(p);
    CHECK(gc > 0 && pid_ended_within(gc, 3));
    unlink(pidfile);
}

/* A child that ignores SIGTERM: stop returns at once, the screen says
 * stopped, and panel_reap SIGKILLs it once its grace has passed; quitting
 * waits out that grace, then kills. */
static void stop_does_not_wait(void)
{
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    pidfile_open(pidfile);
    Step st;
    Panel *p = demo_panel(&st, "stubborn", 1, true);
    CHECK(panel_reap(p, now_monotonic()) < 0); /* nothing being stopped */
    panel_start(p);
    pid_t pid = wait_pidfile(p, pidfile);
    CHECK(pid > 0);
    double t0 = now_monotonic();
    panel_stop(p);
    /* stop did not wait: SIGTERM is ignored, so only SIGKILL could have
     * ended it, and that comes after the grace */
    CHECK(!panel_running(p) && pid > 0 && !pid_ended(pid));
    draw(p);
    CHECK_STR_HAS(screen(), "stopped");
    CHECK(panel_key(p, 't')); /* the panel still takes keys meanwhile */
    double again = panel_reap(p, now_monotonic());
    CHECK(again > 0 && again <= 0.1);
    while (panel_reap(p, now_monotonic()) >= 0 && now_monotonic() < t0 + 10)
        poll(NULL, 0, 20);
    CHECK(pid > 0 && pid_ended_within(pid, 3));
    CHECK(now_monotonic() - t0 >= 0.4); /* it had its grace (0.5 s) first */

    /* quitting with one being stopped, and one running */
    truncate(pidfile, 0);
    panel_start(p);
    pid_t first = wait_pidfile(p, pidfile);
    truncate(pidfile, 0);
    panel_start(p); /* a restart, as + or - do: the first is being stopped */
    /* not pumped meanwhile: the first's grace must not end before the quit */
    pid_t second = wait_pidfile(NULL, pidfile);
    CHECK(first > 0 && second > 0 && first != second && !pid_ended(first), "first %d, second %d", (int)first,
          (int)second);
    panel_free(p);
    CHECK(first > 0 && pid_ended_within(first, 3));
    CHECK(second > 0 && pid_ended_within(second, 3));
    unlink(pidfile);
}

int main(void)
{
    static const CheckTest tests[] = {CHECK_TEST(stop_kills_the_group), CHECK_TEST(stop_does_not_wait)};
    return drive_main(tests, CHECK_COUNT(tests));
}
