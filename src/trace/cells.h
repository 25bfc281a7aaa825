/* trace/cells: placing one thread's schedstat deltas into the cells they
 * belong to.
 *
 * The kernel brings a thread's CPU time (se.sum_exec_runtime) up to date
 * only at a scheduler event: a tick (every 1/CONFIG_HZ, 4 ms at HZ=250),
 * a switch in or out. While a thread stays on a CPU, a reading lags by up
 * to a tick; its wait for a CPU (run_delay) is counted only when it gets
 * one. A reading taken while the thread is blocked is exact (leaving the
 * CPU brought it up to date). So a cell that ends with the thread runnable
 * ('R') keeps the part that no delta explains as `unknown`, and later
 * deltas fill it: first the cells of the runnable streak after the one it
 * woke in, oldest first (a thread that keeps running), then the new cell,
 * then the cell it woke in (which began blocked). What is still unknown
 * when a cell leaves the window counts as blocked, in what the thread was
 * last seen blocked in. Totals stay exact; a cell is placed to within
 * about a tick. */
#ifndef CORELAB_TRACE_CELLS_H
#define CORELAB_TRACE_CELLS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    float run, ready;   /* seconds on a CPU / runnable without one */
    float unknown;      /* not explained yet (runnable at its end) */
    float blocked;      /* blocked, in `kind` */
    int8_t kind;        /* STATE_WAIT, STATE_IO or STATE_IDLE */
    int16_t cpu;        /* the CPU it last ran on */
} TraceCell;

typedef struct {
    TraceCell *ring;    /* size cells: those from done to next - 1 */
    int size;
    long first;         /* index of its first cell */
    long next;          /* index of the next cell to add */
    long done;          /* cells before it have been taken */
    long streak;        /* first cell of the current runnable streak; -1 */
    bool streak_woke;   /* that cell began blocked */
} CellTrack;

/* A track whose first cell will have index first; ring has size entries
 * (size >= 2). */
void cells_init(CellTrack *t, TraceCell *ring, int size, long first);

/* Adds the next cell: len seconds, run and ready the schedstat deltas over
 * it (they may hold time from earlier cells), runnable whether the thread
 * was runnable at its end; kind is where blocked time went (the call it is
 * blocked in, or the last one it was seen in). Needs a free slot: take a
 * cell first when size cells are pending. */
void cells_add(CellTrack *t, double len, double run, double ready, bool runnable, int kind, int cpu);

/* Number of cells added and not yet taken. */
int cells_pending(const CellTrack *t);
/* Takes the oldest pending cell: unknown folded into blocked. */
TraceCell cells_take(CellTrack *t);

#endif
