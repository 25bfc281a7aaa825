/* trace/sampler_int: the sampler's insides, shared by sampler.c (rows,
 * cells, spans) and tree.c (finding processes and threads). */
#ifndef CORELAB_TRACE_SAMPLER_INT_H
#define CORELAB_TRACE_SAMPLER_INT_H

#include "trace/cells.h"
#include "trace/sampler.h"

typedef struct {
    TraceRow pub;
    ProbeTask files;
    int proc;                /* index into Sampler.procs */
    ProbeSchedstat last;     /* the previous reading (zero before the first) */
    ProbeBlock last_block;   /* what it was last seen blocked in */
    ProbeTaskStat stat;      /* its stat at the last reading */
    int unread;              /* ticks since its stat was last read */
    bool ran;                /* it ran in the last cell */
    bool ran_since_children; /* it ran since its children file was read */
    CellTrack cells;         /* its cells not yet final */
    TraceCell *ring;
    bool gone;               /* no more readings: ended, files closed */
    bool open;               /* a span is open */
    int span_state, span_cpu;
    double span_t0, span_t1;
} ThreadRow;

typedef struct {
    pid_t pid;
    int task_fd;             /* /proc/PID/task, listed again and again; -1 */
    int pidfd;               /* for signals; -1 before Linux 5.3 */
    char comm[PROBE_COMM_MAX];
    pid_t *tids;             /* every thread seen, ascending */
    int ntids, cap;
    int listed;              /* threads at the last listing */
    long num_threads;        /* at the last tick (tree_thread_count); -1 */
    double t_listed;         /* when (now_monotonic; 0: never) */
    int unnamed;             /* threads named T1, T2, ... so far */
    bool active;             /* a row of it ran in this cell */
    int rows_live;           /* its rows still read */
    bool alive;
} Proc;

struct Sampler {
    pid_t root, self;
    double origin;
    double t_prev;           /* the previous tick (now_monotonic; 0: none) */

    /* Cells: index k spans [cell_t[k % window], cell_t[k % window] +
     * cell_len[k % window]]; ncells made so far, nfinal of them final. A
     * cell is final once `window` newer ones exist (cells.h says why). */
    int window;
    double *cell_t, *cell_len;
    long ncells, nfinal;
    TraceSpanFn span_fn;
    void *ctx;

    ThreadRow rows[TRACE_MAX_ROWS];
    int nrows;
    Proc *procs;
    int nprocs;

    int proc_fd;             /* /proc, listed again and again */
    pid_t *seen;             /* /proc's pids at the last scan, ascending */
    int nseen;
    double t_scan, scan_every;
    double t_children;       /* the rows' children files were last read */
    ProbeTask self_task;     /* corelab's own thread: its children file */
    pid_t *scratch;          /* listings */
    int scratch_cap;

    bool rows_capped, procs_capped;
    long blocked_reads, blocked_unknown; /* what blocked threads waited in */
    double traced_s, overlap_s, cell_max_s;
    long cells;
    int root_error;
};

/* tree.c */
/* Adds process pid (parent already known); its index, or -1 when capped. */
int tree_add_proc(Sampler *s, pid_t pid);
/* Lists /proc/PID/task of process i and adds rows for new threads. 0, or
 * an errno value when the listing failed (the process is then dead). */
int tree_list_threads(Sampler *s, int i, double now);
/* Looks for new processes of the program when it is due: in the rows'
 * children files (every TRACE_SCAN_MIN_S), and in /proc (as often when
 * there are no children files, else every TRACE_SCAN_SLOW_S: orphans,
 * threads without a row), adding them and their threads. */
void tree_scan(Sampler *s, double now);
/* Remembers the pids in /proc now: none of them can be the program's. */
void tree_seed(Sampler *s);
void tree_free(Sampler *s);
/* Sends sig to process p (its pidfd, else its pid): 0 or an errno value. */
int tree_signal(const Proc *p, int sig);
/* The number of threads process p has now, -1 when unknown (cheap: one
 * fstat). */
long tree_thread_count(const Proc *p);

/* sampler.c */
/* Opens a row for thread tid of process i; false when it is already gone
 * or the rows are full. */
bool sampler_add_row(Sampler *s, int i, pid_t tid);

#endif
