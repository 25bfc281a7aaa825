/* The figures of each demo, for the results table and the summary line
 * under the chart. One table of column specs per demo and variant says
 * which fields matter, how to print them and which to drop first when the
 * pane is narrow (higher prio goes first; prio 0 stays at any width). */
#include "ui/panes/figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_SEP = 2, MAX_COLS = 10, CELL_LEN = 32 };

typedef enum { V_WORKERS, V_WALL, V_SPEEDUP, V_EFF, V_FIELD, V_RANGE } ValKind;
typedef enum { F_INT, F_FIX0, F_FIX2, F_FIX5, F_SIG, F_STR } Fmt;

typedef struct {
    const char *head; /* UTF-8; "µ" reads "u" in ASCII mode */
    ValKind kind;
    const char *key;  /* V_FIELD, V_RANGE */
    Fmt fmt;
    int prio;
} Col;

typedef struct {
    const char *demo, *variant; /* variant NULL: any */
    const Col *cols;
    int ncols;
} Spec;

#define W_COL(h) {h, V_WORKERS, NULL, F_INT, 0}
#define WALL_COL {"wall s", V_WALL, NULL, F_FIX2, 0}
#define SPD_COL(p) {"speedup", V_SPEEDUP, NULL, F_FIX2, p}
#define EFF_COL(p) {"eff", V_EFF, NULL, F_FIX0, p}

static const Col convoy_cols[] = {
    W_COL("CPU thr"), WALL_COL,
    {"latency ms", V_FIELD, "op_latency_ms", F_FIX2, 0},
    {"alone ms", V_FIELD, "alone_ms", F_FIX2, 0},
    {"max wait ms", V_FIELD, "max_wait_ms", F_FIX2, 2},
    {"ops", V_FIELD, "ops", F_INT, 3},
};
static const Col gil_cols[] = {W_COL("W"), WALL_COL, SPD_COL(0), EFF_COL(1)};
static const Col race_cols[] = {
    W_COL("W"), WALL_COL,
    {"lost", V_FIELD, "lost", F_INT, 0},
    {"expected", V_FIELD, "expected", F_INT, 2},
    SPD_COL(1), EFF_COL(3),
    {"ns/update", V_FIELD, "ns_per_update", F_SIG, 4},
};
static const Col procs_cols[] = {
    W_COL("W"), WALL_COL,
    {"start µs", V_FIELD, "mean_start_us", F_FIX0, 0},
    {"cow ms", V_FIELD, "cow_ms", F_FIX2, 0},
    {"ipc µs", V_FIELD, "ipc_us", F_FIX0, 1},
    SPD_COL(2), EFF_COL(3),
};
static const Col pool_cols[] = {
    W_COL("W"), WALL_COL,
    {"overhead µs", V_FIELD, "overhead_us", F_SIG, 0},
    {"imbalance", V_FIELD, "imbalance", F_FIX2, 0},
    {"chunk", V_FIELD, "chunksize", F_INT, 1},
    {"busy s", V_RANGE, "busy_s", F_FIX2, 2},
    SPD_COL(2), EFF_COL(4),
    {"tasks", V_FIELD, "tasks", F_INT, 3},
};
static const Col pi_cols[] = {
    W_COL("W"), WALL_COL,
    {"estimate", V_FIELD, "estimate", F_FIX5, 0},
    SPD_COL(1), EFF_COL(2),
    {"samples", V_FIELD, "samples", F_INT, 3},
};
static const Col sched_cols[] = {
    W_COL("W"), WALL_COL,
    {"imbalance", V_FIELD, "imbalance", F_FIX2, 0},
    SPD_COL(1), EFF_COL(2),
    {"busy s", V_RANGE, "busy_s", F_FIX2, 3},
    {"schedule", V_FIELD, "schedule", F_STR, 4},
};
static const Col any_cols[] = {W_COL("W"), WALL_COL, SPD_COL(0), EFF_COL(1)};

#define SPEC(d, v, c) {d, v, c, (int)(sizeof c / sizeof c[0])}
static const Spec specs[] = {
    SPEC("gil", "convoy", convoy_cols), SPEC("gil", NULL, gil_cols),     SPEC("race", NULL, race_cols),
    SPEC("procs", NULL, procs_cols),    SPEC("pool", NULL, pool_cols),   SPEC("pi", NULL, pi_cols),
    SPEC("sched", NULL, sched_cols),
};
static const Spec any_spec = SPEC("", NULL, any_cols);

