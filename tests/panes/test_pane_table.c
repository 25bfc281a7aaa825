/* The table of pane classes: every entry complete, the layout it gives at
 * every size (and the places of the panes at the common terminal sizes),
 * Tab's focus, the panes' keys, and each pane drawing what its scene says,
 * on an ncurses screen that writes to /dev/null. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "cells.h"
#include "ui/panes/pane_class.h"
#include "ui/panes/panel.h"


/* A stream that has shown ncpu CPUs and nthreads threads. */
static void sized_model(Model *m, int ncpu, int nthreads)
{
    double pct[MODEL_MAX_CPUS] = {0};
    model_init(m);
    if (ncpu > 0)
        model_add_sample(m, 1, pct, ncpu, NULL);
    if (nthreads > 0)
        model_add_span(m, 0, 0.001, nthreads - 1, STATE_RUN, 0);
}

/* Every pane class says what it is, where it goes and how it draws; each
 * step has one pane that fills; keys are described and handled, and no
 * two panes of a step take the same key. */
static void table_complete(void)
{
    static const unsigned steps[] = {PANE_IN_DEMO, PANE_IN_RUN, PANE_IN_RUN | PANE_IN_TRACE};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        unsigned step = steps[k];
        int fills = 0;
        for (int i = 0; i < PANE_COUNT; i++) {
            const PaneClass *c = pane_classes[i];
            CHECK(c && c->name && *c->name && c->help && *c->help && c->size && c->draw);
            CHECK(c->steps != 0 && (c->steps & ~(unsigned)(PANE_IN_DEMO | PANE_IN_RUN | PANE_IN_TRACE)) == 0);
            if (!(c->steps & step))
                continue;
            fills += c->place == PANE_FILL;
            for (const KeyBinding *b = c->keys; b && b->names; b++) {
                CHECK(b->what && *b->what && b->run && b->keys[0]);
                for (int j = 0; j < PANE_COUNT; j++)
                    if (j != i && (pane_classes[j]->steps & step))
                        CHECK(!keys_find(pane_classes[j]->keys, b->keys[0]));
            }
        }
        CHECK(fills == 1);
    }
    /* and the `?` screen finds each pane's keys */
    const char *name, *help;
    const KeyBinding *keys;
    int n = 0;
    for (; panel_pane_keys(n, &name, &help, &keys); n++)
        CHECK(strcmp(name, pane_classes[n]->name) == 0 && help && keys == pane_classes[n]->keys);
    CHECK(n == PANE_COUNT);
}

static bool inside(const Rect *r, int y, int x, int h, int w)
{
    return r->h > 0 && r->w > 0 && r->y >= y && r->x >= x && r->y + r->h <= y + h && r->x + r->w <= x + w;
}

