/* Unit tests for trace/cells (placing schedstat deltas that lag by up to a
 * scheduler tick) and the cell state. Times in ms, cells of 2 ms. */
#include "demo/stream.h"
#include "trace/cells.h"
#include "trace/sampler.h"

#include <math.h>
#include <stdio.h>

#include "../lib/check.h"

#define MS 1e-3
#define NEAR(a, b) (fabs((double)(a) - (b) * MS) < 1e-7)

static TraceCell ring[16];

static void add(CellTrack *t, double run_ms, double ready_ms, bool runnable, int kind)
{
    cells_add(t, 2 * MS, run_ms * MS, ready_ms * MS, runnable, kind, 0);
}

/* One reading of a thread: its run and ready deltas, whether it can run. */
typedef struct {
    double run_ms, ready_ms;
    bool runnable;
    int kind;
} Tick;

/* A new track fed the ticks in turn; its first n cells are taken into out. */
static void replay(const Tick *ticks, size_t nticks, TraceCell *out, int n)
{
    CellTrack t;
    cells_init(&t, ring, 16, 0);
    for (size_t i = 0; i < nticks; i++)
        add(&t, ticks[i].run_ms, ticks[i].ready_ms, ticks[i].runnable, ticks[i].kind);
    for (int i = 0; i < n; i++)
        out[i] = cells_take(&t);
}

/* A thread that keeps running: the kernel brings its time up to date every
 * 4 ms tick, so deltas come 1, 0, 4, 0, 4: every cell ran in full. */
static void test_keeps_running(void)
{
    CellTrack t;
    cells_init(&t, ring, 16, 0);
    double deltas[] = {1, 0, 4, 0, 4};
    for (int i = 0; i < 5; i++)
        add(&t, deltas[i], 0, true, STATE_IO);
    CHECK(cells_pending(&t) == 5);
    for (int i = 0; i < 4; i++) {
        TraceCell c = cells_take(&t);
        CHECK(NEAR(c.run, 2) && NEAR(c.blocked, 0));
    }
    TraceCell last = cells_take(&t); /* its last tick is still to come */
    CHECK(NEAR(last.run, 1) && NEAR(last.blocked, 1));
}

/* The GIL's holder runs 5 ms from t=0 and then waits on a futex: readings
 * at 2, 4 lag (tick at 1), at 6 it is blocked and exact (5 ms). */
static void test_runs_then_blocks(void)
{
    static const Tick ticks[] = {{1, 0, true, STATE_IO}, {0, 0, true, STATE_IO}, {4, 0, false, STATE_WAIT}};
    TraceCell c[3];
    replay(ticks, CHECK_COUNT(ticks), c, 3);
    CHECK(NEAR(c[0].run, 2) && NEAR(c[1].run, 2));
    CHECK(NEAR(c[2].run, 1) && NEAR(c[2].blocked, 1) && c[2].kind == STATE_WAIT);
    CHECK(sampler_cell_state(2 * MS, c[2].run, c[2].ready, c[2].kind) == STATE_RUN); /* half */
}

/* The next holder waits until t=5, then runs to t=10: it wakes in the cell
 * [4,6], which is filled last, and its time shows at t=10 when it blocks. */
static void test_wakes_then_runs(void)
{
    static const Tick ticks[] = {
        {0, 0, false, STATE_WAIT}, {0, 0, false, STATE_WAIT},
        {0, 0, true, STATE_WAIT}, /* woke at 5: runnable at 6 */
        {0, 0, true, STATE_WAIT},  {5, 0, false, STATE_WAIT},
    };
    TraceCell c[5];
    replay(ticks, CHECK_COUNT(ticks), c, 5);
    CHECK(NEAR(c[0].blocked, 2) && NEAR(c[1].blocked, 2) && c[1].kind == STATE_WAIT);
    CHECK(NEAR(c[2].run, 1) && NEAR(c[2].blocked, 1));
    CHECK(NEAR(c[3].run, 2) && NEAR(c[4].run, 2));
    CHECK(sampler_cell_state(2 * MS, c[2].run, c[2].ready, c[2].kind) == STATE_RUN);
    CHECK(sampler_cell_state(2 * MS, c[1].run, c[1].ready, c[1].kind) == STATE_WAIT);
}

