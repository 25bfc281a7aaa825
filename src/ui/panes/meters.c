/* Per-core meters: one row per CPU with a bar, the percentage as a number
 * and a short history (braille, two samples per cell, on UTF-8; a ramp of
 * ASCII characters otherwise). Many CPUs go into columns; with rows to
 * spare, each CPU gets a taller history graph under its bar. */
#include "ui/panes/pane_class.h"

#include <stdio.h>
#include <string.h>

static const char ascii_ramp[] = " .:-=+#"; /* 7 levels */

enum {
    LABEL_W = 4,     /* "  0 " */
    NUM_W = 5,       /* " 100%" */
    GRAPH_ROWS = 3,  /* a tall meter's graph under its bar */
    MIN_BAR_W = 12,  /* a bar narrower than this leaves the history out */
};

/* The braille cell for two samples (left older), 0-4 dots high each. */
static void braille(char out[4], int left, int right)
{
    static const unsigned char lbits[] = {0x40, 0x04, 0x02, 0x01};
    static const unsigned char rbits[] = {0x80, 0x20, 0x10, 0x08};
    unsigned bits = 0;
    for (int i = 0; i < left && i < 4; i++)
        bits |= lbits[i];
    for (int i = 0; i < right && i < 4; i++)
        bits |= rbits[i];
    unsigned cp = 0x2800 + bits;
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    out[3] = '\0';
}

/* Dots of a percentage in a graph `rows` cells high (4 dots a cell), and
 * how many of them fall into row `row` (0: the top). */
static int dots_in_row(int pct, int rows, int row)
{
    if (pct <= 0)
        return 0;
    int total = rows * 4;
    int d = (pct * total + 99) / 100;
    int below = (rows - 1 - row) * 4;
    d -= below;
    return d < 0 ? 0 : d > 4 ? 4 : d;
}

/* Row `row` of a history graph `rows` high, w cells wide, the newest
 * sample at the right. */
static void draw_history(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m, int c, int row,
                         int rows)
{
    wmove(win, y, x);
    for (int j = 0; j < w; j++) {
        int jr = w - 1 - j;
        if (dc->caps.ascii) {
            int p = model_hist(m, c, jr);
            int lvl = rows == 1 ? (p <= 0 ? 0 : (p * 6 + 99) / 100) : (dots_in_row(p, rows, row) * 6 + 3) / 4;
            waddch(win, (chtype)ascii_ramp[lvl > 6 ? 6 : lvl]);
        } else {
            char cell[4];
            braille(cell, dots_in_row(model_hist(m, c, 2 * jr + 1), rows, row),
                    dots_in_row(model_hist(m, c, 2 * jr), rows, row));
            waddstr(win, cell);
        }
    }
}

static void draw_bar(WINDOW *win, const DrawCtx *dc, int y, int x, int w, double pct)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    int pair = pct >= 90 ? PANE_PAIR_BAR_HIGH : PANE_PAIR_BAR;
    double cells = pct / 100.0 * w;
    int full = (int)cells;
    int part = (int)((cells - full) * 8);
    if (full > w)
        full = w;
    wmove(win, y, x);
    wattrset(win, pane_pair(dc, pair) | (dc->color ? A_NORMAL : A_BOLD));
    for (int i = 0; i < full; i++)
        waddstr(win, dc->caps.ascii ? "|" : "█");
    int used = full;
    if (used < w && part > 0 && !dc->caps.ascii) {
        waddstr(win, eighths[part]);
        used++;
    }
    wattrset(win, A_NORMAL);
    for (; used < w; used++)
        waddch(win, ' ');
}

/* Cells of history beside a bar in a row w wide (0: none): a third of
 * what the label and number leave, a half when wide, at most what the
 * model keeps. */
static int history_cells(int w)
{
    if (w < 34)
        return 0;
    int h = w >= 60 ? (w - 12) / 2 : (w - 12) / 3;
    return h > MODEL_HIST / 2 ? MODEL_HIST / 2 : h;
}

/* A CPU's meter at y: the bar row, and `graph` rows of history under it
 * (0: the history beside the bar instead). */
