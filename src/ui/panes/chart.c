/* The chart pane. For demos that split their work: the speedup chart,
 * measured points as results arrive ('*'), the ideal line ('.'), the
 * Amdahl curve of the fit ('o') with its serial fraction, labelled axes
 * and a line about the newest result. For gil's convoy variant, where the
 * work is not split and a speedup means nothing: a bar per run of the I/O
 * operation's latency beside that many CPU-bound threads, under a bar of
 * its latency alone. The demo's results table (figures.c) goes beside
 * either when there is room, or instead of it (`t`). Plain characters
 * read the same in ASCII, in monochrome and in colour. */
#include "ui/panes/figures.h"
#include "ui/panes/pane_class.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { CELL_NONE, CELL_IDEAL, CELL_AMDAHL, CELL_MEASURED };
enum {
    YLAB_W = 6, AXIS_TITLE_W = 8, PLOT_MIN_W = YLAB_W + AXIS_TITLE_W + 20, /* beside a table */
    PLOT_ROOM_W = YLAB_W + AXIS_TITLE_W + 10, /* alone */ PLOT_MAX_W = 256, PLOT_MAX_H = 128,
    BARS_MIN_W = 36, BAR_LABEL_W = 8
};

typedef struct {
    int pw, ph;
    int xmax;
    double ymax;
    double ystep; /* between the y axis's ticks: 1, 2, 4 or 5 times a power of ten */
} Scale;

/* A round step for ticks from 0 to ymax in ph rows, a label every third
 * row at most, whole numbers from a ymax of 2; ymax rounded up to a whole
 * number of steps. */
static void round_ticks(Scale *s)
{
    static const double mant[] = {1, 2, 4, 5};
    int most = (s->ph - 1) / 3 > 1 ? (s->ph - 1) / 3 : 1;
    for (double p10 = s->ymax >= 2 ? 1 : 0.1; p10 < 1e6; p10 *= 10)
        for (int i = 0; i < 4; i++)
            if (s->ymax / (mant[i] * p10) <= most + 1e-9) {
                s->ystep = mant[i] * p10;
                s->ymax = ceil(s->ymax / s->ystep - 1e-9) * s->ystep;
                return;
            }
    s->ystep = s->ymax;
}

/* The model's disturbed runs make its fit no finding. */
static bool fit_shown(const Model *m, double *f, bool *est)
{
    return !model_disturbed(m, NULL) && model_fit(m, f, est);
}

static int col_of(const Scale *s, double x)
{
    return (int)lround((x - 1.0) / (s->xmax - 1.0) * (s->pw - 1));
}

static int row_of(const Scale *s, double y)
{
    return s->ph - 1 - (int)lround(y / s->ymax * (s->ph - 1));
}

static void plot_cells(unsigned char *grid, const Scale *s, const Model *m)
{
    memset(grid, CELL_NONE, (size_t)s->pw * (size_t)s->ph);
    for (int c = 0; c < s->pw; c++) {
        double x = 1.0 + (double)c / (s->pw > 1 ? s->pw - 1 : 1) * (s->xmax - 1);
        int r = row_of(s, x);
        if (r >= 0 && r < s->ph)
            grid[r * s->pw + c] = CELL_IDEAL;
    }
    double f;
    bool est;
    if (fit_shown(m, &f, &est)) {
        for (int c = 0; c < s->pw; c++) {
            double x = 1.0 + (double)c / (s->pw > 1 ? s->pw - 1 : 1) * (s->xmax - 1);
            int r = row_of(s, model_amdahl(m, f, x));
            if (r >= 0 && r < s->ph)
                grid[r * s->pw + c] = CELL_AMDAHL;
        }
    }
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *res = &m->results[i];
        if (!res->has_speedup || res->workers < 1 || res->workers > s->xmax)
            continue;
        int c = col_of(s, res->workers), r = row_of(s, res->speedup);
        if (r < 0)
            r = 0;
        if (r >= s->ph)
            r = s->ph - 1;
        grid[r * s->pw + c] = CELL_MEASURED;
    }
}

