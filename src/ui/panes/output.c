/* The output pane of a `run:` step: the lines the command wrote (stdout
 * and stderr interleaved, as they came), the newest at the bottom; it
 * scrolls back through the lines kept. */
#include "ui/panes/pane_class.h"

#include <stdio.h>
#include <string.h>

void output_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title,
                 const char *pending, size_t pending_len)
{
    output_draw_at(win, r, m, dc, title, pending, pending_len, 0);
}

int output_draw_at(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title,
                   const char *pending, size_t pending_len, int back)
{
    if (r->h <= 0 || r->w <= 0)
        return 0;
    /* A line still being written (a prompt, a progress bar) shows last. */
    char partial[MODEL_OUT_LINE_LEN + 1] = "";
    if (pending && pending_len > 0) {
        size_t n = pending_len < MODEL_OUT_LINE_LEN ? pending_len : MODEL_OUT_LINE_LEN;
        memcpy(partial, pending, n);
        partial[n] = '\0';
        char *cr = strrchr(partial, '\r');
        if (cr && cr[1])
            memmove(partial, cr + 1, strlen(cr + 1) + 1);
    }
    int rows = r->h - 1;
    int total = m->nout + (partial[0] ? 1 : 0);
    int newest_first = total > rows ? total - rows : 0; /* the first line when following the output */
    if (back > newest_first)
        back = newest_first;
    if (back < 0)
        back = 0;
    int first = newest_first - back;
    char extra[64] = "";
    unsigned long dropped = m->out_total - (unsigned long)m->nout;
    if (total > rows && rows > 0)
        snprintf(extra, sizeof extra, "lines %lu-%lu of %lu", dropped + (unsigned long)first + 1,
                 dropped + (unsigned long)(first + rows), m->out_total + (partial[0] ? 1 : 0));
    else if (m->out_total > (unsigned long)m->nout)
        snprintf(extra, sizeof extra, "last %d of %lu lines", m->nout, m->out_total);
    else if (m->out_total)
        snprintf(extra, sizeof extra, "%lu line%s", m->out_total, m->out_total == 1 ? "" : "s");
    const char *names[] = {title};
    const char *extras[] = {extra};
    pane_title_fit(win, r, dc, names, 1, extras, 1);
    for (int i = 0; i < rows; i++) {
        const char *line = first + i == m->nout && partial[0] ? partial : model_out_line(m, first + i);
        if (!line && i == 0 && m->nout == 0)
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, " (no output yet)", A_DIM);
        else
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, line ? line : "", A_NORMAL);
    }
    return back;
}

/* ---- the pane ---- */

/* A title and five lines at the least; all the rows the others leave. */
static PaneSize output_size(const Model *m, const PaneView *v, Rect body)
{
    (void)m, (void)v, (void)body;
    return (PaneSize){6, 6, 0, 0};
}

static void output_pane_draw(WINDOW *win, Rect r, const Model *m, PaneView *v)
{
    v->page = r.h - 1 > 1 ? r.h - 1 : 1;
    v->total = m->nout + (v->scene->pending_len > 0 ? 1 : 0);
    v->scroll = output_draw_at(win, &r, m, &v->dc, "output", v->scene->pending, v->scene->pending_len, v->scroll);
}

/* v->scroll: lines back from the newest (0 follows the output). */
static void output_scroll(PaneView *v, int rows)
{
    long s = (long)v->scroll - rows;
    v->scroll = s < 0 ? 0 : s > MODEL_OUT_LINES ? MODEL_OUT_LINES : (int)s;
}

const PaneClass output_pane_class = {
    .name = "output", .steps = PANE_IN_RUN, .place = PANE_FILL,
    .help = "the lines the step's command wrote, newest at the bottom; they scroll",
    .size = output_size, .draw = output_pane_draw, .scroll_by = output_scroll,
};
