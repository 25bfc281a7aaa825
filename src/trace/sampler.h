/* trace/sampler: the threads of a running program and of every process it
 * starts, sampled from /proc (probe/task.h) cell after cell.
 *
 * Each tick closes a cell: from the previous tick to now. A thread's
 * schedstat deltas say how long it ran and how long it was runnable
 * without a CPU, however late the tick came (to within a scheduler tick
 * while it stays on a CPU: trace/cells.h places the time); the rest of the
 * cell it was blocked, in what its syscall file names at the tick (a futex:
 * a lock such as the GIL; anything else: I/O or sleep). A cell becomes
 * final TRACE_WINDOW_S later; its state is the largest of the three (run
 * when it ran half the cell or more), and consecutive cells of one state
 * merge into a span.
 *
 * Discovery: the program's threads come from /proc/PID/task, listed again
 * when its link count says the number of threads changed (and at least
 * every TRACE_LIST_S); its processes from the children files
 * (CONFIG_PROC_CHILDREN) of its threads and of corelab, every
 * TRACE_SCAN_MIN_S, and from a scan of /proc for new pids whose parent is
 * one of them, every TRACE_SCAN_SLOW_S (every TRACE_SCAN_MIN_S without
 * children files), less often when the scan is slow (many processes on the
 * machine). The caller must be a child subreaper (PR_SET_CHILD_SUBREAPER)
 * so that orphaned processes come to it and stay found.
 *
 * The first TRACE_MAX_ROWS threads get a row (the timeline's rows); later
 * ones are counted but not sampled. */
#ifndef CORELAB_TRACE_SAMPLER_H
#define CORELAB_TRACE_SAMPLER_H

#include <stdbool.h>
#include <sys/types.h>

#include "demo/stream.h"
#include "probe/task.h"

#define TRACE_MAX_ROWS 64      /* the timeline draws 64 rows */
#define TRACE_MAX_PROCS 4096   /* processes followed */
#define TRACE_WINDOW_S 0.04    /* a cell is final this much later */
#define TRACE_SPLIT_S 0.1      /* spans are cut so that the stream stays live */
#define TRACE_LIST_S 0.05      /* a process's threads are listed at least this often */
#define TRACE_SCAN_MIN_S 0.01  /* new processes are looked for at most this often */
#define TRACE_SCAN_SLOW_S 1.0  /* /proc is scanned this often when children files tell */

/* One row: a thread, as the report and the stream see it. Times in seconds;
 * t_first/t_last count from the sampler's origin. */
typedef struct {
    int row;
    pid_t pid, tid;
    char name[PROBE_COMM_MAX];    /* its comm when it has its own, else the
                                     process's (main thread) or "T1", "T2"... */
    char process[PROBE_COMM_MAX]; /* the process's comm */
    double t_first, t_last;       /* sampled alive from .. to */
    double time_in[STATE_COUNT];  /* run, wait, io, ready (idle: stopped) */
    double cpu_s;                 /* CPU time from its start (schedstat) */
    bool ended;
} TraceRow;

/* Called when a span closes: row r was in `state` from t0 to t1 (seconds
 * since the origin), last on CPU cpu. */
typedef void (*TraceSpanFn)(void *ctx, const TraceRow *r, int state, double t0, double t1, int cpu);

typedef struct {
    int threads;        /* distinct threads seen */
    int processes;      /* processes seen */
    int rows;
    bool rows_capped;   /* more threads than rows */
    bool procs_capped;  /* more processes than TRACE_MAX_PROCS */
    double traced_s;    /* the cells' total */
    double overlap_s;   /* cells in which >= 2 threads ran more than half */
    double cell_max_s;
    long cells;
    double cpu_s;       /* CPU time of the rows' threads */
    bool lock_waits_hidden; /* blocked threads' calls could not be read */
} TraceSummary;

typedef struct Sampler Sampler;

/* A sampler for a program about to start: remembers the processes that
 * exist now (none of them can be the program's). spans may be NULL. */
Sampler *sampler_new(TraceSpanFn spans, void *ctx);
/* Follows process root (the caller's child, just started) and its
 * descendants; origin is the now_monotonic time span times count from;
 * interval the time between ticks (sizes the window). */
void sampler_follow(Sampler *s, pid_t root, double origin, double interval);
void sampler_free(Sampler *s);

/* One tick at `now` (now_monotonic): discovers, samples every live row,
 * closes the cell. Returns 0, or an errno value when the program's own
 * /proc entry cannot be read (hidepid, or it runs as another user: EACCES
 * or ENOENT before it was reaped); then nothing more is sampled. */
int sampler_tick(Sampler *s, double now);
/* Makes every cell final and closes every open span. */
void sampler_finish(Sampler *s);

/* Sends sig to every process of the program alive now, after a fresh look
 * for new ones (through a pidfd where the kernel has them, so that a pid
 * used again by another process is never hit). Returns how many. */
int sampler_signal_all(Sampler *s, int sig);

int sampler_nrows(const Sampler *s);
const TraceRow *sampler_row(const Sampler *s, int i);
void sampler_summary(const Sampler *s, TraceSummary *out);

/* The state of a cell of `cell` seconds in which the thread ran `run` and
 * was runnable without a CPU `ready` seconds, and was blocked the rest in
 * `blocked` (STATE_WAIT, STATE_IO or STATE_IDLE): run when it ran at least
 * half the cell, else the largest share (ties to run, then ready). */
int sampler_cell_state(double cell, double run, double ready, int blocked);

#endif