static void draw_plot_rows(WINDOW *win, const DrawCtx *dc, const unsigned char *grid, const Scale *s, int y, int x)
{
    const char *ideal = dc->caps.ascii ? "." : "·";
    for (int r = 0; r < s->ph; r++) {
        char lab[16] = "";
        /* The tick whose row this is, if any: round values at their rows. */
        for (double t = 0; t <= s->ymax + 1e-9; t += s->ystep)
            if (row_of(s, t) == r) {
                snprintf(lab, sizeof lab, s->ystep >= 1 ? "%4.0f" : "%4.1f", t);
                break;
            }
        pane_line(win, dc, y + r, x, YLAB_W - 1, lab, A_NORMAL);
        pane_text(win, dc, y + r, x + YLAB_W - 1, 1, dc->caps.ascii ? "|" : "│", A_NORMAL);
        wmove(win, y + r, x + YLAB_W);
        for (int c = 0; c < s->pw; c++) {
            switch (grid[r * s->pw + c]) {
            case CELL_IDEAL:
                wattrset(win, pane_pair(dc, PANE_PAIR_IDEAL));
                waddstr(win, ideal);
                break;
            case CELL_AMDAHL:
                wattrset(win, pane_pair(dc, PANE_PAIR_AMDAHL));
                waddch(win, 'o');
                break;
            case CELL_MEASURED:
                wattrset(win, pane_pair(dc, PANE_PAIR_MEASURED) | A_BOLD);
                waddch(win, '*');
                break;
            default:
                wattrset(win, A_NORMAL);
                waddch(win, ' ');
            }
        }
        wattrset(win, A_NORMAL);
    }
}

static void draw_x_axis(WINDOW *win, const DrawCtx *dc, const Scale *s, const Model *m, int y, int x, int w)
{
    /* The axis line. */
    pane_line(win, dc, y, x, YLAB_W - 1, "", A_NORMAL);
    wmove(win, y, x + YLAB_W - 1);
    waddstr(win, dc->caps.ascii ? "+" : "└");
    for (int c = 0; c < s->pw; c++)
        waddstr(win, dc->caps.ascii ? "-" : "─");
    pane_line(win, dc, y, x + YLAB_W + s->pw, w - YLAB_W - s->pw, " workers", A_BOLD);
    /* Tick labels: 1, each measured worker count, the maximum; no overlaps. */
    char labels[PLOT_MAX_W + 16];
    memset(labels, ' ', sizeof labels);
    int lw = s->pw < PLOT_MAX_W ? s->pw : PLOT_MAX_W;
    int last_end = -2;
    int ticks[MODEL_MAX_RESULTS + 2], nt = 0;
    ticks[nt++] = 1;
    for (int i = 0; i < m->nresults; i++)
        if (m->results[i].workers > 1 && m->results[i].workers <= s->xmax)
            ticks[nt++] = m->results[i].workers;
    ticks[nt++] = s->xmax;
    for (int i = 0; i < nt; i++) { /* few: insertion sort */
        for (int j = i; j > 0 && ticks[j - 1] > ticks[j]; j--) {
            int t = ticks[j];
            ticks[j] = ticks[j - 1];
            ticks[j - 1] = t;
        }
    }
    for (int i = 0; i < nt; i++) {
        char num[12];
        int len = snprintf(num, sizeof num, "%d", ticks[i]);
        int c = col_of(s, ticks[i]);
        if (c + len > lw)
            c = lw - len;
        if (c <= last_end + 1 || c < 0)
            continue;
        memcpy(labels + c, num, (size_t)len);
        last_end = c + len - 1;
    }
    labels[lw] = '\0';
    char row[PLOT_MAX_W + 64];
    snprintf(row, sizeof row, "%*s%s", YLAB_W, "", labels);
    pane_line(win, dc, y + 1, x, w, row, A_NORMAL);
}

