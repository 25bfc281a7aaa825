/* demo/result: the named figures of one run, and sentences about a sweep. */
#include "demo/kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static ResultField *add(DemoResult *r, const char *key, ResultKind kind, bool table)
{
    if (r->nfields >= RESULT_MAX_FIELDS)
        abort(); /* a programming error: raise RESULT_MAX_FIELDS */
    ResultField *f = &r->f[r->nfields++];
    memset(f, 0, sizeof *f);
    f->key = key;
    f->kind = kind;
    f->table = table;
    return f;
}

void result_int(DemoResult *r, const char *key, int64_t v, bool table) { add(r, key, RF_INT, table)->i = v; }
void result_num(DemoResult *r, const char *key, double v, bool table) { add(r, key, RF_NUM, table)->d = v; }
void result_bool(DemoResult *r, const char *key, bool v, bool table) { add(r, key, RF_BOOL, table)->i = v; }

void result_str(DemoResult *r, const char *key, const char *v, bool table)
{
    ResultField *f = add(r, key, RF_STR, table);
    snprintf(f->s, sizeof f->s, "%s", v);
}

void result_nums(DemoResult *r, const char *key, const double *v, int n, bool table)
{
    ResultField *f = add(r, key, RF_NUMS, table);
    f->arr = xcalloc(n > 0 ? (size_t)n : 1, sizeof *f->arr);
    if (n > 0)
        memcpy(f->arr, v, (size_t)n * sizeof *v);
    f->n = n;
}

const ResultField *result_get(const DemoResult *r, const char *key)
{
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->f[i].key, key) == 0)
            return &r->f[i];
    return NULL;
}

double result_getnum(const DemoResult *r, const char *key, double dflt)
{
    const ResultField *f = result_get(r, key);
    if (!f)
        return dflt;
    switch (f->kind) {
    case RF_INT:
    case RF_BOOL:
        return (double)f->i;
    case RF_NUM:
        return f->d;
    default:
        return dflt;
    }
}

void result_clear(DemoResult *r)
{
    for (int i = 0; i < r->nfields; i++)
        free(r->f[i].arr);
    memset(r, 0, sizeof *r);
}

DemoSweep demo_sweep(const DemoRow *rows, int n)
{
    DemoSweep sw = {rows, n, NULL};
    for (int i = 0; i < n; i++)
        if (!sw.widest || rows[i].workers > sw.widest->workers)
            sw.widest = &rows[i];
    return sw;
}

const DemoRow *demo_row(const DemoSweep *sw, int workers)
{
    for (int i = 0; i < sw->n; i++)
        if (sw->rows[i].workers == workers)
            return &sw->rows[i];
    return NULL;
}

bool demo_took(const DemoSweep *sw, const char *noun, StrBuf *out)
{
    const DemoRow *one = demo_row(sw, 1), *w = sw->widest;
    if (!one || !w || w->workers == 1 || !isfinite(w->speedup) || w->speedup <= 0)
        return false;
    strbuf_addf(out, "%d %s took %.2f× as long as 1", w->workers, noun, 1.0 / w->speedup);
    return true;
}
