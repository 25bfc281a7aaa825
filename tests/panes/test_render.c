/* The renderers of the meters, the speedup chart, the timeline and the
 * output, drawn into a window of an ncurses screen that writes to
 * /dev/null, then read back cell by cell: what a user would see. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "cells.h"
#include "models.h"

#include <stdlib.h>

enum { H = 40, W = 120 };

static WINDOW *win;

/* Each pane drawn afresh at the window's top left; the window's text. */
static const char *meters(const Model *m, int h, int w, DrawCtx dc, const char *title)
{
    werase(win);
    meters_draw(win, &(Rect){0, 0, h, w}, m, &dc, title);
    return window_text(win);
}

static const char *timeline(const Model *m, int h, int w, DrawCtx dc, TimelineView v)
{
    werase(win);
    timeline_draw(win, &(Rect){0, 0, h, w}, m, &dc, &v);
    return window_text(win);
}

static const char *output(const Model *m, int h, int w, const char *partial, size_t n)
{
    werase(win);
    output_draw(win, &(Rect){0, 0, h, w}, m, &(DrawCtx){{true, false}, false, false}, "output", partial, n);
    return window_text(win);
}

static void meters_ascii_and_utf8(void)
{
    Model m, empty;
    gil_model(&m);
    CHECK(all_ascii(meters(&m, 4, 60, draw_ctx(true, false), "cores")));
    SHOWS(win, 60, {0, "cores"}, {0, "2 CPUs"}, {0, "quota 1.5 CPUs"}, {1, "  0 [||||"}, {1, "48%"}, {2, " 97%"});
    CHECK(count_char(row(win, 2, 0, 60), '|') > count_char(row(win, 1, 0, 60), '|'));

    meters(&m, 4, 60, draw_ctx(false, true), "cores");
    /* the history: braille, two samples per cell (50 then 48: 2 dots each) */
    SHOWS(win, 60, {2, "█"}, {1, "⣤"});
    CHECK(any_colour(win));

    /* No samples yet. */
    model_init(&empty);
    meters(&empty, 4, 60, draw_ctx(false, true), "system");
    SHOWS(win, 60, {1, "waiting for the first sample"});
    model_free(&m);
}

static void meters_many_cpus_in_columns(void)
{
    Model m;
    model_init(&m);
    double pct[64];
    for (int i = 0; i < 64; i++)
        pct[i] = i;
    model_add_sample(&m, 1, pct, 64, NULL);
    CHECK(all_ascii(meters(&m, 9, 120, draw_ctx(true, false), "cores")));
    SHOWS(win, W, {ANY_ROW, " 63 "}, {ANY_ROW, " 63%"});
    model_free(&m);
}

/* The plot area (left of the table): 3 points, an ideal line, the curve. */
static void chart_plot_marks(int h)
{
    int stars = 0, dots = 0, os = 0;
    for (int y = 1; y < h; y++) {
        const char *s = row(win, y, 6, 56);
        if (strstr(s, "measured"))
            continue;
        stars += count_char(s, '*');
        dots += count_char(s, '.');
        os += count_char(s, 'o');
    }
    CHECK(stars == 3, "%d measured points", stars);
    CHECK(dots > 10);
    CHECK(os > 10);
}

static void chart_points_ideal_amdahl(void)
{
    Model m, empty;
    gil_model(&m);
    CHECK(all_ascii(chart_text(win, &m, 16, 90, draw_ctx(true, false), 4, false)));
    SHOWS(win, 90, {0, "speedup"}, {0, "serial fraction 0.050"}, {0, "efficiency 83% at 4"}, {ANY_ROW, "- workers"},
          {ANY_ROW, "* measured"}, {ANY_ROW, "o Amdahl, serial 5.0%"},
          /* the table */
          {ANY_ROW, " W  wall s  speedup   eff"}, {ANY_ROW, " 4   1.200     3.33   83%"},
          {ANY_ROW, " 2   2.100     1.90   95%"});
    chart_plot_marks(16);

    /* narrow: the table alone */
    chart_text(win, &m, 5, 60, draw_ctx(true, false), 4, true);
    SHOWS(win, 60, {ANY_ROW, " 1   4.000     1.00  100%"});

    /* before any result */
    model_init(&empty);
    chart_text(win, &empty, 16, 90, draw_ctx(true, false), 4, false);
    SHOWS(win, 90, {ANY_ROW, "waiting for the first result"}, {ANY_ROW, "from 3 worker counts"});
    model_free(&m);
}

static void timeline_handoffs_visible(void)
{
    Model m;
    gil_model(&m);
    CHECK(all_ascii(timeline(&m, 7, 84, draw_ctx(true, false), (TimelineView){.cell_s = 0.001})));
    /* 5 ms turns at 1 ms a cell: runs of five, alternating between rows */
    SHOWS(win, 84, {0, "threads"}, {0, "1 ms per cell"}, {1, "T0"}, {1, "#####.....#####....."},
          {2, ".....#####.....#####"}, {3, "=====~~~~"}, {4, "now t=0.10 s"},
          /* the legend */
          {5, "# run/GIL"}, {5, ". wait"}, {5, "= nogil"}, {5, "~ io"});

    /* UTF-8 with colour: blocks instead of '#', still a glyph per state */
    timeline(&m, 7, 84, draw_ctx(false, true), (TimelineView){.cell_s = 0.001});
    SHOWS(win, 84, {1, "█████·····█████"});
    CHECK(any_colour(win));
    /* zoomed out: 10 ms a cell; paused at 0.05 s */
    timeline(&m, 7, 84, draw_ctx(true, false), (TimelineView){.cell_s = 0.01, .paused = true, .t_end = 0.05});
    SHOWS(win, 84, {0, "10 ms per cell, paused"}, {4, "paused at t=0.05 s"});
    model_free(&m);
}

static void monochrome_has_no_colour(void)
{
    Model m;
    gil_model(&m);
    DrawCtx dc = draw_ctx(false, false);
    Rect a = {0, 0, 5, 60}, b = {5, 0, 14, 100}, c = {20, 0, 7, 100};
    TimelineView v = {.cell_s = 0.001};
    werase(win);
    meters_draw(win, &a, &m, &dc, "cores");
    chart_draw(win, &b, &m, &dc, 4, false);
    timeline_draw(win, &c, &m, &dc, &v);
    CHECK(!any_colour(win));
    model_free(&m);
}

static void output_pane(void)
{
    Model m;
    model_init(&m);
    numbered_output(&m, "out", 30);
    output(&m, 6, 40, NULL, 0);
    SHOWS(win, 40, {0, "lines 26-30 of 30"}, {5, "out 29"}, {1, "out 25"});
    /* UTF-8 from a child shows as '?' in ASCII mode */
    model_add_output(&m, "caf\xc3\xa9", 5);
    output(&m, 6, 40, NULL, 0);
    SHOWS(win, 40, {5, "caf?"});
    /* a prompt without its newline yet shows as the last line */
    output(&m, 6, 40, "Your guess: \x1b", 13);
    SHOWS(win, 40, {4, "caf?"}, {5, "Your guess:  "});
    model_free(&m);
}

int main(void)
{
    static const CheckTest tests[] = {CHECK_TEST(meters_ascii_and_utf8),     CHECK_TEST(meters_many_cpus_in_columns),
                                      CHECK_TEST(chart_points_ideal_amdahl), CHECK_TEST(timeline_handoffs_visible),
                                      CHECK_TEST(monochrome_has_no_colour),  CHECK_TEST(output_pane)};
    return offscreen_main(H, W, &win, panes_colours, tests, CHECK_COUNT(tests));
}