static void draw_legend(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int w)
{
    char buf[128];
    double f;
    bool est;
    const char *ideal = dc->caps.ascii ? "." : "·";
    if (fit_shown(m, &f, &est))
        snprintf(buf, sizeof buf, " * measured  %s ideal  o Amdahl, serial %.1f%%%s", ideal, 100 * f,
                 est ? " (est.)" : "");
    else if (model_disturbed(m, NULL))
        snprintf(buf, sizeof buf, " * measured  %s ideal  (no Amdahl fit: machine busy)", ideal);
    else if (model_cpus(m) > 0 && model_cpus(m) < 3) /* a fit takes 3 worker counts with a CPU each */
        snprintf(buf, sizeof buf, " * measured  %s ideal  (no Amdahl fit on %d CPU%s)", ideal, model_cpus(m),
                 model_cpus(m) == 1 ? "" : "s");
    else
        snprintf(buf, sizeof buf, " * measured  %s ideal  o Amdahl (from 3 worker counts)", ideal);
    pane_fit_clauses(buf, w);
    pane_line(win, dc, y, x, w, buf, A_NORMAL);
}

/* Columns for the results table beside a plot of at least min_w columns
 * in a pane w wide, the plot keeping half of it: all of the table when
 * that fits, else as much as the plot leaves (when the table's key
 * figures fit), else 0. */
static int side_table_w(const Model *m, const DrawCtx *dc, int w, int min_w)
{
    if (m->nresults == 0)
        return 0;
    int all = figures_table_width(m, dc, false), key = figures_table_width(m, dc, true);
    int half = w / 2; /* the plot keeps half the width at least */
    if (w - all - 1 >= min_w && all <= half)
        return all;
    int tw = w - min_w - 1 < half ? w - min_w - 1 : half;
    return tw >= key ? tw : 0;
}

static void draw_side_table(WINDOW *win, const DrawCtx *dc, const Model *m, const Rect *r, int y, int h,
                            int table_w)
{
    int tx = r->x + r->w - table_w;
    for (int i = 0; i < h; i++)
        mvwaddch(win, y + i, tx - 1, ' ');
    figures_table_draw(win, dc, m, y, tx, h, table_w, NULL);
}

/* The newest result in a line, never cut; before any, idle. */
static void draw_summary(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int w, const char *idle)
{
    char buf[200];
    figures_summary(m, dc, buf, sizeof buf, w - 1);
    pane_fit_clauses(buf, w - 1);
    int used = pane_text(win, dc, y, x, w, " ", A_NORMAL);
    if (!buf[0] && m->nresults == 0)
        snprintf(buf, sizeof buf, "%s", idle ? idle : "waiting for the first result...");
    pane_line(win, dc, y, x + used, w - used, buf, m->nresults ? A_BOLD : A_DIM);
}

/* A title whose extra text is the first of the candidates that fits
 * whole (none when none does). */
static void fitted_title(WINDOW *win, const Rect *r, const DrawCtx *dc, const char *name,
                         const char *const *extras, int n)
{
    const char *names[] = {name};
    pane_title_fit(win, r, dc, names, 1, extras, n);
}

/* What the title says instead of a finding when other programs held the
 * CPUs the runs needed. */
#define BUSY_VERDICT "not conclusive (machine busy)"

