/* The thread timeline: one row per thread, the newest time at the right
 * edge, each cell the state that filled most of it, shown by colour and by
 * glyph (it reads in monochrome and in ASCII), a time axis and a legend.
 * The default cell is 1 ms, so that at a 5 ms switch interval each turn
 * with the GIL is a run of about five cells and every hand-off shows. */
#include "ui/panes/figures.h"
#include "ui/panes/pane_class.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { MAX_CELLS = 1024 };

/* Per StreamState (demo/stream.h), in its order. */
static const int state_pair[STATE_COUNT] = {0, PANE_PAIR_RUN, PANE_PAIR_WAIT, PANE_PAIR_NOGIL, PANE_PAIR_IO, 0};

const char *timeline_glyph(const UiCaps *caps, int state)
{
    static const char *const ascii[STATE_COUNT + 1] = {" ", "#", ".", "=", "~", ":", " "};
    static const char *const utf8[STATE_COUNT + 1] = {" ", "█", "·", "▒", "~", "░", " "};
    if (state < 0 || state > STATE_COUNT)
        state = STATE_COUNT;
    return caps->ascii ? ascii[state] : utf8[state];
}

static attr_t state_attr(const DrawCtx *dc, int st)
{
    if (st <= STATE_IDLE || st >= STATE_COUNT || !state_pair[st])
        return A_NORMAL;
    return pane_pair(dc, state_pair[st]) | (st == STATE_RUN ? A_BOLD : A_NORMAL);
}

/* The legend's entries, each whole or not at all: the states the stream
 * has had (before any span, running), in the order below, idle last and
 * first to go when narrow; `run` in the demo's words ("run/GIL"). */
static void draw_legend(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m)
{
    const int order[] = {STATE_RUN, STATE_WAIT, STATE_NOGIL, STATE_IO, STATE_READY, STATE_IDLE};
    const DemoVariant *dv = figures_variant(m);
    unsigned seen = m->states_seen ? m->states_seen : 1u << STATE_RUN;
    int used = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int st = order[i];
        if (!(seen & (1u << st)))
            continue;
        const char *name = st == STATE_RUN && dv && dv->run_means ? dv->run_means : stream_state_name(st);
        char label[32];
        snprintf(label, sizeof label, " %s", name);
        const char *glyph = st == STATE_IDLE ? "' '" : timeline_glyph(&dc->caps, st);
        int need = 1 + pane_cols(glyph) + pane_cols(label) + 1;
        if (used + need > w)
            break;
        used += pane_text(win, dc, y, x + used, w - used, " ", A_NORMAL);
        used += pane_text(win, dc, y, x + used, w - used, glyph, state_attr(dc, st));
        used += pane_text(win, dc, y, x + used, w - used, label, A_NORMAL);
        used += pane_text(win, dc, y, x + used, w - used, " ", A_NORMAL);
    }
    if (used < w)
        mvwhline(win, y, x + used, ' ', w - used);
}

/* The time axis: how far back the left edge is and, once the stream has
 * told a time, where the right edge is. */
static void draw_axis(WINDOW *win, const DrawCtx *dc, int y, int x, int w, int cells, double cell_s, double t_end,
                      bool paused, bool any, int lw)
{
    char left[48], right[48] = "";
    double span = cells * cell_s;
    if (span < 1.0)
        snprintf(left, sizeof left, "%*s-%.0f ms", lw - 1, "", span * 1000);
    else
        snprintf(left, sizeof left, "%*s-%.2f s", lw - 1, "", span);
    if (any || paused)
        snprintf(right, sizeof right, "%s t=%.2f s", paused ? "paused at" : "now", t_end);
    int used = pane_text(win, dc, y, x, w, left, A_DIM);
    int rl = (int)strlen(right);
    if (rl && used + rl + 1 < w) {
        mvwhline(win, y, x + used, ' ', w - used - rl);
        pane_text(win, dc, y, x + w - rl, rl, right, paused ? A_BOLD : A_DIM);
    } else if (used < w) {
        mvwhline(win, y, x + used, ' ', w - used);
    }
}

static void draw_row(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m, int th, double t0,
                     double cell_s, int cells, int lw)
{
    char label[MODEL_NAME_LEN + 32];
    uint8_t st[MAX_CELLS];
    model_thread_label(m, th, label, sizeof label, lw - 1);
    pane_line(win, dc, y, x, lw, label, A_NORMAL);
    model_thread_cells(m, th, t0, cell_s, cells, st);
    wmove(win, y, x + lw);
    attr_t cur = A_NORMAL;
    wattrset(win, cur);
    for (int k = 0; k < cells; k++) {
        attr_t a = state_attr(dc, st[k]);
        if (a != cur) {
            wattrset(win, a);
            cur = a;
        }
        waddstr(win, timeline_glyph(&dc->caps, st[k]));
    }
    wattrset(win, A_NORMAL);
    if (lw + cells < w)
        mvwhline(win, y, x + lw + cells, ' ', w - lw - cells);
}