static const DemoResult *newest(const Model *m)
{
    return m->nresults > 0 ? &m->results[m->nresults - 1] : NULL;
}

/* The newest result's demo, or before any what the panel said it runs. */
static const Spec *spec_of(const Model *m)
{
    const DemoResult *r = newest(m);
    const char *demo = r ? r->demo : m->demo_name, *variant = r ? r->variant : m->demo_variant;
    if (!demo)
        return &any_spec;
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        if (strcmp(specs[i].demo, demo) == 0 &&
            (!specs[i].variant || (variant && strcmp(specs[i].variant, variant) == 0)))
            return &specs[i];
    return &any_spec;
}

bool figures_convoy(const Model *m)
{
    const DemoResult *r = newest(m);
    if (!r) /* before the first result: what the panel said it runs */
        return strcmp(m->demo_name, "gil") == 0 && strcmp(m->demo_variant, "convoy") == 0;
    return r->demo && r->variant && strcmp(r->demo, "gil") == 0 && strcmp(r->variant, "convoy") == 0;
}

static const char *field(const DemoResult *r, const char *key)
{
    for (int i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].key, key) == 0)
            return r->fields[i].value;
    return NULL;
}

static bool parse_num(const char *s, double *v)
{
    if (!s || !*s)
        return false;
    char *end;
    double d = strtod(s, &end);
    if (end == s || *end || !isfinite(d))
        return false;
    *v = d;
    return true;
}

bool figures_num(const DemoResult *r, const char *key, double *v)
{
    return parse_num(field(r, key), v);
}