static void speedup_title(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc)
{
    char fit_long[48] = "", fit_short[24] = "", eff_long[48] = "", eff_short[24] = "";
    double f;
    bool est;
    if (model_disturbed(m, NULL)) {
        const char *const busy[] = {BUSY_VERDICT, "machine busy"};
        fitted_title(win, r, dc, "speedup", busy, 2);
        return;
    }
    if (model_fit(m, &f, &est)) {
        snprintf(fit_long, sizeof fit_long, "serial fraction %.3f%s", f, est ? " (est.)" : "");
        snprintf(fit_short, sizeof fit_short, "serial %.3f", f);
    }
    int best = -1;
    for (int i = 0; i < m->nresults; i++)
        if (m->results[i].has_speedup && m->results[i].workers > 0 &&
            (best < 0 || m->results[i].workers > m->results[best].workers))
            best = i;
    if (best >= 0) {
        double eff = 100.0 * m->results[best].speedup / m->results[best].workers;
        snprintf(eff_long, sizeof eff_long, "efficiency %.0f%% at %d", eff, m->results[best].workers);
        snprintf(eff_short, sizeof eff_short, "eff %.0f%% at %d", eff, m->results[best].workers);
    }
    char both_long[100], both_short[50];
    snprintf(both_long, sizeof both_long, "%s%s%s", fit_long, fit_long[0] && eff_long[0] ? ", " : "", eff_long);
    snprintf(both_short, sizeof both_short, "%s%s%s", fit_short, fit_short[0] && eff_short[0] ? ", " : "",
             eff_short);
    const char *const extras[] = {both_long, both_short, fit_short, eff_short};
    fitted_title(win, r, dc, "speedup", extras, 4);
}

static void speedup_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, int max_workers,
                         const char *idle)
{
    int body_h = r->h - 1, y = r->y + 1;
    int table_w = side_table_w(m, dc, r->w, PLOT_MIN_W);
    int plot_w = r->w - (table_w ? table_w + 1 : 0);
    /* Rows under the plot: the axis (2), the newest result, the legend. */
    bool summary = body_h >= 7;
    bool legend = body_h >= 8 + summary;
    Scale s;
    s.pw = plot_w - YLAB_W - AXIS_TITLE_W; /* room for "workers" after the axis */
    s.ph = body_h - 2 - legend - summary;
    if (s.pw > PLOT_MAX_W)
        s.pw = PLOT_MAX_W;
    if (s.ph > PLOT_MAX_H)
        s.ph = PLOT_MAX_H;
    s.xmax = max_workers > 1 ? max_workers : 2;
    s.ymax = s.xmax;
    for (int i = 0; i < m->nresults; i++) {
        if (m->results[i].workers > s.xmax)
            s.xmax = m->results[i].workers > 1024 ? 1024 : m->results[i].workers;
        if (m->results[i].has_speedup && m->results[i].speedup > s.ymax)
            s.ymax = m->results[i].speedup > 1024 ? 1024 : m->results[i].speedup;
    }
    if (s.xmax > s.ymax)
        s.ymax = s.xmax;
    round_ticks(&s);
    unsigned char grid[PLOT_MAX_W * PLOT_MAX_H];
    plot_cells(grid, &s, m);
    draw_plot_rows(win, dc, grid, &s, y, r->x);
    /* Columns beyond the plot's capped width. */
    int extra_cols = plot_w - YLAB_W - s.pw; /* the axis title's columns, and any beyond the cap */
    for (int i = 0; extra_cols > 0 && i < s.ph; i++)
        mvwhline(win, y + i, r->x + YLAB_W + s.pw, ' ', extra_cols);
    pane_text(win, dc, y, r->x + YLAB_W + 1, 8, "speedup", A_BOLD);
    draw_x_axis(win, dc, &s, m, y + s.ph, r->x, plot_w);
    /* The table beside the plot and its axis; the lines below take the
     * whole width. */
    if (table_w)
        draw_side_table(win, dc, m, r, y, s.ph + 2, table_w);
    int below = y + s.ph + 2;
    if (summary)
        draw_summary(win, dc, m, below++, r->x, r->w, idle);
    if (legend)
        draw_legend(win, dc, m, below, r->x, r->w);
}

/* ---- gil convoy: the I/O operation's latency per run ---- */