/* Waiting for a CPU is counted when it gets one: the wait goes back into
 * the cells it filled, before the run that follows. */
static void test_waits_for_a_cpu(void)
{
    static const Tick ticks[] = {
        {0, 0, true, STATE_IO}, {0, 0, true, STATE_IO}, {1, 4, true, STATE_IO}, {2, 0, false, STATE_IO}};
    TraceCell c[4];
    replay(ticks, CHECK_COUNT(ticks), c, 4);
    CHECK(NEAR(c[0].ready, 2) && NEAR(c[1].ready, 2));
    CHECK(NEAR(c[2].run, 2) && NEAR(c[2].ready, 0));
    CHECK(NEAR(c[3].run, 1) && NEAR(c[3].blocked, 1));
    CHECK(sampler_cell_state(2 * MS, c[0].run, c[0].ready, c[0].kind) == STATE_READY);
}

/* Time that no pending cell can hold (from before the thread's first cell
 * or the window) is dropped, never put where it could not have been. */
static void test_excess_and_window(void)
{
    CellTrack t;
    TraceCell small[3];
    cells_init(&t, small, 3, 10);
    add(&t, 30, 0, true, STATE_IO); /* ran 30 ms before it was found */
    TraceCell c = cells_take(&t);
    CHECK(NEAR(c.run, 2) && NEAR(c.blocked, 0));
    add(&t, 0, 0, true, STATE_IO);
    add(&t, 0, 0, true, STATE_IO);
    c = cells_take(&t); /* left the window unexplained: blocked */
    CHECK(NEAR(c.run, 0) && NEAR(c.blocked, 2) && c.kind == STATE_IO);
    add(&t, 6, 0, false, STATE_IO);
    c = cells_take(&t);
    CHECK(NEAR(c.run, 2));
    c = cells_take(&t);
    CHECK(NEAR(c.run, 2) && NEAR(c.blocked, 0));
    CHECK(cells_pending(&t) == 0);
}

static void test_cell_state(void)
{
    double cell = 2 * MS;
    CHECK(sampler_cell_state(cell, 1.0 * MS, 0, STATE_WAIT) == STATE_RUN);
    CHECK(sampler_cell_state(cell, 0.8 * MS, 0.2 * MS, STATE_WAIT) == STATE_WAIT);
    CHECK(sampler_cell_state(cell, 0.9 * MS, 0.2 * MS, STATE_WAIT) == STATE_RUN); /* ties go to run */
    CHECK(sampler_cell_state(cell, 0.8 * MS, 0.7 * MS, STATE_IO) == STATE_RUN);
    CHECK(sampler_cell_state(cell, 0.2 * MS, 1.0 * MS, STATE_IO) == STATE_READY);
    CHECK(sampler_cell_state(cell, 0, 0, STATE_IO) == STATE_IO);
    CHECK(sampler_cell_state(cell, 0, 0, STATE_IDLE) == STATE_IDLE);
    CHECK(sampler_cell_state(cell, 3 * MS, 0, STATE_IO) == STATE_RUN);
}

int main(void)
{
    static const CheckTest tests[] = {
        CHECK_TEST(test_keeps_running),     CHECK_TEST(test_runs_then_blocks), CHECK_TEST(test_wakes_then_runs),
        CHECK_TEST(test_waits_for_a_cpu),   CHECK_TEST(test_excess_and_window), CHECK_TEST(test_cell_state),
    };
    check_run_all(tests, CHECK_COUNT(tests));
    return check_exit();
}
