/* The output pane of a `run:` step: the last lines the command wrote
 * (stdout and stderr interleaved, as they came), newest at the bottom. */
#include "ui/panes/panes.h"

#include <stdio.h>

void output_draw(WINDOW *win, const PaneRect *r, const Model *m, const DrawCtx *dc, const char *title)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    char extra[48] = "";
    if (m->out_total > (unsigned long)m->nout)
        snprintf(extra, sizeof extra, "last %d of %lu lines", m->nout, m->out_total);
    else if (m->out_total)
        snprintf(extra, sizeof extra, "%lu line%s", m->out_total, m->out_total == 1 ? "" : "s");
    pane_title(win, r, dc, title, extra);
    int rows = r->h - 1;
    int first = m->nout > rows ? m->nout - rows : 0;
    for (int i = 0; i < rows; i++) {
        const char *line = model_out_line(m, first + i);
        if (!line && i == 0 && m->nout == 0)
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, " (no output yet)", A_DIM);
        else
            pane_line(win, dc, r->y + 1 + i, r->x, r->w, line ? line : "", A_NORMAL);
    }
}