static void meter(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m, int c, int graph)
{
    char label[16], num[8];
    int pct = (int)(m->last[c] + 0.5f);
    snprintf(label, sizeof label, "%3d ", m->cpu_ids[c] % 1000);
    snprintf(num, sizeof num, "%4d%%", pct);
    int hist_w = graph ? 0 : history_cells(w);
    int bar_w = w - LABEL_W - 2 - NUM_W - (hist_w ? hist_w + 1 : 0);
    if (bar_w < 1) { /* too narrow for a bar: number only */
        char row[32];
        snprintf(row, sizeof row, "%s%s", label, num);
        pane_line(win, dc, y, x, w, row, A_NORMAL);
        return;
    }
    pane_text(win, dc, y, x, LABEL_W, label, A_NORMAL);
    pane_text(win, dc, y, x + LABEL_W, 1, "[", A_NORMAL);
    draw_bar(win, dc, y, x + LABEL_W + 1, bar_w, m->last[c]);
    pane_text(win, dc, y, x + LABEL_W + 1 + bar_w, 1, "]", A_NORMAL);
    pane_text(win, dc, y, x + LABEL_W + 2 + bar_w, NUM_W, num, pct >= 90 ? A_BOLD : A_NORMAL);
    int used = LABEL_W + 2 + bar_w + NUM_W;
    if (hist_w) {
        mvwaddch(win, y, x + used, ' ');
        draw_history(win, dc, y, x + used + 1, hist_w, m, c, 0, 1);
        used += 1 + hist_w;
    }
    if (used < w)
        mvwhline(win, y, x + used, ' ', w - used);
    int gw = w - LABEL_W - 1;
    if (gw > MODEL_HIST / 2)
        gw = MODEL_HIST / 2;
    for (int g = 0; g < graph; g++) {
        mvwhline(win, y + 1 + g, x, ' ', LABEL_W + 1);
        draw_history(win, dc, y + 1 + g, x + LABEL_W + 1, gw, m, c, g, graph);
        if (LABEL_W + 1 + gw < w)
            mvwhline(win, y + 1 + g, x + LABEL_W + 1 + gw, ' ', w - LABEL_W - 1 - gw);
    }
}

/* The title's figures, richest first: CPUs, the average (a whole number
 * with its %, never cut), the quota and how many are shown. */
static void draw_title(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title, int shown)
{
    char e[6][160] = {{0}};
    if (m->ncpu > 0) {
        double sum = 0;
        for (int c = 0; c < m->ncpu; c++)
            sum += m->last[c];
        char cpus[32], avg[24], quota[48] = "", quota_short[32] = "", part[32] = "";
        snprintf(cpus, sizeof cpus, "%d CPU%s", m->ncpu, m->ncpu == 1 ? "" : "s");
        snprintf(avg, sizeof avg, "avg %.0f%%", sum / m->ncpu);
        if (m->quota_cpus > 0) {
            snprintf(quota, sizeof quota, ", cgroup quota %.3g CPUs", m->quota_cpus);
            snprintf(quota_short, sizeof quota_short, ", quota %.3g", m->quota_cpus);
        }
        if (shown < m->ncpu)
            snprintf(part, sizeof part, ", %d shown", shown);
        snprintf(e[0], sizeof e[0], "%s, %s%s%s", cpus, avg, quota, part);
        snprintf(e[1], sizeof e[1], "%s, %s%s%s", cpus, avg, quota_short, part);
        snprintf(e[2], sizeof e[2], "%s, %s%s", cpus, avg, part);
        snprintf(e[3], sizeof e[3], "%s%s", avg, part);
        snprintf(e[4], sizeof e[4], "%s, %s", cpus, avg);
        snprintf(e[5], sizeof e[5], "%s", avg);
    }
    /* "system, no demo running" reads "system" when narrow. */
    char brief[64];
    snprintf(brief, sizeof brief, "%.*s", (int)strcspn(title, ","), title);
    const char *names[] = {title, brief};
    const char *extras[] = {e[0], e[1], e[2], e[3], e[4], e[5]};
    pane_title_fit(win, r, dc, names, 2, extras, 6);
}

