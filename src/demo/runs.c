/* demo/runs: the runs of a sweep (runs.h). */
#include "demo/runs.h"
#include "demo/busy.h"

#include <math.h>
#include <string.h>

/* One run of the sweep; fills row. Returns 0, or -1 with err set. */
static int run_one(Session *s, DemoCtx *c, DemoRow *row, const DemoRow *first, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    row->workers = c->workers;
    session_run_begin(s, c->opts->seconds);
    int rc = c->k_run(c, &row->res, err, errlen);
    session_run_end(s);
    if (rc != 0)
        return -1;
    row->res.stopped = row->res.stopped || session_stop_reason(s) == DEMO_STOP_TIME;
    row->speedup = NAN;
    if (!first && row->workers == 1)
        row->speedup = 1; /* the reference run itself */
    else if (first && first->workers == 1 && first->res.wall_s > 0 && row->res.wall_s > 0 && first->res.done > 0)
        /* Throughput against the 1-worker run: wall_1/wall_W when both
         * finished their work, still fair when one was stopped early. */
        row->speedup = (row->res.done / row->res.wall_s) / (first->res.done / first->res.wall_s);
    return 0;
}

/* A worker count's runs: up to REPEATS, while their time stays within
 * REPEAT_BUDGET seconds; the best of them counts (a run can only be slowed
 * by what else the machine does, never sped up). */
#define REPEATS 3
#define REPEAT_BUDGET 1.0

/* The best of a worker count's runs into row, and the CPUs other programs
 * held meanwhile. Returns 0, or -1 with err set. */
int demo_run_count(Session *s, DemoCtx *c, DemoRow *row, const DemoRow *first, char *err, size_t errlen)
{
    BusyMark from, to;
    busy_mark(&from);
    double spent = 0;
    for (int k = 0; k < REPEATS; k++) {
        DemoRow again;
        if (run_one(s, c, k ? &again : row, first, err, errlen) != 0) {
            if (k == 0)
                return -1;
            result_clear(&again.res);
            break; /* the best so far stands */
        }
        const DemoRow *last = k ? &again : row;
        spent += last->res.wall_s;
        bool over = last->res.stopped || session_signal(s) || session_output_broken(s) ||
                    spent + last->res.wall_s > REPEAT_BUDGET;
        if (k && again.res.wall_s < row->res.wall_s) {
            result_clear(&row->res);
            *row = again;
        } else if (k) {
            result_clear(&again.res);
        }
        if (over)
            break;
    }
    busy_mark(&to);
    row->busy_others = busy_others(&from, &to);
    return 0;
}

/* A short run before the sweep, its result thrown away, so that the first
 * timed run does not pay for cold caches, page faults and a CPU clock
 * that has yet to rise: a twentieth of the work, untraced (it leaves no
 * spans), asked to stop after WARM_UP_S; the --seconds limit is the
 * watchdog's as for any run, so that work that stops only between big
 * chunks is waited for. */
#define WARM_UP_SHARE 20
#define WARM_UP_S 0.2
void demo_warm_up(Session *s, const DemoCtx *c, int workers)
{
    DemoCtx w = *c;
    w.trace = NULL;
    w.workers = workers;
    w.work = c->work / WARM_UP_SHARE > workers ? c->work / WARM_UP_SHARE : workers;
    if (w.work > c->work)
        w.work = c->work;
    DemoResult res;
    memset(&res, 0, sizeof res);
    char err[256];
    session_run_begin_soft(s, WARM_UP_S, c->opts->seconds);
    w.k_run(&w, &res, err, sizeof err);
    session_run_end(s);
    result_clear(&res);
}
