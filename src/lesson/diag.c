/* lesson/diag: the list of located problems that check prints. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "util/term_safe.h"
#include "util/util.h"

void diag_list_init(DiagList *d)
{
    d->items = NULL;
    d->n = d->cap = 0;
}

void diag_list_free(DiagList *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    diag_list_init(d);
}

/* One problem is one line that is safe to print: quoted values in
 * messages come from the lesson and may hold newlines, tabs, escape
 * sequences or broken characters. */
static char *one_line(const char *msg)
{
    StrBuf sb;
    strbuf_init(&sb);
    term_safe_add(&sb, msg, strlen(msg), 0);
    return strbuf_detach(&sb);
}

void diag_vadd(DiagList *d, const char *file, int line, int col, const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = xrealloc(d->items, d->cap * sizeof *d->items);
    }
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_vaddf(&sb, fmt, ap);
    Diag *g = &d->items[d->n++];
    g->file = xstrdup(file ? file : "-");
    g->line = line;
    g->col = col;
    g->message = one_line(sb.data ? sb.data : "");
    strbuf_free(&sb);
}

void diag_add(DiagList *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, file, line, col, fmt, ap);
    va_end(ap);
}

typedef struct {
    const Diag *d;
    size_t seq;
} DiagRef;

/* Stable: problems at the same place keep the order they were found in. */
static int diag_cmp(const void *a, const void *b)
{
    const DiagRef *rx = a, *ry = b;
    const Diag *x = rx->d, *y = ry->d;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return rx->seq < ry->seq ? -1 : (rx->seq > ry->seq);
}

void diag_list_sort(DiagList *d)
{
    size_t n = d->n;
    if (n < 2)
        return;
    DiagRef *refs = xmalloc(n * sizeof *refs);
    for (size_t i = 0; i < n; i++)
        refs[i] = (DiagRef){&d->items[i], i};
    qsort(refs, n, sizeof *refs, diag_cmp);
    Diag *sorted = xmalloc(d->cap * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = *refs[i].d;
    free(refs);
    free(d->items);
    d->items = sorted;
}

void diag_list_print(DiagList *d, FILE *f)
{
    diag_list_sort(d);
    for (size_t i = 0; i < d->n; i++) {
        const Diag *g = &d->items[i];
        char *file = term_safe(g->file); /* a file name may hold anything but '/' and NUL */
        if (g->line > 0)
            fprintf(f, "%s:%d:%d: %s\n", file, g->line, g->col, g->message);
        else
            fprintf(f, "%s: %s\n", file, g->message);
        free(file);
    }
}
