/* demo/verdict: the sentence under `corelab demo`'s table. A demo's own
 * conclusion compares its runs; runs that other programs slowed, that the
 * --seconds limit cut short or that were too short to time would teach
 * the wrong lesson, so the verdict then says that instead. */
#include "demo/kernel.h"

#include <math.h>

/* Shorter than this, a run's time is mostly starting and joining. */
#define MIN_TIMED_S 0.002

static double most_others(const DemoRow *rows, int n, int allowed)
{
    double most = 0;
    for (int i = 0; i < n; i++)
        if (demo_run_disturbed(rows[i].busy_others, rows[i].workers, allowed) && rows[i].busy_others > most)
            most = rows[i].busy_others;
    return most;
}

static bool any_stopped(const DemoRow *rows, int n)
{
    for (int i = 0; i < n; i++)
        if (rows[i].res.stopped)
            return true;
    return false;
}

bool demo_rows_conclusive(const DemoRow *rows, int n, int allowed)
{
    return most_others(rows, n, allowed) == 0 && !any_stopped(rows, n);
}

/* "1, 2 and 4" of the rows' worker counts that match stopped. */
static void counts_where(const DemoRow *rows, int n, StrBuf *out)
{
    int k = 0, total = 0;
    for (int i = 0; i < n; i++)
        total += rows[i].res.stopped;
    for (int i = 0; i < n; i++) {
        if (!rows[i].res.stopped)
            continue;
        strbuf_addf(out, "%s%d", k == 0 ? "" : k == total - 1 ? " and " : ", ", rows[i].workers);
        k++;
    }
}

void demo_verdict(const DemoKernel *k, const DemoCtx *c, const DemoRow *rows, int n, int allowed, StrBuf *out)
{
    if (any_stopped(rows, n)) {
        int cut = 0;
        for (int i = 0; i < n; i++)
            cut += rows[i].res.stopped;
        strbuf_addf(out, "the --seconds limit of %g s cut the run%s with ", c->opts->seconds, cut > 1 ? "s" : "");
        counts_where(rows, n, out);
        strbuf_adds(out, " workers short, so they are not compared: raise --seconds or lower --work.");
        return;
    }
    double shortest = INFINITY;
    for (int i = 0; i < n; i++)
        shortest = fmin(shortest, rows[i].res.wall_s);
    if (n > 0 && shortest < MIN_TIMED_S && !k->concludes_on_setup) {
        char took[32];
        demo_format_ms(shortest * 1e3, took, sizeof took);
        strbuf_addf(out, "too little work to time: a run took %s, mostly starting and joining its workers; "
                    "raise --work.", took);
        return;
    }
    double others = most_others(rows, n, allowed);
    if (others > 0) {
        strbuf_addf(out, "not conclusive (machine busy): other programs kept %.1f of the %d CPU%s busy during "
                    "the runs; run it again when the machine is quieter.", others, allowed, allowed == 1 ? "" : "s");
        return;
    }
    if (n > 0) {
        DemoSweep sw = demo_sweep(rows, n);
        k->conclude(c, &sw, out);
    }
}
