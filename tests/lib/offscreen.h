/* An ncurses screen that draws into nothing (/dev/null), for the C tests of
 * what is drawn: offscreen_open makes it the current screen, with colours
 * started, and returns a window of h rows and w columns (NULL without the
 * xterm-256color terminfo: the test then exits 77, skipped);
 * offscreen_close ends it. */
#ifndef CORELAB_TESTS_OFFSCREEN_H
#define CORELAB_TESTS_OFFSCREEN_H

#include <curses.h>
#include <stdio.h>

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

#endif