static bool overlap(const Rect *a, const Rect *b)
{
    return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

/* The panes, the header and the footer tile the area; 0 when they do. */
static int misfits(const PaneLayout *l, Rect a)
{
    Rect all[PANE_COUNT + 2];
    int n = 0, bad = 0, area = 0;
    all[n++] = l->header;
    all[n++] = l->footer;
    for (int i = 0; i < PANE_COUNT; i++)
        if (l->shown[i])
            all[n++] = l->pane[i];
    bad += n < 3;
    for (int i = 0; i < n; i++) {
        bad += !inside(&all[i], a.y, a.x, a.h, a.w);
        for (int j = i + 1; j < n; j++)
            bad += overlap(&all[i], &all[j]);
        area += all[i].h * all[i].w;
    }
    return bad + (area != a.h * a.w); /* every cell of the body is some pane's */
}

static void layout_fits_every_size(void)
{
    Model m;
    sized_model(&m, 8, 4);
    Panes ps;
    int bad = 0;
    for (int kind = 0; kind < 3; kind++) { /* a run, a demo, a traced run */
        panes_reset(&ps, kind == 1, &m, NULL);
        ps.scene.traced = kind == 2;
        ps.focus = PANE_CHART;
        for (int h = 1; h <= 60; h++)
            for (int w = 1; w <= 200; w += 3) {
                PaneLayout l;
                Rect a = {2, 3, h, w};
                if (layout_panel(&l, a, &ps, &m))
                    bad += misfits(&l, a);
                else
                    bad += h >= 6 && w >= 20;
            }
    }
    CHECK(bad == 0);
    model_free(&m);
    /* 80x24 terminal, a panel of 80x12: everything side by side */
    sized_model(&m, 2, 2);
    panes_reset(&ps, true, &m, NULL);
    PaneLayout l;
    CHECK(layout_panel(&l, (Rect){0, 0, 22, 80}, &ps, &m));
    CHECK(l.shown[PANE_METERS] && l.shown[PANE_CHART] && l.shown[PANE_TIMELINE]);
    /* tiny: the focused pane alone */
    ps.focus = PANE_TIMELINE;
    CHECK(layout_panel(&l, (Rect){0, 0, 8, 30}, &ps, &m));
    CHECK(l.shown[PANE_TIMELINE] && !l.shown[PANE_METERS] && !l.shown[PANE_CHART]);
    /* a run without a sample: its output alone, whatever has the focus */
    model_free(&m);
    sized_model(&m, 0, 0);
    panes_reset(&ps, false, &m, NULL);
    ps.focus = PANE_METERS;
    CHECK(layout_panel(&l, (Rect){0, 0, 20, 100}, &ps, &m));
    CHECK(l.shown[PANE_OUTPUT] && !l.shown[PANE_METERS] && l.pane[PANE_OUTPUT].h == 18);
    model_free(&m);
}

typedef struct {
    int id;
    Rect r;
} Place;

/* The panes' places in the panel of an 80x24, 100x30, 120x40 and 200x50
 * terminal (a bottom panel, then one on the right), 4 CPUs, 4 threads.
 * At 200x50 the panel is tall: the meters (a graph under each bar) over
 * the chart or the output, the timeline at the bottom, all full width. */
static void layout_at_terminal_sizes(void)
{
    static const Rect panel[] = {{13, 0, 10, 80}, {16, 0, 13, 100}, {0, 57, 39, 63}, {0, 91, 49, 109}};
    static const Place demo[][3] = {
        {{PANE_METERS, {14, 0, 4, 40}}, {PANE_CHART, {14, 40, 8, 40}}, {PANE_TIMELINE, {18, 0, 4, 40}}},
        {{PANE_METERS, {17, 0, 5, 50}}, {PANE_CHART, {17, 50, 11, 50}}, {PANE_TIMELINE, {22, 0, 6, 50}}},
        {{PANE_METERS, {1, 57, 5, 63}}, {PANE_CHART, {13, 57, 25, 63}}, {PANE_TIMELINE, {6, 57, 7, 63}}},
        {{PANE_METERS, {1, 91, 13, 109}}, {PANE_CHART, {14, 91, 27, 109}}, {PANE_TIMELINE, {41, 91, 7, 109}}},
    };
    static const Place run[][2] = {
        {{PANE_OUTPUT, {14, 0, 8, 44}}, {PANE_METERS, {14, 44, 8, 36}}},
        {{PANE_OUTPUT, {17, 0, 11, 64}}, {PANE_METERS, {17, 64, 11, 36}}},
        {{PANE_OUTPUT, {1, 57, 32, 63}}, {PANE_METERS, {33, 57, 5, 63}}},
        {{PANE_OUTPUT, {14, 91, 34, 109}}, {PANE_METERS, {1, 91, 13, 109}}},
    };
    Model m;
    sized_model(&m, 4, 4);
    Panes ps;
    PaneLayout l;
    for (int i = 0; i < 4; i++) {
        panes_reset(&ps, true, &m, NULL);
        CHECK(layout_panel(&l, panel[i], &ps, &m));
        for (int k = 0; k < 3; k++)
            CHECK(l.shown[demo[i][k].id] && memcmp(&l.pane[demo[i][k].id], &demo[i][k].r, sizeof(Rect)) == 0);
        CHECK(!l.shown[PANE_OUTPUT]);
        panes_reset(&ps, false, &m, NULL);
        CHECK(layout_panel(&l, panel[i], &ps, &m));
        for (int k = 0; k < 2; k++)
            CHECK(l.shown[run[i][k].id] && memcmp(&l.pane[run[i][k].id], &run[i][k].r, sizeof(Rect)) == 0);
        CHECK(!l.shown[PANE_CHART] && !l.shown[PANE_TIMELINE]);
    }
    model_free(&m);
}

/* A traced run's panes in the panel of an 80x24, 100x30, 120x40 and
 * 200x50 terminal, 2 CPUs, 3 threads: all of them, the output whole. On
 * 80x24 the output takes the right half, the meters, the timeline and the
 * trace line are over each other on the left. */
static void layout_of_a_traced_run(void)
{
    static const Rect panel[] = {{13, 0, 10, 80}, {16, 0, 13, 100}, {0, 57, 39, 63}, {0, 91, 49, 109}};
    Model m;
    sized_model(&m, 2, 3);
    Panes ps;
    PaneLayout l;
    for (int verdict = 0; verdict < 2; verdict++) /* before the result, and with a long verdict */
        for (int i = 0; i < 4; i++) {
            if (verdict) {
                m.trace.has = true;
                memset(m.trace.verdict, 'x', 150);
            }
            panes_reset(&ps, false, &m, NULL);
            ps.scene.traced = true;
            CHECK(layout_panel(&l, panel[i], &ps, &m));
            CHECK(l.shown[PANE_OUTPUT] && l.shown[PANE_METERS] && l.shown[PANE_TIMELINE] && l.shown[PANE_TRACE]);
            CHECK(!l.shown[PANE_CHART] && l.pane[PANE_OUTPUT].h >= 6 && l.pane[PANE_TRACE].h >= 1);
            CHECK(l.pane[PANE_TIMELINE].h >= 4);
            if (i > 0) /* the timeline has a row for each thread */
                CHECK(l.pane[PANE_TIMELINE].h >= 6, "%dx%d: %d rows", panel[i].w, panel[i].h, l.pane[PANE_TIMELINE].h);
        }
    memset(&m.trace, 0, sizeof m.trace);
    panes_reset(&ps, false, &m, NULL);
    ps.scene.traced = true;
    CHECK(layout_panel(&l, panel[0], &ps, &m));
    CHECK(memcmp(&l.pane[PANE_OUTPUT], &(Rect){14, 40, 8, 40}, sizeof(Rect)) == 0);
    CHECK(memcmp(&l.pane[PANE_METERS], &(Rect){14, 0, 3, 40}, sizeof(Rect)) == 0);
    CHECK(memcmp(&l.pane[PANE_TIMELINE], &(Rect){17, 0, 4, 40}, sizeof(Rect)) == 0);
    CHECK(memcmp(&l.pane[PANE_TRACE], &(Rect){21, 0, 1, 40}, sizeof(Rect)) == 0);
    /* Tab visits the output, the meters, the timeline and the trace line */
    static const int tabs[] = {PANE_METERS, PANE_TIMELINE, PANE_TRACE, PANE_OUTPUT};
    CHECK(ps.focus == PANE_OUTPUT);
    for (int i = 0; i < 4; i++) {
        panes_cycle_focus(&ps, 1);
        CHECK(ps.focus == tabs[i]);
    }
    model_free(&m);
}

/* Tab visits the step's panes in table order and wraps; Shift-Tab back. */
static void focus_cycles_the_step(void)
{
    Model m;
    model_init(&m);
    Panes ps;
    panes_reset(&ps, true, &m, NULL);
    CHECK(ps.focus == PANE_METERS);
    static const int demo_tabs[] = {PANE_CHART, PANE_TIMELINE, PANE_METERS};
    for (int i = 0; i < 3; i++) {
        panes_cycle_focus(&ps, 1);
        CHECK(ps.focus == demo_tabs[i]);
    }
    panes_cycle_focus(&ps, -1);
    CHECK(ps.focus == PANE_TIMELINE);
    panes_reset(&ps, false, &m, NULL);
    CHECK(ps.focus == PANE_OUTPUT);
    panes_cycle_focus(&ps, 1);
    CHECK(ps.focus == PANE_METERS);
    panes_cycle_focus(&ps, 1);
    CHECK(ps.focus == PANE_OUTPUT);
    model_free(&m);
}

/* The timeline's and the chart's keys, whichever pane has the focus; a
 * run step's panes take none of them. */
static void pane_keys(void)
{
    Model m;
    sized_model(&m, 2, 2);
    m.t_spans = 2.0;
    Panes ps;
    panes_reset(&ps, true, &m, NULL);
    PaneView *tl = &ps.view[PANE_TIMELINE];
    CHECK(panes_key(&ps, 'z') == tl && tl->notice[0] == '\0');
    CHECK(panes_key(&ps, 'Z') == tl && panes_key(&ps, 'Z') == tl && tl->zoom == 1);
    CHECK(panes_key(&ps, 'p') == tl && tl->paused && tl->paused_t == 2.0);
    CHECK_STR_HAS(tl->notice, "timeline paused (p resumes)");
    tl->cells = 100; /* as drawn: 50 cells of 2 ms back */
    CHECK(panes_key(&ps, '<') == tl);
    CHECK_STR_HAS(tl->notice, "timeline paused at 1.900 s");
    panes_follow(&ps);
    CHECK(!tl->paused);
    CHECK(panes_key(&ps, 't') == &ps.view[PANE_CHART] && ps.view[PANE_CHART].mode != 0);
    CHECK(panes_key(&ps, 'x') == NULL);
    panes_reset(&ps, false, &m, NULL);
    CHECK(panes_key(&ps, 'z') == NULL && panes_key(&ps, 't') == NULL);
    model_free(&m);
}

/* The meters show the demo's cores while it runs, the system otherwise;
 * the timeline draws at its zoom and notes its width for scrolling. */
static WINDOW *win;

/* A clean window with the panes drawn in layout l, in colour. */
static void redraw(Panes *ps, const PaneLayout *l, const Model *stream)
{
    static const DrawCtx dc = {{true, false}, false, false};
    werase(win);
    panes_draw(ps, win, l, stream, &dc);
}

static void panes_draw_their_scene(void)
{
    Model stream, sys;
    sized_model(&stream, 2, 2);
    sized_model(&sys, 4, 0);
    Panes ps;
    panes_reset(&ps, true, &stream, &sys);
    ps.scene.max_workers = 2;
    PaneLayout l;
    CHECK(layout_panel(&l, (Rect){0, 0, 30, 120}, &ps, &stream));
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, l.pane[PANE_METERS].y, 0, 120), ">system, no demo running   4 CPUs");
    CHECK_STR_HAS(row(win, l.pane[PANE_TIMELINE].y, 0, 120), "threads  1 ms per cell");
    CHECK(ps.view[PANE_TIMELINE].cells == l.pane[PANE_TIMELINE].w - 4);
    ps.scene.running = ps.scene.on_node = true;
    panes_key(&ps, 'z');
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, l.pane[PANE_METERS].y, 0, 120), ">the node's cores   2 CPUs");
    CHECK_STR_HAS(row(win, l.pane[PANE_TIMELINE].y, 0, 120), " threads  0.5 ms per cell");
    model_free(&stream);
    model_free(&sys);
}

