/* The speedup chart: measured points as results arrive ('*'), the ideal
 * line ('.'), the Amdahl curve of the fit ('o') with its serial fraction,
 * labelled axes, and a results table (workers, wall time, speedup,
 * efficiency) beside or instead of the plot. Plain characters read the
 * same in ASCII, in monochrome and in colour. */
#include "ui/panes/panes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { CELL_NONE, CELL_IDEAL, CELL_AMDAHL, CELL_MEASURED };
enum { FIELD_W = 24, TABLE_W = 27, YLAB_W = 6, AXIS_TITLE_W = 8, PLOT_MAX_W = 256, PLOT_MAX_H = 128 };

static double amdahl(double f, double w)
{
    return 1.0 / (f + (1.0 - f) / w);
}

/* The one demo field worth a column (DESIGN.md "Demos"); NULL when none. */
static const ResultField *key_field(const DemoResult *r)
{
    static const char *const keys[] = {"op_latency_ms", "lost", "mean_start_us", "estimate", "imbalance",
                                       "chunksize"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (int i = 0; i < r->n_fields; i++)
            if (strcmp(r->fields[i].key, keys[k]) == 0)
                return &r->fields[i];
    return NULL;
}

static void table_row_text(char *buf, size_t n, const DemoResult *r, bool with_field)
{
    char spd[16] = "-", eff[16] = "-";
    if (r->has_speedup) {
        snprintf(spd, sizeof spd, "%.2f", r->speedup);
        if (r->workers > 0)
            snprintf(eff, sizeof eff, "%.0f%%", 100.0 * r->speedup / r->workers);
    }
    int k = snprintf(buf, n, "%4d %8.3f %7s %5s", r->workers, r->wall_s, spd, eff);
    const ResultField *f = with_field ? key_field(r) : NULL;
    if (f && k > 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "  %s=%s", f->key, f->value);
}

static void draw_table(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int h, int w, bool fields)
{
    if (h <= 0 || w <= 0)
        return;
    char head[64];
    snprintf(head, sizeof head, "%4s %8s %7s %5s", "W", "wall s", "speedup", "eff");
    pane_line(win, dc, y, x, w, head, A_UNDERLINE);
    int rows = h - 1;
    int first = m->nresults > rows ? m->nresults - rows : 0;
    for (int i = 0; i < rows; i++) {
        char buf[160] = "";
        int idx = first + i;
        if (idx < m->nresults)
            table_row_text(buf, sizeof buf, &m->results[idx], fields);
        else if (i == 0 && m->nresults == 0)
            snprintf(buf, sizeof buf, " waiting for results...");
        pane_line(win, dc, y + 1 + i, x, w, buf, idx < m->nresults ? A_NORMAL : A_DIM);
    }
}

typedef struct {
    int pw, ph;
    int xmax;
    double ymax;
} Scale;

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
    if (model_fit(m, &f, &est)) {
        for (int c = 0; c < s->pw; c++) {
            double x = 1.0 + (double)c / (s->pw > 1 ? s->pw - 1 : 1) * (s->xmax - 1);
            int r = row_of(s, amdahl(f, x));
            if (r >= 0 && r < s->ph)
                grid[r * s->pw + c] = CELL_AMDAHL;
        }
    }
    for (int i = 0; i < m->nresults; i++) {
        const DemoResult *res = &m->results[i];
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
        if (r == 0)
            snprintf(lab, sizeof lab, s->ymax >= 10 ? "%4.0f" : "%4.1f", s->ymax);
        else if (r == s->ph - 1)
            snprintf(lab, sizeof lab, "%4.0f", 0.0);
        else if (r == s->ph / 2 && s->ph >= 5)
            snprintf(lab, sizeof lab, s->ymax >= 10 ? "%4.0f" : "%4.1f",
                     s->ymax * (s->ph - 1 - r) / (s->ph - 1));
        pane_line(win, dc, y + r, x, YLAB_W - 1, lab, A_NORMAL);
        pane_text(win, dc, y + r, x + YLAB_W - 1, 1, dc->caps.ascii ? "|" : "│", A_NORMAL);
        wmove(win, y + r, x + YLAB_W);
        for (int c = 0; c < s->pw; c++) {
            switch (grid[r * s->pw + c]) {
            case CELL_IDEAL:
                wattrset(win, pane_pair(dc, PP_IDEAL));
                waddstr(win, ideal);
                break;
            case CELL_AMDAHL:
                wattrset(win, pane_pair(dc, PP_AMDAHL));
                waddch(win, 'o');
                break;
            case CELL_MEASURED:
                wattrset(win, pane_pair(dc, PP_MEASURED) | A_BOLD);
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
    if (model_fit(m, &f, &est))
        snprintf(buf, sizeof buf, " * measured  %s ideal  o Amdahl, serial %.1f%%%s", ideal, 100 * f,
                 est ? " (est.)" : "");
    else
        snprintf(buf, sizeof buf, " * measured  %s ideal  o Amdahl (after the sweep)", ideal);
    pane_line(win, dc, y, x, w, buf, A_NORMAL);
}

void chart_draw(WINDOW *win, const PaneRect *r, const Model *m, const DrawCtx *dc, int max_workers,
                bool table_only)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    char extra[96] = "";
    double f;
    bool est;
    if (model_fit(m, &f, &est))
        snprintf(extra, sizeof extra, "serial fraction %.3f%s", f, est ? " (est.)" : "");
    int best = -1;
    for (int i = 0; i < m->nresults; i++)
        if (m->results[i].has_speedup && m->results[i].workers > 0 &&
            (best < 0 || m->results[i].workers > m->results[best].workers))
            best = i;
    if (best >= 0) {
        size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n, "%sefficiency %.0f%% at %d", n ? ", " : "",
                 100.0 * m->results[best].speedup / m->results[best].workers, m->results[best].workers);
    }
    pane_title(win, r, dc, "speedup", extra);
    int body_h = r->h - 1, y = r->y + 1;
    bool room_for_plot = body_h >= 6 && r->w >= YLAB_W + AXIS_TITLE_W + 10;
    if (table_only || !room_for_plot) {
        draw_table(win, dc, m, y, r->x, body_h, r->w, true);
        return;
    }
    int table_w = r->w >= YLAB_W + AXIS_TITLE_W + 20 + TABLE_W ? TABLE_W : 0;
    bool table_fields = false;
    if (table_w && r->w >= YLAB_W + AXIS_TITLE_W + 40 + TABLE_W + FIELD_W) {
        table_w += FIELD_W;
        table_fields = true;
    }
    int plot_w = r->w - (table_w ? table_w + 1 : 0);
    bool legend = body_h >= 8;
    Scale s;
    s.pw = plot_w - YLAB_W - AXIS_TITLE_W; /* room for "workers" after the axis */
    s.ph = body_h - 2 - (legend ? 1 : 0);
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
    s.ymax = ceil(s.ymax);
    unsigned char grid[PLOT_MAX_W * PLOT_MAX_H];
    plot_cells(grid, &s, m);
    draw_plot_rows(win, dc, grid, &s, y, r->x);
    /* Columns beyond the plot's capped width. */
    int extra_cols = plot_w - YLAB_W - s.pw; /* the axis title's columns, and any beyond the cap */
    for (int i = 0; extra_cols > 0 && i < s.ph; i++)
        mvwhline(win, y + i, r->x + YLAB_W + s.pw, ' ', extra_cols);
    pane_text(win, dc, y, r->x + YLAB_W + 1, 8, "speedup", A_BOLD);
    draw_x_axis(win, dc, &s, m, y + s.ph, r->x, plot_w);
    if (legend)
        draw_legend(win, dc, m, y + s.ph + 2, r->x, plot_w);
    if (table_w) {
        for (int i = 0; i < body_h; i++)
            mvwaddch(win, y + i, r->x + plot_w, ' ');
        draw_table(win, dc, m, y, r->x + plot_w + 1, body_h, table_w, table_fields);
    }
}
