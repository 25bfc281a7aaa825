/* An ncurses screen that draws into nothing (/dev/null), for the C tests of
 * what is drawn: offscreen_open makes it the current screen, with colours
 * started, and returns a window of h rows and w columns (NULL without the
 * xterm-256color terminfo: the test then exits 77, skipped);
 * offscreen_close ends it. offscreen_main is the whole main of such a
 * test: in C.UTF-8, the screen opened into *win, setup() (when not NULL),
 * the tests run (check.h), the screen closed, check_exit(). */
#ifndef CORELAB_TESTS_OFFSCREEN_H
#define CORELAB_TESTS_OFFSCREEN_H

#include <curses.h>
#include <locale.h>
#include <stdio.h>

#include "check.h"

typedef struct {
    FILE *out, *in;
    SCREEN *scr;
    WINDOW *win;
} Offscreen;

static inline WINDOW *offscreen_open(Offscreen *o, int h, int w)
{
    o->out = fopen("/dev/null", "w");
    o->in = fopen("/dev/null", "r");
    o->scr = o->out && o->in ? newterm("xterm-256color", o->out, o->in) : NULL;
    if (!o->scr) {
        fprintf(stderr, "no xterm-256color terminfo\n");
        return NULL;
    }
    set_term(o->scr);
    start_color();
    o->win = newwin(h, w, 0, 0);
    return o->win;
}

static inline void offscreen_close(Offscreen *o)
{
    delwin(o->win);
    endwin();
    delscreen(o->scr);
    fclose(o->out);
    fclose(o->in);
}

static inline int offscreen_main(int h, int w, WINDOW **win, void (*setup)(void), const CheckTest *tests,
                                 size_t n)
{
    setlocale(LC_ALL, "C.UTF-8");
    Offscreen o;
    if (!(*win = offscreen_open(&o, h, w)))
        return 77;
    if (setup)
        setup();
    check_run_all(tests, n);
    offscreen_close(&o);
    return check_exit();
}

#endif
