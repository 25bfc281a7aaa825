/* demo/runs: the runs of a sweep. Before it, a warm-up whose result is
 * thrown away; then each worker count runs a few times within a small
 * budget, the best run counts (a run can only be slowed by what else the
 * machine does, never sped up), and its row says how many CPUs' worth
 * other programs kept busy meanwhile (busy.h). */
#ifndef CORELAB_DEMO_RUNS_H
#define CORELAB_DEMO_RUNS_H

#include <stddef.h>

#include "demo/kernel.h"
#include "demo/session.h"

/* A short, untraced run of c with `workers` workers, its result thrown
 * away, so that the first timed run does not pay for cold caches and a
 * CPU clock that has yet to rise. */
void demo_warm_up(Session *s, const DemoCtx *c, int workers);
/* The best of c->workers' runs into row (speedup against first, the
 * sweep's 1-worker row, when there is one), with the CPUs others held.
 * Returns 0, or -1 with a message in err. */
int demo_run_count(Session *s, DemoCtx *c, DemoRow *row, const DemoRow *first, char *err, size_t errlen);

#endif
