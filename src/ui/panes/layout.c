/* Splitting the panel's rectangle among the step's panes, walking the
 * table of pane classes. A header row on top and a footer row (messages,
 * prompt) at the bottom; between them, the first arrangement that fits:
 *   - wide, with bands: the side panes and the fill side by side (table
 *     order, left to right) above the bands; or, when that leaves the
 *     fill too short to draw its best or cuts the bands, the fill the
 *     whole height on the right and the sides over the bands on the left;
 *   - tall (PANE_TALL_ROWS and 80 columns): the side panes on top, the
 *     bands at the bottom, each the rows it wants within a third of the
 *     body, the fill the rest between them: a wide chart, tall meters;
 *   - wide, no bands: the side panes and the fill side by side;
 *   - stacked: each pane the rows it wants within its limits, the bands
 *     just above the fill, the fill the rest;
 *   - the focused pane alone (Tab then flips through them); also when the
 *     panes are zoomed (the panel then has the whole screen).
 * For a demo that is meters and the chart over the timeline, for a run
 * its output with the meters beside or below it, and for a traced run the
 * timeline and the trace line too. */
#include "ui/panes/pane_class.h"

#include <string.h>

enum { MIN_H = 6, MIN_W = 20, WIDE_W = 80 };

/* The step's panes that have something to show, in table order. */
typedef struct {
    Rect body;
    int ids[PANE_COUNT], n;
    PaneSize size[PANE_COUNT]; /* by PaneId */
    int fill;                  /* the fill's PaneId; -1: none */
} LayoutPlan;

static PanePlace place_of(int id)
{
    return pane_classes[id]->place;
}

static void plan(LayoutPlan *pl, const Panes *ps, const Model *m, Rect body)
{
    memset(pl, 0, sizeof *pl);
    pl->body = body;
    pl->fill = -1;
    for (int i = 0; i < PANE_COUNT; i++) {
        if (!panes_in_step(ps, i))
            continue;
        pl->size[i] = pane_classes[i]->size(m, &ps->view[i], body);
        if (pl->size[i].rows <= 0)
            continue;
        pl->ids[pl->n++] = i;
        if (pl->fill < 0 && place_of(i) == PANE_FILL)
            pl->fill = i;
    }
}

static void put(PaneLayout *l, int id, Rect r)
{
    l->pane[id] = r;
    l->shown[id] = true;
}

/* The panes of ids top to bottom in r: each the rows it wants, leaving the
 * ones below their least; the last the rest. */
static void stack(PaneLayout *l, const LayoutPlan *pl, const int *ids, int n, Rect r)
{
    int y = r.y, left = r.h;
    for (int k = 0; k < n; k++) {
        const PaneSize *s = &pl->size[ids[k]];
        int below = 0;
        for (int j = k + 1; j < n; j++)
            below += pl->size[ids[j]].min_rows;
        int h = s->rows < left - below ? s->rows : left - below;
        if (h < s->min_rows)
            h = s->min_rows;
        if (k == n - 1 || h > left)
            h = left;
        put(l, ids[k], (Rect){y, r.x, h, r.w});
        y += h;
        left -= h;
    }
}

/* The side panes and the fill left to right in r: each side its columns,
 * the fill the rest. */
static void row(PaneLayout *l, const LayoutPlan *pl, Rect r)
{
    int side_w = 0;
    for (int k = 0; k < pl->n; k++)
        if (place_of(pl->ids[k]) == PANE_SIDE)
            side_w += pl->size[pl->ids[k]].cols;
    int x = r.x;
    for (int k = 0; k < pl->n; k++) {
        int id = pl->ids[k];
        if (place_of(id) == PANE_BAND)
            continue;
        int w = place_of(id) == PANE_SIDE ? pl->size[id].cols : r.w - side_w;
        if (w > r.x + r.w - x)
            w = r.x + r.w - x;
        put(l, id, (Rect){r.y, x, r.h, w});
        x += w;
    }
}

/* The ids of the panes placed at p, in table order; returns how many. */
static int placed(const LayoutPlan *pl, PanePlace p, int *ids, int *sum_rows, int *sum_min)
{
    int n = 0;
    *sum_rows = *sum_min = 0;
    for (int k = 0; k < pl->n; k++) {
        if (place_of(pl->ids[k]) != p)
            continue;
        ids[n++] = pl->ids[k];
        *sum_rows += pl->size[pl->ids[k]].rows;
        *sum_min += pl->size[pl->ids[k]].min_rows;
    }
    return n;
}

