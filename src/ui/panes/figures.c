/* The figures of each demo, for the results table and the summary line
 * under the chart. The columns are the demo's result fields as its
 * registry entry lists them (demo/registry.h): which matter for the
 * variant, how to print them and which to drop first when the pane is
 * narrow (higher rank goes first; rank 0 stays at any width); the line is
 * the demo's headline. */
#include "ui/panes/figures.h"
#include "demo/registry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_SEP = 2, MAX_COLS = 10, CELL_LEN = 32 };

typedef enum { V_WORKERS, V_WALL, V_SPEEDUP, V_EFF, V_FIELD } ValKind;

typedef struct {
    const char *head;       /* UTF-8; "µ" reads "u" in ASCII mode */
    ValKind kind;
    const DemoField *field; /* V_FIELD */
    int prio;
} Col;

typedef struct {
    Col cols[MAX_COLS];
    int ncols;
} Spec;

/* A demo the registry does not know: its speedup, if any. */
static const DemoField generic_fields[] = {DEMO_FIELD_SPEEDUP(0), DEMO_FIELD_EFFICIENCY(1)};

static const ShownResult *newest(const Model *m)
{
    return m->nresults > 0 ? &m->results[m->nresults - 1] : NULL;
}

/* The newest result's demo and variant, or before any what the panel said
 * it runs. */
static const Demo *demo_of(const Model *m, const char **variant)
{
    const ShownResult *r = newest(m);
    *variant = r ? r->variant : m->demo_variant;
    return demo_find(r ? r->demo : m->demo_name);
}

static ValKind kind_of(const DemoField *f)
{
    if (strcmp(f->key, STREAM_KEY_SPEEDUP) == 0)
        return V_SPEEDUP;
    return strcmp(f->key, DEMO_KEY_EFFICIENCY) == 0 ? V_EFF : V_FIELD;
}

/* The columns for the model's demo and variant: the workers, the wall
 * time, then the fields the variant shows. */
static void spec_of(const Model *m, Spec *sp)
{
    const char *variant;
    const Demo *d = demo_of(m, &variant);
    const DemoVariant *v = demo_variant(d, variant);
    const DemoField *fields = d ? d->fields : generic_fields;
    int nfields = d ? d->nfields : DEMO_COUNT_OF(generic_fields);
    sp->cols[0] = (Col){v && v->workers_head ? v->workers_head : "W", V_WORKERS, NULL, 0};
    sp->cols[1] = (Col){"wall s", V_WALL, NULL, 0};
    sp->ncols = 2;
    for (int i = 0; i < nfields && sp->ncols < MAX_COLS; i++)
        if (demo_field_shown(d, &fields[i], variant))
            sp->cols[sp->ncols++] = (Col){fields[i].label, kind_of(&fields[i]), &fields[i], fields[i].rank};
}

const DemoVariant *figures_variant(const Model *m)
{
    const char *variant;
    const Demo *d = demo_of(m, &variant);
    return demo_variant(d, variant);
}

const char *figures_worker_noun(const Model *m)
{
    const DemoVariant *v = figures_variant(m);
    return !v ? "thread" : v->processes ? "process" : "thread";
}

char figures_worker_letter(const Model *m)
{
    const DemoVariant *v = figures_variant(m);
    return v && v->processes ? 'P' : 'T';
}

bool figures_convoy(const Model *m)
{
    const char *variant;
    const Demo *d = demo_of(m, &variant);
    return d && !demo_splits_work(d, variant);
}

static const char *field(const ShownResult *r, const char *key)
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

bool figures_num(const ShownResult *r, const char *key, double *v)
{
    return parse_num(field(r, key), v);
}

/* "min-max" of a ';'-separated list of numbers. */
static void fmt_range(char *buf, size_t n, const char *list, DemoFormat f)
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
        demo_format(f, lo, buf, n);
        return;
    }
    demo_format(f, lo, a, sizeof a);
    demo_format(f, hi, b, sizeof b);
    snprintf(buf, n, "%.15s-%.15s", a, b);
}

static void cell_text(char *buf, size_t n, const Col *c, const ShownResult *r)
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
    case V_FIELD:
        raw = field(r, c->field->key);
        if (c->field->per_worker)
            fmt_range(buf, n, raw, c->field->format);
        else if (!raw || !*raw)
            snprintf(buf, n, "-");
        else if (c->field->format != DEMO_FMT_TEXT && parse_num(raw, &v))
            demo_format(c->field->format, v, buf, n);
        else /* text, or a number the demo could not give ("inf") */
            snprintf(buf, n, "%.12s", raw);
        return;
    }
}

void figures_ascii(char *s, bool ascii)
{
    if (ascii)
        demo_ascii(s);
}

/* The columns that fit in w (all when w < 0), their widths, and the
 * total width; essential: prio 0 only. */
typedef struct {
    Spec spec;
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
    spec_of(m, &f->spec);
    f->n = 0;
    for (int i = 0; i < f->spec.ncols && f->n < MAX_COLS; i++) {
        const Col *c = &f->spec.cols[i];
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
            if (f->spec.cols[f->idx[i]].prio >= f->spec.cols[f->idx[drop]].prio)
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
static void row_text(char *buf, size_t n, const Fit *f, const ShownResult *r, bool ascii)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < f->n && o < n; i++) {
        const Col *c = &f->spec.cols[f->idx[i]];
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

void figures_table_draw(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int h, int w,
                        const char *idle)
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
            snprintf(buf, sizeof buf, " %s", idle ? idle : "waiting for results...");
        pane_line(win, dc, y + 1 + i, x, w, buf, idx < m->nresults ? A_NORMAL : A_DIM);
    }
}

static bool reading_num(const void *ctx, const char *key, double *v)
{
    return figures_num(ctx, key, v);
}

/* The newest result in words: brief for a narrow pane ("W=2: lost
 * 9,439,838 of 20,000,000"), else in full ("2 workers: lost 9,439,838 of
 * 20,000,000 updates"); the part after the workers is the demo's headline. */
static void summary_text(const Model *m, char *buf, size_t n, bool brief)
{
    const ShownResult *r = newest(m);
    const Demo *d = demo_find(r->demo);
    const DemoVariant *v = demo_variant(d, r->variant);
    int k;
    if (brief && v && v->workers_head)
        k = snprintf(buf, n, "%d %s", r->workers, v->workers_head);
    else if (brief)
        k = snprintf(buf, n, "W=%d", r->workers);
    else {
        const char *noun = v && v->workers_are ? v->workers_are : v && v->processes ? "process" : "worker";
        bool es = noun[strlen(noun) - 1] == 's'; /* "processes" */
        k = snprintf(buf, n, "%d %s%s", r->workers, noun, r->workers == 1 ? "" : es ? "es" : "s");
    }
    if (k < 0 || (size_t)k >= n)
        return;
    char *p = buf + k;
    size_t left = n - (size_t)k;
    DemoReading reading = {r->variant, r->workers, reading_num, r};
    if (d && d->headline && d->headline(&reading, brief, p, left))
        return;
    if (r->has_speedup)
        snprintf(p, left, ": %.3f s, speedup %.2f×", r->wall_s, r->speedup);
    else
        snprintf(p, left, ": %.3f s", r->wall_s);
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
