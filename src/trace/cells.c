/* trace/cells: the window of a thread's cells (cells.h has the model). */
#include "trace/cells.h"

#include <math.h>

static TraceCell *slot(CellTrack *t, long i)
{
    return &t->ring[i % t->size];
}

void cells_init(CellTrack *t, TraceCell *ring, int size, long first)
{
    *t = (CellTrack){.ring = ring, .size = size, .first = first, .next = first, .done = first, .streak = -1};
}

int cells_pending(const CellTrack *t)
{
    return (int)(t->next - t->done);
}

/* Moves up to *amount of cell c's unknown time into its run or ready. */
static void fill_one(TraceCell *c, double *amount, bool run)
{
    double take = fmin(*amount, c->unknown);
    if (take <= 0)
        return;
    c->unknown -= (float)take;
    if (c->unknown < 1e-9f)
        c->unknown = 0;
    if (run)
        c->run += (float)take;
    else
        c->ready += (float)take;
    *amount -= take;
}

/* Places amount seconds into the pending cells, in the order cells.h
 * gives; what no cell can hold is dropped (its time predates the window or
 * the thread's first cell). */
static void fill(CellTrack *t, double amount, bool run)
{
    long cur = t->next - 1, from = t->streak < 0 ? cur : t->streak;
    long woke = t->streak >= 0 && t->streak_woke ? t->streak : -1;
    if (from < t->done)
        from = t->done;
    for (long i = from; i < cur && amount > 0; i++)
        if (i != woke)
            fill_one(slot(t, i), &amount, run);
    if (amount > 0)
        fill_one(slot(t, cur), &amount, run);
    if (amount > 0 && woke >= t->done)
        fill_one(slot(t, woke), &amount, run);
}

void cells_add(CellTrack *t, double len, double run, double ready, bool runnable, int kind, int cpu)
{
    long idx = t->next++;
    TraceCell *c = slot(t, idx);
    *c = (TraceCell){.unknown = (float)(len > 0 ? len : 0), .kind = (int8_t)kind, .cpu = (int16_t)cpu};
    /* A wait for a CPU ends before the run it waited for. */
    fill(t, ready, false);
    fill(t, run, true);
    if (runnable) {
        if (t->streak < 0) {
            t->streak = idx;
            t->streak_woke = idx > t->first; /* the cell before it ended blocked */
        }
        return;
    }
    c->blocked = c->unknown; /* a blocked thread's reading is exact */
    c->unknown = 0;
    t->streak = -1;
}

TraceCell cells_take(CellTrack *t)
{
    TraceCell c = *slot(t, t->done);
    c.blocked += c.unknown;
    c.unknown = 0;
    t->done++;
    return c;
}
