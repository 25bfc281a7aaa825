/* Splitting the panel's rectangle among the panes. A header row on top and
 * a footer row (messages, prompt) at the bottom. A demo gets meters and the
 * speedup chart side by side above the timeline when the panel is wide,
 * stacked when it is narrow, and only the focused pane when even that does
 * not fit (Tab then flips through them). A run gets its output, with the
 * meters beside or below it when there is room. */
#include "ui/panes/panes.h"

#include <string.h>

/* CHART_MIN: rows for the chart as a table; PLOT_MIN: as a plot. */
enum { MIN_H = 6, MIN_W = 20, CHART_MIN = 3, PLOT_MIN = 7, WIDE_W = 80 };

static Rect rect(int y, int x, int h, int w)
{
    return (Rect){y, x, h, w};
}

static void only_focused(Layout *l, Rect body, int focus)
{
    for (int i = 0; i < PANE_COUNT; i++)
        l->shown[i] = false;
    l->shown[focus] = true;
    l->pane[focus] = body;
}

static void layout_demo(Layout *l, Rect b, int ncpu, int nthreads, int focus)
{
    int need_m = 1 + (ncpu > 0 ? ncpu : 1);
    int need_t = 3 + (nthreads > 0 ? nthreads : 1);
    if (b.w >= WIDE_W) {
        /* The timeline as tall as its threads need, the rest for the
         * meters and the chart (which turns into its table when short). */
        int tl_h = need_t < b.h - CHART_MIN ? need_t : b.h - CHART_MIN;
        if (tl_h >= 4 && b.h - tl_h < PLOT_MIN && b.h >= PLOT_MIN && b.h - 4 >= 2) {
            /* Short and wide (a bottom panel on 80x24): meters over the
             * timeline on the left, the chart's plot the whole height on
             * the right, so the curve shows too. */
            int lw = b.w / 2;
            int m_h = need_m < b.h - 4 ? need_m : b.h - 4;
            l->pane[PANE_METERS] = rect(b.y, b.x, m_h, lw);
            l->pane[PANE_TIMELINE] = rect(b.y + m_h, b.x, b.h - m_h, lw);
            l->pane[PANE_CHART] = rect(b.y, b.x + lw, b.h, b.w - lw);
            l->shown[PANE_METERS] = l->shown[PANE_CHART] = l->shown[PANE_TIMELINE] = true;
            return;
        }
        if (tl_h >= 4) {
            int top_h = b.h - tl_h;
            int mw = b.w * 2 / 5 < 32 ? 32 : b.w * 2 / 5;
            l->pane[PANE_METERS] = rect(b.y, b.x, top_h, mw);
            l->pane[PANE_CHART] = rect(b.y, b.x + mw, top_h, b.w - mw);
            l->pane[PANE_TIMELINE] = rect(b.y + top_h, b.x, tl_h, b.w);
            l->shown[PANE_METERS] = l->shown[PANE_CHART] = l->shown[PANE_TIMELINE] = true;
            return;
        }
    }
    /* Stacked: meters, timeline, then the chart takes what is left. */
    int m_h = need_m;
    if (m_h > b.h / 4 + 1)
        m_h = b.h / 4 + 1;
    if (m_h < 2)
        m_h = 2;
    int t_h = need_t;
    if (t_h > b.h / 3 + 1)
        t_h = b.h / 3 + 1;
    if (t_h < 4)
        t_h = 4;
    int c_h = b.h - m_h - t_h;
    if (c_h < CHART_MIN) {
        only_focused(l, b, focus);
        return;
    }
    l->pane[PANE_METERS] = rect(b.y, b.x, m_h, b.w);
    l->pane[PANE_TIMELINE] = rect(b.y + m_h, b.x, t_h, b.w);
    l->pane[PANE_CHART] = rect(b.y + m_h + t_h, b.x, c_h, b.w);
    l->shown[PANE_METERS] = l->shown[PANE_CHART] = l->shown[PANE_TIMELINE] = true;
}

static void layout_run(Layout *l, Rect b, int ncpu, int focus)
{
    int need_m = 1 + ncpu;
    if (ncpu > 0 && b.w >= WIDE_W) {
        int mw = 36;
        l->pane[PANE_OUTPUT] = rect(b.y, b.x, b.h, b.w - mw);
        l->pane[PANE_METERS] = rect(b.y, b.x + b.w - mw, b.h, mw);
        l->shown[PANE_OUTPUT] = l->shown[PANE_METERS] = true;
        return;
    }
    if (ncpu > 0 && b.h >= 6 + 2) {
        int m_h = need_m < b.h / 3 ? need_m : b.h / 3;
        if (m_h >= 2) {
            l->pane[PANE_OUTPUT] = rect(b.y, b.x, b.h - m_h, b.w);
            l->pane[PANE_METERS] = rect(b.y + b.h - m_h, b.x, m_h, b.w);
            l->shown[PANE_OUTPUT] = l->shown[PANE_METERS] = true;
            return;
        }
    }
    only_focused(l, b, focus == PANE_METERS && ncpu > 0 ? PANE_METERS : PANE_OUTPUT);
}

bool layout_panel(Layout *l, int y, int x, int h, int w, bool demo, int ncpu, int nthreads, int focus)
{
    memset(l, 0, sizeof *l);
    if (h < MIN_H || w < MIN_W)
        return false;
    if (focus < 0 || focus >= PANE_COUNT)
        focus = demo ? PANE_METERS : PANE_OUTPUT;
    l->header = rect(y, x, 1, w);
    l->footer = rect(y + h - 1, x, 1, w);
    Rect body = rect(y + 1, x, h - 2, w);
    if (demo)
        layout_demo(l, body, ncpu, nthreads, focus);
    else
        layout_run(l, body, ncpu, focus);
    return true;
}