/* The focused pane scrolls its rows (the timeline's threads, the output's
 * lines), and zoomed it has the whole panel: every thread at once. */
static void focused_pane_scrolls_and_zooms(void)
{
    Model stream;
    sized_model(&stream, 2, 8);
    Panes ps;
    panes_reset(&ps, true, &stream, NULL);
    ps.focus = PANE_TIMELINE;
    PaneLayout l;
    Rect panel = {0, 0, 10, 80}; /* an 80x24 terminal's */
    CHECK(layout_panel(&l, panel, &ps, &stream));
    redraw(&ps, &l, &stream);
    int t = l.pane[PANE_TIMELINE].y;
    CHECK_STR_HAS(row(win, t, 0, 120), "T0-T1 of 8");
    CHECK(panes_scroll(&ps, 3));
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, t, 0, 120), "T3-T4 of 8");
    CHECK(panes_scroll(&ps, 1000)); /* End: never past the last */
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, t, 0, 120), "T6-T7 of 8");
    ps.zoomed = true;
    CHECK(layout_panel(&l, (Rect){0, 0, 22, 80}, &ps, &stream));
    CHECK(l.shown[PANE_TIMELINE] && !l.shown[PANE_CHART] && l.pane[PANE_TIMELINE].h == 20);
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, 1, 0, 120), "8 threads"); /* under the header */
    for (int i = 0; i < 8; i++) {
        char label[8];
        snprintf(label, sizeof label, "T%d ", i);
        CHECK_STR_HAS(row(win, 2 + i, 0, 120), label);
    }
    model_free(&stream);
    /* a run's output: back to its first lines, and never past them */
    model_init(&stream);
    for (int i = 0; i < 30; i++) {
        char line[16];
        model_add_output(&stream, line, (size_t)snprintf(line, sizeof line, "out %d", i));
    }
    panes_reset(&ps, false, &stream, NULL);
    ps.focus = PANE_OUTPUT;
    CHECK(layout_panel(&l, panel, &ps, &stream));
    CHECK(panes_scroll(&ps, -100));
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, l.pane[PANE_OUTPUT].y, 0, 120), "lines 1-7 of 30");
    CHECK_STR_HAS(row(win, l.pane[PANE_OUTPUT].y + 1, 0, 120), "out 0");
    model_free(&stream);
}