void figures_count(char *buf, size_t n, double v)
{
    char digits[32];
    long long x = llround(fabs(v) < 9e18 ? v : 0);
    int len = snprintf(digits, sizeof digits, "%lld", x < 0 ? -x : x);
    char out[48];
    size_t o = 0;
    if (x < 0)
        out[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
}

/* Three significant digits, never an exponent (a cost per task may be a
 * few nanoseconds, in µs). */
static void fmt_sig(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (a == 0)
        snprintf(buf, n, "0");
    else if (a >= 100)
        snprintf(buf, n, "%.0f", v);
    else if (a >= 10)
        snprintf(buf, n, "%.1f", v);
    else if (a >= 1)
        snprintf(buf, n, "%.2f", v);
    else if (a >= 0.001)
        snprintf(buf, n, "%.3f", v);
    else
        snprintf(buf, n, "<0.001");
}

static void fmt_num(char *buf, size_t n, double v, Fmt f)
{
    switch (f) {
    case F_INT:
        figures_count(buf, n, v);
        break;
    case F_FIX0:
        snprintf(buf, n, "%.0f", v);
        break;
    case F_FIX2:
        snprintf(buf, n, v != 0 && fabs(v) < 0.01 ? "%.3f" : "%.2f", v);
        break;
    case F_FIX5:
        snprintf(buf, n, "%.5f", v);
        break;
    default:
        fmt_sig(buf, n, v);
    }
}

/* "min-max" of a ';'-separated list of numbers. */
static void fmt_range(char *buf, size_t n, const char *list, Fmt f)
{
    double lo = INFINITY, hi = -INFINITY;
    const char *s = list;
    while (s && *s) {
        char *end;
        double d = strtod(s, &end);
        if (end == s)
            break;
        if (isfinite(d)) {
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        s = *end == ';' ? end + 1 : NULL;
    }
    if (!isfinite(lo)) {
        snprintf(buf, n, "-");
        return;
    }
    char a[CELL_LEN / 2], b[CELL_LEN / 2];
    if (hi == lo) {
        fmt_num(buf, n, lo, f);
        return;
    }
    fmt_num(a, sizeof a, lo, f);
    fmt_num(b, sizeof b, hi, f);
    snprintf(buf, n, "%.15s-%.15s", a, b);
}

static void cell_text(char *buf, size_t n, const Col *c, const DemoResult *r)
{
    const char *raw;
    double v;
    switch (c->kind) {
    case V_WORKERS:
        snprintf(buf, n, "%d", r->workers);
        return;
    case V_WALL:
        snprintf(buf, n, "%.3f", r->wall_s);
        return;
    case V_SPEEDUP:
        if (r->has_speedup)
            snprintf(buf, n, "%.2f", r->speedup);
        else
            snprintf(buf, n, "-");
        return;
    case V_EFF:
        if (r->has_speedup && r->workers > 0)
            snprintf(buf, n, "%.0f%%", 100.0 * r->speedup / r->workers);
        else
            snprintf(buf, n, "-");
        return;
    case V_RANGE:
        fmt_range(buf, n, field(r, c->key), c->fmt);
        return;
    case V_FIELD:
        raw = field(r, c->key);
        if (!raw || !*raw)
            snprintf(buf, n, "-");
        else if (c->fmt != F_STR && parse_num(raw, &v))
            fmt_num(buf, n, v, c->fmt);
        else /* text, or a number the demo could not give ("inf") */
            snprintf(buf, n, "%.12s", raw);
        return;
    }
}

void figures_ascii(char *s, bool ascii)
{
    if (!ascii)
        return;
    static const struct {
        const char *from, *to;
    } subst[] = {{"µ", "u"}, {"×", "x"}, {"±", "+-"}, {"≈", "~"}};
    for (size_t k = 0; k < sizeof subst / sizeof subst[0]; k++) {
        size_t fl = strlen(subst[k].from), tl = strlen(subst[k].to);
        for (char *p = strstr(s, subst[k].from); p; p = strstr(p + tl, subst[k].from)) {
            memmove(p + tl, p + fl, strlen(p + fl) + 1);
            memcpy(p, subst[k].to, tl);
        }
    }
}

/* The columns that fit in w (all when w < 0), their widths, and the
 * total width; essential: prio 0 only. */
typedef struct {
    const Spec *spec;
    int idx[MAX_COLS], width[MAX_COLS];
    int n, total;
} Fit;

static int fit_total(const Fit *f)
{
    int t = 1; /* a leading space */
    for (int i = 0; i < f->n; i++)
        t += f->width[i] + (i ? COL_SEP : 0);
    return t;
}

static void fit_columns(Fit *f, const Model *m, const DrawCtx *dc, int w, bool essential)
{
    f->spec = spec_of(m);
    f->n = 0;
    for (int i = 0; i < f->spec->ncols && f->n < MAX_COLS; i++) {
        const Col *c = &f->spec->cols[i];
        if (essential && c->prio > 0)
            continue;
        char head[CELL_LEN];
        snprintf(head, sizeof head, "%s", c->head);
        figures_ascii(head, dc->caps.ascii);
        int cw = pane_cols(head);
        bool any = m->nresults == 0; /* a column of dashes says nothing */
        for (int k = 0; k < m->nresults; k++) {
            char cell[CELL_LEN];
            cell_text(cell, sizeof cell, c, &m->results[k]);
            int l = pane_cols(cell);
            cw = l > cw ? l : cw;
            any |= strcmp(cell, "-") != 0;
        }
        if (!any && i > 0)
            continue;
        f->idx[f->n] = i;
        f->width[f->n++] = cw;
    }
    /* Drop the least important column (the rightmost of those) until the
     * rest fit; the first (workers) stays. */
    while (w >= 0 && f->n > 1 && fit_total(f) > w) {
        int drop = 1;
        for (int i = 1; i < f->n; i++)
            if (f->spec->cols[f->idx[i]].prio >= f->spec->cols[f->idx[drop]].prio)
                drop = i;
        memmove(&f->idx[drop], &f->idx[drop + 1], (size_t)(f->n - drop - 1) * sizeof f->idx[0]);
        memmove(&f->width[drop], &f->width[drop + 1], (size_t)(f->n - drop - 1) * sizeof f->width[0]);
        f->n--;
    }
    f->total = fit_total(f);
}

int figures_table_width(const Model *m, const DrawCtx *dc, bool essential)
{
    Fit f;
    fit_columns(&f, m, dc, -1, essential);
    return f.total;
}

/* Cells right-aligned in their columns. */
static void row_text(char *buf, size_t n, const Fit *f, const DemoResult *r, bool ascii)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < f->n && o < n; i++) {
        const Col *c = &f->spec->cols[f->idx[i]];
        char cell[CELL_LEN];
        if (r)
            cell_text(cell, sizeof cell, c, r);
        else
            snprintf(cell, sizeof cell, "%s", c->head);
        figures_ascii(cell, ascii);
        int pad = f->width[i] - pane_cols(cell) + (i ? COL_SEP : 1);
        int k = snprintf(buf + o, n - o, "%*s%s", pad > 0 ? pad : 0, "", cell);
        if (k < 0)
            break;
        o += (size_t)k;
    }
}