/* "threads  1 ms per cell, T2-T3 of 4": the rows shown when not all fit
 * (first -1: rows picked, not in order; "+N more" on the last says so). */
static void draw_title(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const TimelineView *v,
                       int first, int rows)
{
    const char *noun = figures_worker_noun(m);
    char name[24], cell[48], what[48] = "", e[4][112];
    snprintf(name, sizeof name, "%s%s", noun, strcmp(noun, "process") == 0 ? "es" : "s");
    snprintf(cell, sizeof cell, "%g ms per cell%s", v->cell_s * 1000, v->paused ? ", paused" : "");
    char c = figures_worker_letter(m);
    if (m->nthreads > 0 && rows < m->nthreads && first >= 0)
        snprintf(what, sizeof what, "%c%d-%c%d of %d", c, first, c, first + rows - 1, m->nthreads);
    else if (m->nthreads > 0)
        snprintf(what, sizeof what, "%d %s", m->nthreads, m->nthreads == 1 ? noun : name);
    snprintf(e[0], sizeof e[0], "%s%s%s", cell, what[0] ? ", " : "", what);
    snprintf(e[1], sizeof e[1], "%s%s", what, v->paused ? ", paused" : "");
    snprintf(e[2], sizeof e[2], "%s", cell);
    snprintf(e[3], sizeof e[3], "%s", v->paused ? "paused" : "");
    const char *names[] = {name};
    const char *extras[] = {e[0], e[1], e[2], e[3]};
    pane_title_fit(win, r, dc, names, 1, extras, 4);
}

int timeline_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const TimelineView *v)
{
    if (r->h <= 0 || r->w <= 0)
        return 0;
    int lw = model_label_width(m) < r->w / 2 ? model_label_width(m) : r->w / 2; /* a traced row's name is long */
    int cells = r->w - lw;
    if (cells > MAX_CELLS)
        cells = MAX_CELLS;
    if (cells < 1)
        cells = 1;
    TimelineView tv = *v;
    tv.cell_s = v->cell_s > 0 ? v->cell_s : 0.001;
    /* The right edge on a whole cell, so cells keep their contents as the
     * view scrolls (and ncurses has fewer cells to send). */
    double t_end = v->paused ? v->t_end : model_timeline_edge(m);
    t_end = ceil(t_end / tv.cell_s) * tv.cell_s;
    double t0 = t_end - cells * tv.cell_s;

    int body = r->h - 1;
    bool legend = body >= 2, axis = body >= 3;
    int room = body - legend - axis;
    int y = r->y + 1;
    int rows; /* thread rows drawn; the axis and the legend follow them */
    int first = v->first_row;
    int shown[MODEL_MAX_THREADS];
    bool picked = false;
    if (m->nthreads == 0) {
        rows = room > 0 ? 1 : 0;
        first = 0;
        if (rows)
            pane_line(win, dc, y, r->x, r->w, v->idle_text ? v->idle_text : " waiting for thread spans...", A_DIM);
    } else {
        rows = m->nthreads < room ? m->nthreads : room;
        if (first > m->nthreads - rows)
            first = m->nthreads - rows;
        if (first < 0)
            first = 0;
        /* A traced program's many threads, not scrolled: those that ran in
         * the window (model_window_rows); else rows in order from first. */
        picked = rows < m->nthreads && first == 0 && model_label_width(m) == MODEL_LABEL_W;
        if (picked)
            rows = model_window_rows(m, t0, room, shown);
        else
            for (int i = 0; i < rows; i++)
                shown[i] = first + i;
        int n = r->w - lw < cells ? r->w - lw : cells;
        for (int i = 0; i < rows; i++)
            draw_row(win, dc, y + i, r->x, r->w, m, shown[i], t0, tv.cell_s, n, lw);
        if (picked && rows > 0) {
            char more[32];
            snprintf(more, sizeof more, "+%d more", m->nthreads - rows);
            pane_text(win, dc, y + rows - 1, r->x + r->w - (int)strlen(more), (int)strlen(more), more, A_REVERSE);
        }
    }
    draw_title(win, r, m, dc, &tv, picked ? -1 : first, rows);
    if (axis)
        draw_axis(win, dc, y + rows, r->x, r->w, cells, tv.cell_s, t_end, v->paused, m->t_max > 0, lw);
    if (legend)
        draw_legend(win, dc, y + rows + axis, r->x, r->w, m);
    for (int i = rows + axis + legend; i < body; i++)
        mvwhline(win, y + i, r->x, ' ', r->w);
    return first;
}

/* ---- the pane ---- */