static bool lay_wide(PaneLayout *l, const LayoutPlan *pl)
{
    Rect b = pl->body;
    int bands[PANE_COUNT], band_rows, band_min;
    int nb = placed(pl, PANE_BAND, bands, &band_rows, &band_min);
    if (nb == 0) {
        row(l, pl, b);
        return true;
    }
    if (pl->fill < 0)
        return false;
    const PaneSize *fill = &pl->size[pl->fill];
    int band_h = band_rows < b.h - fill->min_rows ? band_rows : b.h - fill->min_rows;
    int column[PANE_COUNT], side_rows, side_min;
    int nc = placed(pl, PANE_SIDE, column, &side_rows, &side_min);
    /* Also when the bands would be cut under the fill and the column gives
     * them more (a traced run's timeline and trace line beside its output). */
    bool cut = band_h < band_min || (band_h < band_rows && b.h - side_rows > band_h);
    if ((cut || b.h - band_h < fill->rows) && b.h >= fill->rows && b.h - band_min >= side_min) {
        /* Short and wide (a bottom panel on 80x24): the fill the whole
         * height on the right, so that it shows whole; the sides over the
         * bands on the left. */
        memcpy(column + nc, bands, sizeof bands[0] * (size_t)nb);
        int lw = b.w / 2;
        stack(l, pl, column, nc + nb, (Rect){b.y, b.x, b.h, lw});
        put(l, pl->fill, (Rect){b.y, b.x + lw, b.h, b.w - lw});
        return true;
    }
    if (band_h < band_min)
        return false;
    row(l, pl, (Rect){b.y, b.x, b.h - band_h, b.w});
    stack(l, pl, bands, nb, (Rect){b.y + b.h - band_h, b.x, band_h, b.w});
    return true;
}

static bool lay_tall(PaneLayout *l, const LayoutPlan *pl)
{
    if (pl->fill < 0)
        return false;
    int h[PANE_COUNT] = {0}, used = 0;
    for (int k = 0; k < pl->n; k++) {
        int id = pl->ids[k];
        if (id == pl->fill || place_of(id) == PANE_FILL)
            continue;
        const PaneSize *s = &pl->size[id];
        h[id] = s->rows < pl->body.h / 3 ? s->rows : pl->body.h / 3;
        if (h[id] < s->min_rows)
            h[id] = s->min_rows;
        used += h[id];
    }
    int fill_h = pl->body.h - used;
    if (fill_h < pl->size[pl->fill].rows)
        return false;
    int y = pl->body.y;
    for (int pass = 0; pass < 3; pass++) /* the sides, the fill, the bands */
        for (int k = 0; k < pl->n; k++) {
            int id = pl->ids[k];
            PanePlace p = place_of(id);
            bool now = pass == 0 ? p == PANE_SIDE : pass == 1 ? id == pl->fill : p == PANE_BAND;
            if (!now)
                continue;
            int hh = id == pl->fill ? fill_h : h[id];
            put(l, id, (Rect){y, pl->body.x, hh, pl->body.w});
            y += hh;
        }
    return true;
}

static bool lay_stacked(PaneLayout *l, const LayoutPlan *pl)
{
    if (pl->fill < 0)
        return false;
    int order[PANE_COUNT], heights[PANE_COUNT], n = 0, used = 0;
    for (int k = 0; k < pl->n; k++) {
        int id = pl->ids[k];
        if (place_of(id) == PANE_BAND)
            continue;
        if (id == pl->fill) /* the bands go just above the fill */
            for (int j = 0; j < pl->n; j++)
                if (place_of(pl->ids[j]) == PANE_BAND)
                    order[n++] = pl->ids[j];
        order[n++] = id;
    }
    for (int k = 0; k < n; k++) {
        const PaneSize *s = &pl->size[order[k]];
        int h = s->rows;
        if (s->max_rows > 0 && h > s->max_rows)
            h = s->max_rows;
        if (h < s->min_rows)
            h = s->min_rows;
        heights[k] = order[k] == pl->fill ? 0 : h;
        used += heights[k];
    }
    int fill_h = pl->body.h - used;
    if (fill_h < pl->size[pl->fill].min_rows)
        return false;
    int y = pl->body.y;
    for (int k = 0; k < n; k++) {
        int h = order[k] == pl->fill ? fill_h : heights[k];
        put(l, order[k], (Rect){y, pl->body.x, h, pl->body.w});
        y += h;
    }
    return true;
}

/* The focused pane, or the step's first when the focused one is not the
 * step's or has nothing to show. */
static void lay_focused(PaneLayout *l, const LayoutPlan *pl, int focus)
{
    int id = pl->n > 0 ? pl->ids[0] : -1;
    for (int k = 0; k < pl->n; k++)
        if (pl->ids[k] == focus)
            id = focus;
    if (id >= 0)
        put(l, id, pl->body);
}

bool layout_panel(PaneLayout *l, Rect area, const Panes *ps, const Model *m)
{
    memset(l, 0, sizeof *l);
    if (area.h < MIN_H || area.w < MIN_W)
        return false;
    l->header = (Rect){area.y, area.x, 1, area.w};
    l->footer = (Rect){area.y + area.h - 1, area.x, 1, area.w};
    LayoutPlan pl;
    plan(&pl, ps, m, (Rect){area.y + 1, area.x, area.h - 2, area.w});
    if (ps->zoomed) {
        lay_focused(l, &pl, ps->focus);
        return true;
    }
    if (pl.body.w >= PANE_TALL_COLS && pl.body.h >= PANE_TALL_ROWS && lay_tall(l, &pl))
        return true;
    if (pl.body.w >= WIDE_W && lay_wide(l, &pl))
        return true;
    if (!lay_stacked(l, &pl))
        lay_focused(l, &pl, ps->focus);
    return true;
}