static void bar_row(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const char *label, double v, double vmax,
                    int val_w, int pair)
{
    char lab[16];
    snprintf(lab, sizeof lab, " %*s ", BAR_LABEL_W - 3, label);
    int used = pane_text(win, dc, y, x, w, lab, A_NORMAL);
    used += pane_text(win, dc, y, x + used, w - used, dc->caps.ascii ? "|" : "│", A_NORMAL);
    int bw = w - used - 1 - val_w;
    if (bw < 1) {
        pane_line(win, dc, y, x + used, w - used, "", A_NORMAL);
        return;
    }
    int len = vmax > 0 && isfinite(v) ? (int)lround(v / vmax * bw) : 0;
    if (len < 1 && v > 0)
        len = 1; /* still there, however short */
    if (len > bw)
        len = bw;
    wattrset(win, pane_pair(dc, pair) | A_BOLD);
    wmove(win, y, x + used);
    for (int c = 0; c < len; c++)
        waddstr(win, dc->caps.ascii ? "#" : "█");
    wattrset(win, A_NORMAL);
    if (bw > len)
        mvwhline(win, y, x + used + len, ' ', bw - len);
    char num[32];
    if (isfinite(v))
        snprintf(num, sizeof num, " %*.2f", val_w, v);
    else
        snprintf(num, sizeof num, " %*s", val_w, "-");
    pane_line(win, dc, y, x + used + bw, w - used - bw, num, A_NORMAL);
}

static void convoy_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *idle)
{
    double alone = NAN;
    if (m->nresults > 0)
        figures_num(&m->results[m->nresults - 1], "alone_ms", &alone);
    char full[80] = "", brief[32] = "";
    if (isfinite(alone)) {
        snprintf(full, sizeof full, "alone %.2f ms (the work is not split: no speedup)", alone);
        snprintf(brief, sizeof brief, "alone %.2f ms", alone);
    }
    const char *const extras[] = {full, brief};
    const char *const busy[] = {BUSY_VERDICT, "machine busy"};
    fitted_title(win, r, dc, "I/O latency", model_disturbed(m, NULL) ? busy : extras, 2);
    int body_h = r->h - 1, y = r->y + 1;
    int table_w = side_table_w(m, dc, r->w, BARS_MIN_W);
    int w = r->w - (table_w ? table_w + 1 : 0);
    bool summary = body_h >= 4;
    int bar_rows = body_h - 1 - summary - 1; /* the header, the summary, the alone bar */
    double vmax = isfinite(alone) ? alone : 0;
    int val_w = 4;
    for (int i = 0; i < m->nresults; i++) {
        double v;
        if (!figures_num(&m->results[i], "op_latency_ms", &v))
            continue;
        vmax = v > vmax ? v : vmax;
        char num[32];
        int l = snprintf(num, sizeof num, "%.2f", v);
        val_w = l > val_w ? l : val_w;
    }
    pane_line(win, dc, y, r->x, w, " threads  ms per I/O operation", A_UNDERLINE);
    int row = y + 1;
    if (bar_rows >= 0) {
        bar_row(win, dc, row++, r->x, w, "alone", alone, vmax, val_w, PANE_PAIR_IDEAL);
        int first = m->nresults > bar_rows ? m->nresults - bar_rows : 0;
        for (int i = first; i < m->nresults; i++) {
            double v = NAN;
            figures_num(&m->results[i], "op_latency_ms", &v);
            char lab[16];
            snprintf(lab, sizeof lab, "%d", m->results[i].workers);
            bar_row(win, dc, row++, r->x, w, lab, v, vmax, val_w, PANE_PAIR_MEASURED);
        }
    }
    int sum_y = r->y + r->h - (summary ? 1 : 0);
    for (; row < sum_y; row++)
        pane_line(win, dc, row, r->x, w, "", A_NORMAL);
    if (table_w)
        draw_side_table(win, dc, m, r, y, sum_y - y, table_w);
    if (summary)
        draw_summary(win, dc, m, sum_y, r->x, r->w, idle);
}

void chart_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, int max_workers,
                bool table_only)
{
    chart_draw_idle(win, r, m, dc, max_workers, table_only, NULL);
}

