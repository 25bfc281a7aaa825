/* Driving a panel through panel.h as the walker does, for the panel's C
 * tests: the fake tests/panes/fake_demo.py stands in for corelab (it is
 * the panel's self_exe), the lesson is tests/panes/fixtures, and what is
 * drawn goes into an offscreen window of H x W.
 *
 *   drive_main(tests, n)           the whole main: the tests of the table
 *                                  run (check.h); 1 when not run through
 *                                  meson, 77 without terminfo
 *   demo_step(&s, name, nw)        a demo step (variant cpu, workers 1..nw)
 *   show_step(p, &s)               the panel p moved to step s
 *   demo_panel(&s, name, nw, a)    a new panel (ASCII when a) on a demo step
 *   run_panel(&s, run)             a new panel on a run step
 *   draw(p), screen()              draw the panel; the window as text
 *                                  (window_text of cells.h)
 *   pump(p, secs, done)            the walker's loop until done(p) (NULL:
 *                                  for secs); false when done never was
 *   stopped(p)                     no demo or run is running
 *   pidfile_open(path)             a fresh $FAKE_DEMO_PIDFILE from the
 *                                  template path ("...XXXXXX")
 *   wait_pidfile(p, path)          pumps until the fake wrote a pid there
 *                                  (p NULL: only waits, nothing is reaped)
 */
#ifndef CORELAB_TESTS_PANES_DRIVE_H
#define CORELAB_TESTS_PANES_DRIVE_H

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "cells.h"
#include "ui/panes/panel.h"
#include "util/util.h"

enum { H = 30, W = 120 };

static WINDOW *win;
static char fake_demo[PATH_MAX];
static char fixtures[PATH_MAX];

static inline int drive_main(const CheckTest *tests, size_t n)
{
    const char *dir = getenv("CORELAB_TESTS_DIR");
    const char *fx = getenv("PANES_FIXTURES");
    if (!dir || !fx) {
        fprintf(stderr, "run me through meson test (CORELAB_TESTS_DIR, PANES_FIXTURES)\n");
        return 1;
    }
    snprintf(fake_demo, sizeof fake_demo, "%s/panes/fake_demo.py", dir);
    snprintf(fixtures, sizeof fixtures, "%s", fx);
    signal(SIGPIPE, SIG_IGN);
    return offscreen_main(H, W, &win, NULL, tests, n);
}

/* A step of the fixtures' lesson, kept while a panel shows it. */
typedef struct {
    Lesson lesson;
    LessonDemo demo;
    LessonRun run;
    LessonStep step;
} Step;

static inline Panel *new_panel(bool ascii)
{
    UiCaps caps = {ascii, true};
    return panel_new(&caps, fake_demo);
}

static inline void demo_step(Step *s, const char *name, int nw)
{
    memset(s, 0, sizeof *s);
    s->lesson.dir = fixtures;
    s->lesson.id = "fix"; /* in the export's default name */
    s->lesson.steps = &s->step;
    s->lesson.n_steps = 1;
    s->demo.name = (char *)name;
    s->demo.variant = "cpu";
    for (int i = 0; i < nw; i++)
        s->demo.workers[i] = i + 1;
    s->demo.n_workers = nw;
    s->step.title = "t";
    s->step.demo = &s->demo;
}

static inline void show_step(Panel *p, Step *s)
{
    panel_set_step(p, &s->lesson, &s->step);
}

static inline Panel *demo_panel(Step *s, const char *name, int nw, bool ascii)
{
    Panel *p = new_panel(ascii);
    demo_step(s, name, nw);
    show_step(p, s);
    return p;
}

static inline Panel *run_panel(Step *s, const LessonRun *run)
{
    memset(s, 0, sizeof *s);
    s->lesson.dir = fixtures;
    s->run = *run;
    s->step.title = "run";
    s->step.run = &s->run;
    Panel *p = new_panel(true);
    show_step(p, s);
    return p;
}

static inline const char *screen(void)
{
    return window_text(win);
}

static inline void draw(Panel *p)
{
    werase(win);
    panel_draw(p, win, 0, 0, H, W);
}

static inline bool pump(Panel *p, double secs, bool (*done)(Panel *))
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

static inline bool stopped(Panel *p)
{
    return !panel_running(p);
}

static inline void pidfile_open(char *path)
{
    close(mkstemp(path));
    setenv("FAKE_DEMO_PIDFILE", path, 1);
}

static inline pid_t wait_pidfile(Panel *p, const char *pidfile)
{
    double end = now_monotonic() + 10;
    while (now_monotonic() < end) {
        if (p)
            pump(p, 0.05, NULL);
        else
            poll(NULL, 0, 50);
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

#endif