/* A traced run's panes on the panel of an 80x24 terminal: the threads
 * named in the timeline, the trace's own meters while it runs, and the
 * trace line in the one row it gets there: figures and verdict; then at
 * every size, without drawing outside the panel. */
static void traced_panes_draw(void)
{
    Model stream, sys;
    sized_model(&stream, 2, 0);
    sized_model(&sys, 4, 0);
    model_add_span(&stream, 0, 0.05, 0, STATE_WAIT, 0);
    model_name_thread(&stream, 0, 100, 100, "python3");
    for (int th = 1; th <= 2; th++) {
        model_add_span(&stream, 0, 0.05, th, th == 1 ? STATE_RUN : STATE_WAIT, 0);
        model_name_thread(&stream, th, 100, 100 + th, th == 1 ? "T1" : "T2");
    }
    stream.trace = (ShownTrace){.has = true, .cores_busy = 0.98, .overlap = 0.02, .threads = 3, .processes = 1};
    snprintf(stream.trace.verdict, sizeof stream.trace.verdict, "only one thread ran at a time.");
    Panes ps;
    panes_reset(&ps, false, &stream, &sys);
    ps.scene.traced = ps.scene.running = true;
    PaneLayout l;
    CHECK(layout_panel(&l, (Rect){0, 0, 10, 80}, &ps, &stream));
    redraw(&ps, &l, &stream);
    CHECK_STR_HAS(row(win, l.pane[PANE_METERS].y, 0, 120), " cores  2 CPUs");
    CHECK_STR_HAS(row(win, l.pane[PANE_TIMELINE].y, 0, 120), "threads  1 ms per cell, 3 threads");
    CHECK_STR_HAS(row(win, l.pane[PANE_TIMELINE].y + 1, 0, 120), "T1 101          #");
    CHECK_STR_HAS(row(win, l.pane[PANE_TRACE].y, 0, 120), " trace  cores busy 0.98, overlap 2 %; on");
    for (int h = 1; h <= 30; h++)
        for (int w = 1; w <= 120; w += 7) {
            if (layout_panel(&l, (Rect){0, 0, h, w}, &ps, &stream))
                redraw(&ps, &l, &stream);
        }
    model_free(&stream);
    model_free(&sys);
}

int main(void)
{
    static const CheckTest tests[] = {
        CHECK_TEST(table_complete),        CHECK_TEST(layout_fits_every_size), CHECK_TEST(layout_at_terminal_sizes),
        CHECK_TEST(layout_of_a_traced_run), CHECK_TEST(focus_cycles_the_step), CHECK_TEST(pane_keys),
        CHECK_TEST(panes_draw_their_scene), CHECK_TEST(traced_panes_draw),
        CHECK_TEST(focused_pane_scrolls_and_zooms)};
    return offscreen_main(30, 120, &win, NULL, tests, CHECK_COUNT(tests));
}