void chart_draw_idle(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, int max_workers,
                     bool table_only, const char *idle)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    bool convoy = figures_convoy(m);
    int body_h = r->h - 1;
    bool room = convoy ? body_h >= 3 && r->w >= BARS_MIN_W : body_h >= 6 && r->w >= PLOT_ROOM_W;
    if (table_only || !room) {
        if (convoy)
            pane_title(win, r, dc, "I/O latency", "by CPU-bound threads");
        else
            speedup_title(win, r, m, dc);
        figures_table_draw(win, dc, m, r->y + 1, r->x, body_h, r->w, idle);
        return;
    }
    if (convoy) {
        convoy_draw(win, r, m, dc, idle);
        return;
    }
    speedup_title(win, r, m, dc);
    speedup_draw(win, r, m, dc, max_workers, idle);
}

/* ---- the pane ---- */

enum {
    CHART_PLOT = 0,  /* the plot (or the bars), the table beside it when there is room */
    CHART_TABLE = 1, /* the table alone */
    PLOT_ROWS = 7,   /* the title and the smallest plot */
    TABLE_ROWS = 3   /* the title, the table's header and a result */
};

static PaneSize chart_size(const Model *m, const PaneView *v, Rect body)
{
    (void)m, (void)v, (void)body;
    return (PaneSize){PLOT_ROWS, TABLE_ROWS, 0, 0};
}

/* "1, 2 and 4" of the sweep's worker counts. */
static void counts_text(const PaneScene *s, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    if (s->nworkers == 0) {
        snprintf(buf, n, "1 to %d", s->max_workers);
        return;
    }
    for (int i = 0; i < s->nworkers && k < n; i++) {
        int w = snprintf(buf + k, n - k, "%s%d", i == 0 ? "" : i == s->nworkers - 1 ? " and " : ", ", s->workers[i]);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

/* What the chart says before its first result, in width columns: what r
 * will do, that the run has started, or that it ended with none. */
static void idle_text(const Model *m, const PaneView *v, char *buf, size_t n, int width)
{
    const PaneScene *s = v->scene;
    const DemoVariant *dv = figures_variant(m);
    char counts[96];
    counts_text(s, counts, sizeof counts);
    const char *noun = dv && dv->workers_are ? dv->workers_are : figures_worker_noun(m);
    const char *plural = strcmp(noun, "process") == 0 ? "es" : "s";
    if (s->ran) {
        snprintf(buf, n, s->running ? "waiting for the first result..." : "no result: the run ended before one");
        return;
    }
    snprintf(buf, n, "press r: a run with %s %s%s, a result each", counts, noun, plural);
    if (pane_cols(buf) > width)
        snprintf(buf, n, "press r: runs with %s %s%s", counts, noun, plural);
    if (pane_cols(buf) > width)
        snprintf(buf, n, "press r: runs with %s", counts);
    if (pane_cols(buf) > width)
        snprintf(buf, n, "press r to run it");
}

static void chart_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    char idle[160];
    idle_text(m, v, idle, sizeof idle, r.w - 2);
    chart_draw_idle(win, &r, m, &v->dc, v->scene->max_workers, v->mode == CHART_TABLE, idle);
}

static bool key_table(void *ctx, int key)
{
    PaneView *v = ctx;
    (void)key;
    v->mode = v->mode == CHART_TABLE ? CHART_PLOT : CHART_TABLE;
    return true;
}

const KeyBinding chart_pane_keys[] = {
    {.keys = {'t'}, .names = "t", .hint = "table",
     .what = "the results table alone, or beside the chart again", .run = key_table},
    {.names = NULL}, /* the end */
};

const PaneClass chart_pane_class = {
    .name = "chart", .steps = PANE_IN_DEMO, .place = PANE_FILL,
    .help = "speedup by workers against the ideal and Amdahl's curve (gil convoy: I/O latency), "
            "and the results table",
    .size = chart_size, .draw = chart_pane_draw, .keys = chart_pane_keys,
};
