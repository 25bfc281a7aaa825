/* The trace pane of a run step with `trace: true`: what `corelab trace`
 * made of the program, where a demo shows its results. Its first row says
 * it in one line: the cores the program kept busy, the share of the time
 * in which two or more of its threads ran at once, and the verdict; with
 * more rows the verdict gets rows of its own, wrapped. While the program
 * runs, the cores busy so far (from its threads' spans) and how many
 * threads there are. */
#include "ui/panes/pane_class.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

enum { VERDICT_MAX_ROWS = 3 };

/* The figures of the title: "cores busy 0.98, overlap 2 %, 3 threads in 1
 * process" once the result came (brief: without the threads), a running
 * estimate before. */
static void figures(const Model *m, bool brief, char *buf, size_t n)
{
    const ShownTrace *t = &m->trace;
    if (t->has && brief) {
        snprintf(buf, n, "cores busy %.2f, overlap %.0f %%", t->cores_busy, 100 * t->overlap);
    } else if (t->has) {
        snprintf(buf, n, "cores busy %.2f, overlap %.0f %%, %d thread%s in %d process%s%s", t->cores_busy,
                 100 * t->overlap, t->threads, t->threads == 1 ? "" : "s", t->processes,
                 t->processes == 1 ? "" : "es", t->rows_capped ? " (rows capped)" : "");
    } else if (m->nthreads > 0 && m->t_spans > 0) {
        snprintf(buf, n, "cores busy %.2f so far, %d thread%s", m->run_s / m->t_spans, m->nthreads,
                 m->nthreads == 1 ? "" : "s");
    } else {
        snprintf(buf, n, "r runs the program under corelab trace");
    }
}

/* The words under the figures: the verdict (brief: without the word),
 * or what is still to come. */
static void words(const Model *m, bool brief, char *buf, size_t n)
{
    if (m->trace.has)
        snprintf(buf, n, "%s%s%s", brief ? "" : "verdict: ", m->trace.verdict,
                 m->trace.stopped ? " (stopped before it ended)" : "");
    else
        snprintf(buf, n, "the verdict comes when the program ends");
}

/* Rows of at most w columns that text wraps into, breaking at blanks:
 * where row k starts in starts[k]; returns how many (at most max). */
static int wrap(const char *text, int w, const char **starts, int max)
{
    int n = 0;
    size_t len = strlen(text), at = 0;
    while (at < len && n < max && w > 0) {
        while (text[at] == ' ')
            at++;
        if (!text[at])
            break;
        size_t fit = text_wrap_row(text + at, len - at, w);
        starts[n++] = text + at;
        at += fit;
    }
    return n;
}

/* The one line, and under it the verdict wrapped, up to three rows. */
static PaneSize trace_size(const Model *m, const PaneView *v, Rect body)
{
    (void)v;
    char text[512];
    const char *starts[VERDICT_MAX_ROWS];
    words(m, false, text, sizeof text);
    int rows = wrap(text, body.w - 2, starts, VERDICT_MAX_ROWS);
    return (PaneSize){1 + (rows > 0 ? rows : 1), 1, 1 + VERDICT_MAX_ROWS, 0};
}

static void trace_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    if (r.h <= 0 || r.w <= 0)
        return;
    char fig[160], text[512];
    figures(m, r.h == 1, fig, sizeof fig);
    words(m, r.h == 1, text, sizeof text);
    attr_t attr = m->trace.has ? A_BOLD : A_DIM;
    if (r.h == 1) { /* one row (80x24): the figures that matter and the verdict */
        char line[700];
        snprintf(line, sizeof line, "%s; %s", fig, text);
        pane_title(win, &r, &v->dc, "trace", line);
        return;
    }
    pane_title(win, &r, &v->dc, "trace", fig);
    const char *starts[VERDICT_MAX_ROWS];
    int n = wrap(text, r.w - 2, starts, r.h - 1 < VERDICT_MAX_ROWS ? r.h - 1 : VERDICT_MAX_ROWS);
    for (int i = 0; i < r.h - 1; i++) {
        char row[512] = "";
        if (i < n) {
            size_t len = i + 1 < n ? (size_t)(starts[i + 1] - starts[i]) : strlen(starts[i]);
            snprintf(row, sizeof row, " %.*s", (int)len, starts[i]);
        }
        pane_line(win, &v->dc, r.y + 1 + i, r.x, r.w, row, attr);
    }
}

const PaneClass trace_pane_class = {
    .name = "trace", .steps = PANE_IN_TRACE, .place = PANE_BAND,
    .help = "a traced run: the cores its threads kept busy, how often they ran at once, and the verdict",
    .size = trace_size, .draw = trace_pane_draw,
};
