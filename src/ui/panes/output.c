/* The output pane of a `run:` step: the last lines the command wrote
 * (stdout and stderr interleaved, as they came), newest at the bottom. */
#include "ui/panes/pane_class.h"

#include <stdio.h>
#include <string.h>

void output_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title,
                 const char *pending, size_t pending_len)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    char extra[48] = "";
    if (m->out_total > (unsigned long)m->nout)
        snprintf(extra, sizeof extra, "last %d of %lu lines", m->nout, m->out_total);
    else if (m->out_total)
        snprintf(extra, sizeof extra, "%lu line%s", m->out_total, m->out_total == 1 ? "" : "s");
    pane_title(win, r, dc, title, extra);
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
    int first = total > rows ? total - rows : 0;
    for (int i = 0; i < rows; i++) {
        const char *line = first + i == m->nout && partial[0] ? partial : model_out_line(m, first + i);
        if (!line && i == 0 && m->nout == 0)
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, " (no output yet)", A_DIM);
        else
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, line ? line : "", A_NORMAL);
    }
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
    output_draw(win, &r, m, &v->dc, "output", v->scene->pending, v->scene->pending_len);
}

const PaneClass output_pane_class = {
    .name = "output",
    .help = "the last lines the step's command wrote, newest at the bottom",
    .steps = PANE_IN_RUN,
    .place = PANE_FILL,
    .size = output_size,
    .draw = output_pane_draw,
    .keys = NULL,
};