/* Seconds per cell, from z (finer) to Z (coarser); a step starts at 1 ms. */
static const double cell_levels[] = {0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2};
enum { LEVELS = sizeof cell_levels / sizeof cell_levels[0], FIRST_LEVEL = 2 };

static int level_of(const PaneView *v)
{
    return ((FIRST_LEVEL + v->zoom) % LEVELS + LEVELS) % LEVELS;
}

/* The title, a row per thread, the axis and the legend; stacked, at most
 * a third of the rows and one. */
static PaneSize timeline_size(const Model *m, const PaneView *v, Rect body)
{
    (void)v;
    return (PaneSize){3 + (m->nthreads > 0 ? m->nthreads : 1), 4, body.h / 3 + 1, 0};
}

/* What the rows say before the first span, in width columns: what r
 * will show, or that the run is starting. */
static void idle_text(const Model *m, const PaneView *v, char *buf, size_t n, int width)
{
    const PaneScene *s = v->scene;
    const char *noun = figures_worker_noun(m);
    const char *plural = strcmp(noun, "process") == 0 ? "es" : "s";
    int most = s->max_workers + (figures_convoy(m) ? 1 : 0); /* convoy: its I/O thread too */
    if (!s->ran) {
        snprintf(buf, n, " press r: a row per %s, up to %d, its state cell by cell", noun, most);
        if (pane_cols(buf) > width)
            snprintf(buf, n, " press r: a row per %s, up to %d", noun, most);
        if (pane_cols(buf) > width)
            snprintf(buf, n, " press r: up to %d %s%s", most, noun, plural);
    } else if (s->running) {
        snprintf(buf, n, " starting the %s%s...", noun, plural);
    } else {
        snprintf(buf, n, " this run sent no %s spans", noun);
    }
}

static void timeline_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    char idle[96];
    idle_text(m, v, idle, sizeof idle, r.w);
    TimelineView tv = {.cell_s = cell_levels[level_of(v)], .paused = v->paused, .t_end = v->paused_t,
                       .first_row = v->scroll, .idle_text = idle};
    v->cells = r.w - model_label_width(m);
    v->page = r.h - 3 > 0 ? r.h - 3 : 1;
    v->total = m->nthreads;
    v->scroll = timeline_draw(win, &r, m, &v->dc, &tv);
}

/* Rows up (< 0) or down: the first thread shown. */
static void timeline_scroll(PaneView *v, int rows)
{
    long s = (long)v->scroll + rows;
    v->scroll = s < 0 ? 0 : s > MODEL_MAX_THREADS ? MODEL_MAX_THREADS : (int)s;
}

/* z: finer cells, Z: coarser; past either end round to the other. */
static bool key_zoom(void *ctx, int key)
{
    PaneView *v = ctx;
    v->zoom = (level_of(v) + (key == 'z' ? LEVELS - 1 : 1)) % LEVELS - FIRST_LEVEL;
    return true;
}

static bool key_pause(void *ctx, int key)
{
    PaneView *v = ctx;
    (void)key;
    v->paused = !v->paused;
    v->paused_t = v->scene->stream->t_spans;
    pane_notice(v, false, v->paused ? "timeline paused (p resumes)" : "timeline follows the demo again");
    return true;
}

/* < >: half a window back or forward in time; scrolling pauses it. */
static bool key_scroll(void *ctx, int key)
{
    PaneView *v = ctx;
    double end = v->scene->stream->t_spans;
    double half = (v->cells > 2 ? v->cells / 2 : 1) * cell_levels[level_of(v)];
    if (!v->paused)
        v->paused_t = end;
    v->paused = true;
    v->paused_t += key == '<' ? -half : half;
    if (v->paused_t > end)
        v->paused_t = end;
    if (v->paused_t < half)
        v->paused_t = half;
    pane_notice(v, false, "timeline paused at %.3f s (< > scroll, p follows the demo)", v->paused_t);
    return true;
}

const KeyBinding timeline_pane_keys[] = {
    {.keys = {'z', 'Z'}, .names = "z  Z", .hint = "zoom",
     .what = "finer / coarser timeline cells", .run = key_zoom},
    {.keys = {'p'}, .names = "p", .hint = "pause",
     .what = "pause the timeline, or follow the demo again", .run = key_pause},
    {.keys = {'<', '>'}, .names = "<  >", .hint = "scroll",
     .what = "the timeline half a window back / forward (pauses it)", .run = key_scroll},
    {.names = NULL}, /* the end */
};

const PaneClass timeline_pane_class = {
    .name = "timeline", .steps = PANE_IN_DEMO | PANE_IN_TRACE, .place = PANE_BAND,
    .help = "one row per thread: running, waiting for the GIL, without it or in I/O, cell by cell",
    .size = timeline_size, .draw = timeline_pane_draw, .keys = timeline_pane_keys, .scroll_by = timeline_scroll,
};
