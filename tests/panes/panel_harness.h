/* What the panel's tests (test_panel.c, test_panel_trace.c) share: an
 * offscreen window the panel draws in and its text, a loop that drives the
 * panel as the walker does, and steps to set. The test fake
 * tests/panes/fake_demo.py stands in for corelab (the panel's self_exe);
 * steps run in tests/panes/fixtures. harness_open sets them up in main. */
#ifndef CORELAB_TESTS_PANEL_HARNESS_H
#define CORELAB_TESTS_PANEL_HARNESS_H

#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "ui/panes/panel.h"
#include "util/util.h"

#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

enum { H = 30, W = 120 };

static WINDOW *win;
static char fake_demo[PATH_MAX];
static char fixtures[PATH_MAX];

/* The window's text, a line per row. */
static inline const char *screen(void)
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

static inline void draw(Panel *p)
{
    werase(win);
    panel_draw(p, win, 0, 0, H, W);
}

/* Drive the panel like the walker's loop until done() or the deadline. */
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

static inline LessonDemo demo_of(const char *name, int nw)
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

static inline Panel *new_panel(bool ascii)
{
    UiCaps caps = {ascii, true};
    return panel_new(&caps, fake_demo);
}

/* A panel showing a step that runs run, in the fixtures folder. */
static inline Panel *run_step(LessonRun *run, LessonStep *st, Lesson *l)
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

/* `n`: the cluster settings come from $XDG_CONFIG_HOME/corelab/config.yaml
 * (no site file); srun is tests/panes/fake-srun/srun. */
static inline void node_config(const char *dir, const char *text)
{
    char *path = xasprintf("%s/corelab/config.yaml", dir);
    CHECK(write_file_atomic(path, text, strlen(text), 0600) == 0);
    free(path);
}

static inline char *read_text_file(const char *path)
{
    size_t n = 0;
    return read_file_bounded(path, 1 << 16, &n, false);
}

/* In main: the fake, the fixtures and the window; 0, or the exit status
 * when they cannot be had (77: no terminfo, skipped). */
static inline int harness_open(Offscreen *o)
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
    if (!(win = offscreen_open(o, H, W)))
        return 77;
    return 0;
}

#endif
