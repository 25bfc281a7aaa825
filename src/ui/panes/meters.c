/* Per-core meters: one row per CPU with a bar, the percentage as a number
 * and a short history (braille, two samples per cell, on UTF-8; a ramp of
 * ASCII characters otherwise). Many CPUs go into columns. */
#include "ui/panes/pane_class.h"

#include <stdio.h>
#include <string.h>

static const char ascii_ramp[] = " .:-=+#"; /* 7 levels */

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

static int dots(int pct)
{
    return pct <= 0 ? 0 : (pct + 24) / 25;
}

static void draw_history(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m, int c)
{
    wmove(win, y, x);
    for (int j = 0; j < w; j++) {
        int jr = w - 1 - j;
        if (dc->caps.ascii) {
            int p = model_hist(m, c, jr);
            int lvl = p <= 0 ? 0 : (p * 6 + 99) / 100;
            waddch(win, (chtype)ascii_ramp[lvl > 6 ? 6 : lvl]);
        } else {
            char cell[4];
            braille(cell, dots(model_hist(m, c, 2 * jr + 1)), dots(model_hist(m, c, 2 * jr)));
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

static void meter_row(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const Model *m, int c)
{
    char label[16], num[8];
    int pct = (int)(m->last[c] + 0.5f);
    snprintf(label, sizeof label, "%3d ", m->cpu_ids[c] % 1000);
    snprintf(num, sizeof num, "%4d%%", pct);
    int hist_w = w >= 34 ? (w - 12) / 3 : 0;
    if (hist_w > 16)
        hist_w = 16;
    int bar_w = w - 4 - 2 - 5 - (hist_w ? hist_w + 1 : 0);
    if (bar_w < 1) { /* too narrow for a bar: number only */
        char row[32];
        snprintf(row, sizeof row, "%s%s", label, num);
        pane_line(win, dc, y, x, w, row, A_NORMAL);
        return;
    }
    pane_text(win, dc, y, x, 4, label, A_NORMAL);
    pane_text(win, dc, y, x + 4, 1, "[", A_NORMAL);
    draw_bar(win, dc, y, x + 5, bar_w, m->last[c]);
    pane_text(win, dc, y, x + 5 + bar_w, 1, "]", A_NORMAL);
    pane_text(win, dc, y, x + 6 + bar_w, 5, num, pct >= 90 ? A_BOLD : A_NORMAL);
    if (hist_w) {
        mvwaddch(win, y, x + 11 + bar_w, ' ');
        draw_history(win, dc, y, x + 12 + bar_w, hist_w, m, c);
    }
    int used = 12 + bar_w + hist_w;
    if (!hist_w)
        used = 11 + bar_w;
    if (used < w)
        mvwhline(win, y, x + used, ' ', w - used);
}

void meters_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    char extra[96] = "";
    int rows = r->h - 1;
    if (m->ncpu > 0) {
        double sum = 0;
        for (int c = 0; c < m->ncpu; c++)
            sum += m->last[c];
        int n = snprintf(extra, sizeof extra, "%d CPU%s, avg %.0f%%", m->ncpu, m->ncpu == 1 ? "" : "s",
                         sum / m->ncpu);
        if (m->quota_cpus > 0 && n > 0 && (size_t)n < sizeof extra)
            snprintf(extra + n, sizeof extra - (size_t)n, ", cgroup quota %.3g CPUs", m->quota_cpus);
    }
    int ncols = 1, shown = m->ncpu;
    if (rows > 0 && m->ncpu > rows) {
        ncols = (m->ncpu + rows - 1) / rows;
        while (ncols > 1 && r->w / ncols < 14)
            ncols--;
        if (m->ncpu > rows * ncols) {
            shown = rows * ncols;
            size_t n = strlen(extra);
            snprintf(extra + n, sizeof extra - n, " (%d shown)", shown);
        }
    }
    pane_title(win, r, dc, title, extra);
    if (rows <= 0)
        return;
    if (m->ncpu == 0) {
        pane_line(win, dc, r->y + 1, r->x, r->w, " waiting for the first sample...", A_DIM);
        for (int i = 2; i < r->h; i++)
            mvwhline(win, r->y + i, r->x, ' ', r->w);
        return;
    }
    int per_col = (shown + ncols - 1) / ncols;
    int col_w = r->w / ncols;
    for (int i = 0; i < rows; i++) {
        for (int k = 0; k < ncols; k++) {
            int c = k * per_col + i;
            int x = r->x + k * col_w;
            int w = k == ncols - 1 ? r->w - k * col_w : col_w - 1;
            if (i < per_col && c < shown)
                meter_row(win, dc, r->y + 1 + i, x, w, m, c);
            else
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

/* A row per CPU under the title. Beside a demo's chart: two fifths of the
 * width (32 columns at least) and, stacked, at most a quarter of the rows
 * and one. Beside a run's output: 36 columns and at most a third of the
 * rows; and none at all without a sample, where a demo's meters say they
 * wait for one. */
static PaneSize meters_size(const Model *m, const PaneView *v, Rect body)
{
    int ncpu = shown_model(m, v)->ncpu;
    if (v->scene->demo) {
        int cols = body.w * 2 / 5 < 32 ? 32 : body.w * 2 / 5;
        return (PaneSize){1 + (ncpu > 0 ? ncpu : 1), 2, body.h / 4 + 1, cols};
    }
    return (PaneSize){ncpu > 0 ? 1 + ncpu : 0, 2, body.h / 3, 36};
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
    .name = "meters",
    .help = "each core's load: a bar, the percentage and its recent history",
    .steps = PANE_IN_DEMO | PANE_IN_RUN,
    .place = PANE_SIDE,
    .size = meters_size,
    .draw = meters_pane_draw,
    .keys = NULL,
};