void meters_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    int rows = r->h - 1;
    int ncols = 1, shown = m->ncpu;
    if (rows > 0 && m->ncpu > rows) {
        ncols = (m->ncpu + rows - 1) / rows;
        while (ncols > 1 && r->w / ncols < 14)
            ncols--;
        if (m->ncpu > rows * ncols)
            shown = rows * ncols;
    }
    draw_title(win, r, m, dc, title, shown);
    if (rows <= 0)
        return;
    if (m->ncpu == 0) {
        pane_line(win, dc, r->y + 1, r->x, r->w, " waiting for the first sample...", A_DIM);
        for (int i = 2; i < r->h; i++)
            mvwhline(win, r->y + i, r->x, ' ', r->w);
        return;
    }
    /* Rows to spare in a wide pane: a graph under each bar (one column
     * of meters). */
    int graph = ncols == 1 && r->w >= PANE_TALL_COLS - 20 && m->ncpu * 2 <= rows ? rows / m->ncpu - 1 : 0;
    if (graph > GRAPH_ROWS)
        graph = GRAPH_ROWS;
    int per_col = (shown + ncols - 1) / ncols;
    int col_w = r->w / ncols;
    for (int i = 0; i < rows; i++) {
        for (int k = 0; k < ncols; k++) {
            int x = r->x + k * col_w;
            int w = k == ncols - 1 ? r->w - k * col_w : col_w - 1;
            int c = k * per_col + i / (graph + 1);
            bool first = i % (graph + 1) == 0;
            if (i / (graph + 1) < per_col && c < shown && first)
                meter(win, dc, r->y + 1 + i, x, w, m, c, graph);
            else if (!(i / (graph + 1) < per_col && c < shown))
                mvwhline(win, r->y + 1 + i, x, ' ', w);
            if (k < ncols - 1)
                mvwaddch(win, r->y + 1 + i, x + w, ' ');
        }
    }
}

/* ---- the pane ---- */

/* The demo's (or the traced run's) own samples while it runs; the whole
 * system otherwise (and the stream's when there is no system view). */
static const Model *shown_model(const Model *m, const PaneView *v)
{
    const PaneScene *s = v->scene;
    bool own = ((s->demo || s->traced) && s->running) || !s->system || s->system->ncpu == 0;
    return own ? m : s->system;
}

/* A row per CPU under the title; on a tall panel (30 rows and more) a
 * graph under each bar as long as the meters keep within a third of it.
 * Beside a demo's chart: two fifths of the width (32 columns at least)
 * and, stacked, at most a quarter of the rows and one. Beside a run's
 * output: 36 columns and at most a third of the rows; and none at all
 * without a sample, where a demo's meters say they wait for one. */
static PaneSize meters_size(const Model *m, const PaneView *v, Rect body)
{
    int ncpu = shown_model(m, v)->ncpu;
    int n = ncpu > 0 ? ncpu : 1;
    int per = 1;
    if (body.h >= PANE_TALL_ROWS && body.w >= PANE_TALL_COLS)
        for (per = GRAPH_ROWS + 1; per > 1 && 1 + n * per > body.h / 3; per--)
            ;
    if (v->scene->demo) {
        int cols = body.w * 2 / 5 < 32 ? 32 : body.w * 2 / 5;
        return (PaneSize){1 + n * per, 2, per > 1 ? body.h / 3 : body.h / 4 + 1, cols};
    }
    return (PaneSize){ncpu > 0 ? 1 + ncpu * per : 0, 2, body.h / 3, 36};
}

static void meters_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    const Model *shown = shown_model(m, v);
    const char *title = v->scene->on_node ? "the node's cores" : "cores";
    if (shown != m)
        title = v->scene->demo ? "system, no demo running" : "system";
    meters_draw(win, &r, shown, &v->dc, title);
}

const PaneClass meters_pane_class = {
    .name = "meters", .steps = PANE_IN_DEMO | PANE_IN_RUN, .place = PANE_SIDE,
    .help = "each core's load: a bar, the percentage and its recent history",
    .size = meters_size, .draw = meters_pane_draw,
};