void figures_table_draw(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int h, int w)
{
    if (h <= 0 || w <= 0)
        return;
    Fit f;
    fit_columns(&f, m, dc, w, false);
    char buf[MAX_COLS * (CELL_LEN + COL_SEP) + 8];
    row_text(buf, sizeof buf, &f, NULL, dc->caps.ascii);
    pane_line(win, dc, y, x, w, buf, A_UNDERLINE);
    int rows = h - 1;
    int first = m->nresults > rows ? m->nresults - rows : 0;
    for (int i = 0; i < rows; i++) {
        int idx = first + i;
        buf[0] = '\0';
        if (idx < m->nresults)
            row_text(buf, sizeof buf, &f, &m->results[idx], dc->caps.ascii);
        else if (i == 0 && m->nresults == 0)
            snprintf(buf, sizeof buf, " waiting for results...");
        pane_line(win, dc, y + 1 + i, x, w, buf, idx < m->nresults ? A_NORMAL : A_DIM);
    }
}

/* The newest result in words: brief for a narrow pane ("W=2: lost
 * 9,439,838 of 20,000,000"), else in full ("2 workers: lost 9,439,838 of
 * 20,000,000 updates"). */
static void summary_text(const Model *m, char *buf, size_t n, bool brief)
{
    const DemoResult *r = newest(m);
    const char *demo = r->demo ? r->demo : "";
    bool convoy = figures_convoy(m);
    double a, b, c;
    char x[40], y[40];
    int k;
    if (brief)
        k = snprintf(buf, n, convoy ? "%d CPU thr" : "W=%d", r->workers);
    else
        k = snprintf(buf, n, "%d %s%s", r->workers, convoy ? "CPU-bound thread" : "worker",
                     r->workers == 1 ? "" : "s");
    if (k < 0 || (size_t)k >= n)
        return;
    char *p = buf + k;
    size_t left = n - (size_t)k;
    if (convoy && figures_num(r, "op_latency_ms", &a) && figures_num(r, "alone_ms", &b)) {
        x[0] = '\0';
        if (b > 0 && a / b >= 1.5 && !brief)
            snprintf(x, sizeof x, " (%.0f× slower)", a / b);
        snprintf(p, left, brief ? ": op %.2f ms, alone %.2f" : ": each I/O op %.2f ms, %.2f ms alone%s", a, b, x);
    } else if (strcmp(demo, "race") == 0 && figures_num(r, "lost", &a) && figures_num(r, "expected", &b)) {
        figures_count(x, sizeof x, a);
        figures_count(y, sizeof y, b);
        snprintf(p, left, brief ? ": lost %s of %s" : ": lost %s of %s updates", x, y);
    } else if (strcmp(demo, "procs") == 0 && figures_num(r, "mean_start_us", &a) && figures_num(r, "cow_ms", &b) &&
               figures_num(r, "ipc_us", &c)) {
        if (brief)
            snprintf(p, left, ": start %.0f µs, cow %.2f ms", a, b);
        else
            snprintf(p, left, ": start %.0f µs, copy-on-write %.2f ms, IPC %.0f µs", a, b, c);
    } else if (strcmp(demo, "pool") == 0 && figures_num(r, "overhead_us", &a)) {
        fmt_sig(x, sizeof x, a);
        if (figures_num(r, "imbalance", &b))
            snprintf(p, left, brief ? ": %s µs/task, imbalance %.2f" : ": overhead %s µs/task, imbalance %.2f", x,
                     b);
        else
            snprintf(p, left, brief ? ": %s µs/task, some idle" : ": overhead %s µs/task, some workers idle", x);
    } else if (strcmp(demo, "pi") == 0 && figures_num(r, "estimate", &a) && figures_num(r, "samples", &b)) {
        figures_count(x, sizeof x, b);
        snprintf(p, left, brief ? ": pi ≈ %.5f" : ": pi ≈ %.5f from %s samples", a, x);
    } else if (strcmp(demo, "sched") == 0 && figures_num(r, "imbalance", &a)) {
        snprintf(p, left, brief ? ", %s: imbalance %.2f" : ", %s: imbalance %.2f (busiest/idlest)",
                 r->variant ? r->variant : "", a);
    } else if (r->has_speedup) {
        snprintf(p, left, ": %.3f s, speedup %.2f×", r->wall_s, r->speedup);
    } else {
        snprintf(p, left, ": %.3f s", r->wall_s);
    }
}

void figures_summary(const Model *m, const DrawCtx *dc, char *buf, size_t n, int width)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (!newest(m))
        return;
    summary_text(m, buf, n, false);
    figures_ascii(buf, dc->caps.ascii);
    if (width >= 0 && pane_cols(buf) > width) {
        summary_text(m, buf, n, true);
        figures_ascii(buf, dc->caps.ascii);
    }
}
