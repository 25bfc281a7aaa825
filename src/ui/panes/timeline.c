/* The thread timeline: one row per thread, the newest time at the right
 * edge, each cell the state that filled most of it, shown by colour and by
 * glyph (it reads in monochrome and in ASCII), a time axis and a legend.
 * The default cell is 1 ms, so that at a 5 ms switch interval each turn
 * with the GIL is a run of about five cells and every hand-off shows. */
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

/* "ready" (real threads only) when the stream has had it. */
static void draw_legend(WINDOW *win, const DrawCtx *dc, int y, int x, int w, unsigned states_seen)
{
    int used = 0;
    const int order[] = {STATE_RUN, STATE_WAIT, STATE_NOGIL, STATE_IO, STATE_READY, STATE_IDLE};
    for (size_t i = 0; i < sizeof order / sizeof order[0] && used < w; i++) {
        int st = order[i];
        if (st == STATE_READY && !(states_seen & (1u << STATE_READY)))
            continue;
        char label[24];
        used += pane_text(win, dc, y, x + used, w - used, " ", A_NORMAL);
        if (st == STATE_IDLE) {
            used += pane_text(win, dc, y, x + used, w - used, "' '", A_NORMAL);
        } else {
            used += pane_text(win, dc, y, x + used, w - used, timeline_glyph(&dc->caps, st), state_attr(dc, st));
        }
        snprintf(label, sizeof label, " %s ", st == STATE_RUN ? "run/GIL" : stream_state_name(st));
        used += pane_text(win, dc, y, x + used, w - used, label, A_NORMAL);
    }
    if (used < w)
        mvwhline(win, y, x + used, ' ', w - used);
}

static void draw_axis(WINDOW *win, const DrawCtx *dc, int y, int x, int w, int cells, double cell_s, double t_end,
                      bool paused, int lw)
{
    char left[48], right[48];
    double span = cells * cell_s;
    if (span < 1.0)
        snprintf(left, sizeof left, "%*s-%.0f ms", lw - 1, "", span * 1000);
    else
        snprintf(left, sizeof left, "%*s-%.2f s", lw - 1, "", span);
    snprintf(right, sizeof right, "%s t=%.2f s", paused ? "paused at" : "now", t_end);
    int used = pane_text(win, dc, y, x, w, left, A_DIM);
    int rl = (int)strlen(right);
    if (used + rl + 1 < w) {
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

void timeline_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const TimelineView *v)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    int lw = model_label_width(m) < r->w / 2 ? model_label_width(m) : r->w / 2; /* a traced row's name is long */
    int cells = r->w - lw;
    if (cells > MAX_CELLS)
        cells = MAX_CELLS;
    if (cells < 1)
        cells = 1;
    double cell_s = v->cell_s > 0 ? v->cell_s : 0.001;
    /* The right edge on a whole cell, so cells keep their contents as the
     * view scrolls (and ncurses has fewer cells to send). */
    double t_end = v->paused ? v->t_end : model_timeline_edge(m);
    t_end = ceil(t_end / cell_s) * cell_s;
    double t0 = t_end - cells * cell_s;

    char extra[96];
    snprintf(extra, sizeof extra, "%g ms per cell%s", cell_s * 1000, v->paused ? ", paused" : "");
    if (m->nthreads > 0) {
        size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n, ", %d thread%s", m->nthreads, m->nthreads == 1 ? "" : "s");
    }
    pane_title(win, r, dc, "threads", extra);

    int body = r->h - 1;
    bool legend = body >= 2, axis = body >= 3;
    int room = body - legend - axis;
    int y = r->y + 1;
    int rows; /* thread rows drawn; the axis and the legend follow them */
    if (m->nthreads == 0) {
        rows = room > 0 ? 1 : 0;
        if (rows)
            pane_line(win, dc, y, r->x, r->w, " waiting for thread spans...", A_DIM);
    } else {
        int shown[MODEL_MAX_THREADS];
        rows = model_window_rows(m, t0, room, shown);
        int n = r->w - lw < cells ? r->w - lw : cells;
        for (int i = 0; i < rows; i++)
            draw_row(win, dc, y + i, r->x, r->w, m, shown[i], t0, cell_s, n, lw);
        if (rows < m->nthreads && rows > 0) {
            char more[32];
            snprintf(more, sizeof more, "+%d more", m->nthreads - rows);
            pane_text(win, dc, y + rows - 1, r->x + r->w - (int)strlen(more), (int)strlen(more), more, A_REVERSE);
        }
    }
    if (axis)
        draw_axis(win, dc, y + rows, r->x, r->w, cells, cell_s, t_end, v->paused, lw);
    if (legend)
        draw_legend(win, dc, y + rows + axis, r->x, r->w, m->states_seen);
    for (int i = rows + axis + legend; i < body; i++)
        mvwhline(win, y + i, r->x, ' ', r->w);
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

static void timeline_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    TimelineView tv = {cell_levels[level_of(v)], v->paused, v->paused_t};
    v->cells = r.w - model_label_width(m);
    timeline_draw(win, &r, m, &v->dc, &tv);
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
    .name = "timeline",
    .help = "one row per thread: running, waiting for the GIL, without it or in I/O, cell by cell",
    .steps = PANE_IN_DEMO | PANE_IN_TRACE,
    .place = PANE_BAND,
    .size = timeline_size,
    .draw = timeline_pane_draw,
    .keys = timeline_pane_keys,
};
