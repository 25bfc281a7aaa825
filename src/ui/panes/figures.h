/* ui/panes/figures: the figures each demo's lesson asks students to read
 * (DESIGN.md "Demos"), chosen per demo and variant from its result
 * records by the demo's registry entry (demo/registry.h):
 *   - a results table whose columns are that demo's fields, with their
 *     short labels, fitted to the width by dropping the less important
 *     columns whole (a header is never cut);
 *   - a one-line summary of the newest result ("2 workers: lost 49,512 of
 *     100,000 updates"), the demo's headline;
 *   - whether the results are of a variant whose work is not split (gil's
 *     convoy), where a speedup means nothing. */
#ifndef CORELAB_UI_PANES_FIGURES_H
#define CORELAB_UI_PANES_FIGURES_H

#include "demo/registry.h"
#include "ui/panes/panes.h"

/* Columns the table of m's results would take: every figure (essential
 * false) or only the ones kept at any width (workers, wall time and the
 * demo's key figures). */
int figures_table_width(const Model *m, const DrawCtx *dc, bool essential);
/* The table at (y,x), h rows (a header, then the newest results that
 * fit), w columns; idle: its line before any result (NULL: that it
 * waits for results). */
void figures_table_draw(WINDOW *win, const DrawCtx *dc, const Model *m, int y, int x, int h, int w,
                        const char *idle);
/* One line about the newest result into buf ("" when there is none),
 * briefer when the full one is wider than width (< 0: any width); plain
 * ASCII when dc says so. */
void figures_summary(const Model *m, const DrawCtx *dc, char *buf, size_t n, int width);
/* The newest result is of a variant that does not split its work, whose
 * chart is its operations' latency (before any result: the demo
 * model_set_demo named). */
bool figures_convoy(const Model *m);
/* The variant the model's results are of (before any: the one the panel
 * said it runs); NULL when the registry does not know it. */
const DemoVariant *figures_variant(const Model *m);
/* What a worker of m's demo is: "process" when the registry says its
 * workers are processes, else "thread" (a traced program's rows are
 * threads too); and its row label, 'P' or 'T'. */
const char *figures_worker_noun(const Model *m);
char figures_worker_letter(const Model *m);
/* A result's field as a number; false when absent or not a number. */
bool figures_num(const ShownResult *r, const char *key, double *v);
/* s with "µ" as "u" and "×" as "x" when ascii (in place; both shrink). */
void figures_ascii(char *s, bool ascii);

#endif
