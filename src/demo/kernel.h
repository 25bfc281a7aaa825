/* demo/kernel: what a demo's code sees, and what it gives back. Each demo
 * (k_gil.c, k_race.c, ...) has one DemoKernel: a small vtable that runs one
 * run of W workers and describes the sweep in a sentence; its Demo entry
 * (registry.h) holds the rest. The session (the threads that sample,
 * stream spans, watch the clock and the signals) is behind DemoCtx. */
#ifndef CORELAB_DEMO_KERNEL_H
#define CORELAB_DEMO_KERNEL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "demo/options.h"
#include "demo/registry.h"
#include "demo/trace.h"
#include "util/util.h"

/* The name ps, top and htop show for a demo's workers, threads and
 * forked processes alike (the demo itself is "corelab"). */
#define DEMO_WORKER_NAME "corelab-demo"

/* Lives in shared memory so that forked workers see it. */
typedef struct {
    _Atomic int stop; /* 0 running, DEMO_STOP_TIME, DEMO_STOP_SIGNAL */
} DemoShared;

#define DEMO_STOP_TIME 1
#define DEMO_STOP_SIGNAL 2

typedef struct Session Session;
typedef struct DemoResult DemoResult;
typedef struct DemoCtx DemoCtx;

struct DemoCtx {
    const DemoOpts *opts;
    const char *variant; /* resolved: never NULL */
    int workers;         /* W for this run */
    long work;           /* total work of the run (fixed across the sweep) */
    Session *session;
    Trace *trace;        /* NULL when not tracing */
    DemoShared *shared;
    int (*k_run)(DemoCtx *c, DemoResult *res, char *err, size_t errlen);
};

/* Workers check this between chunks of work (a relaxed load). */
static inline bool demo_should_stop(const DemoCtx *c)
{
    return atomic_load_explicit(&c->shared->stop, memory_order_relaxed) != 0;
}

/* The trace slot of worker i (NULL when not tracing). */
TraceSlot *demo_slot(const DemoCtx *c, int i);

/* Something to call when the run must stop (the gil demo wakes its waiters
 * with it). Set before starting workers, cleared (NULL) after joining them. */
void demo_set_stop_hook(DemoCtx *c, void (*fn)(void *), void *arg);

/* ---- processes ---- */

/* fork() a worker: in the child, default signal dispositions, signals
 * unblocked, PR_SET_PDEATHSIG(SIGKILL) and a check that the parent is still
 * there; then fn(arg) runs and the child _exits with its return value. The
 * parent registers the pid so that a signal or the watchdog can kill it.
 * Returns the pid or -1 (errno set). */
pid_t demo_fork(DemoCtx *c, int (*fn)(void *), void *arg);
/* Waits for a worker started with demo_fork and unregisters it. Returns the
 * wait status, or -1. */
int demo_reap(DemoCtx *c, pid_t pid);

/* ---- results ---- */

typedef enum { RF_INT, RF_NUM, RF_STR, RF_BOOL, RF_NUMS } ResultKind;

typedef struct {
    const char *key;
    ResultKind kind;
    int64_t i;
    double d;
    char s[32];
    double *arr; /* RF_NUMS, owned */
    int n;
    bool table;  /* shown in the text table */
} ResultField;

#define RESULT_MAX_FIELDS 16

struct DemoResult {
    double wall_s;
    double done;       /* work done: equals ctx->work unless stopped early */
    bool stopped;      /* cut short at --seconds */
    int nfields;
    ResultField f[RESULT_MAX_FIELDS];
};

void result_int(DemoResult *r, const char *key, int64_t v, bool table);
void result_num(DemoResult *r, const char *key, double v, bool table);
void result_str(DemoResult *r, const char *key, const char *v, bool table);
void result_bool(DemoResult *r, const char *key, bool v, bool table);
void result_nums(DemoResult *r, const char *key, const double *v, int n, bool table);
const ResultField *result_get(const DemoResult *r, const char *key);
double result_getnum(const DemoResult *r, const char *key, double dflt);
void result_clear(DemoResult *r);

/* One finished run of a sweep. */
typedef struct {
    int workers;
    double speedup;    /* NAN when the sweep has no 1-worker run */
    double busy_others; /* CPUs' worth other programs held meanwhile (busy.h); NAN: unknown */
    DemoResult res;
} DemoRow;

/* A finished sweep, as conclude() reads it. */
typedef struct {
    const DemoRow *rows;
    int n;                 /* 1 or more */
    const DemoRow *widest; /* the run with the most workers */
} DemoSweep;

/* The code of a demo; its facts (name, variants, options, fields) are in
 * its Demo entry (registry.h), which points here. */
struct DemoKernel {
    long default_work;
    long max_work;       /* larger --work is refused */
    const char *unit;    /* what a unit of work is, for --help */
    /* One run; fills res (wall_s is measured by the kernel around the
     * parallel part). Returns 0, or -1 with a message in err. */
    int (*run)(DemoCtx *c, DemoResult *res, char *err, size_t errlen);
    /* One plain sentence about the sweep, into out. */
    void (*conclude)(const DemoCtx *c, const DemoSweep *sw, StrBuf *out);
    /* True when the sentence is about costs timed on their own (procs:
     * starting a worker, copying memory), which a short run still
     * measures: "too little work to time" is then not said. */
    bool concludes_on_setup;
};

/* Splits total work among w workers: the share of worker i (the first ones
 * get one more when it does not divide). */
static inline long demo_share(long total, int w, int i)
{
    return total / w + (i < total % w ? 1 : 0);
}

/* Seconds on this thread's CPU clock. */
double demo_thread_cpu(void);

/* ---- what conclude() asks of a sweep ---- */
/* The sweep of n runs (n >= 1). */
DemoSweep demo_sweep(const DemoRow *rows, int n);
/* Its run with this many workers, or NULL. */
const DemoRow *demo_row(const DemoSweep *sw, int workers);
/* Appends "4 threads took 0.26× as long as 1" (noun: "threads") when the
 * sweep has a 1-worker run and a wider one; false otherwise. */
bool demo_took(const DemoSweep *sw, const char *noun, StrBuf *out);

/* ---- the verdict (verdict.c) ---- */

/* Whether rows can carry a conclusion: none was cut at the --seconds
 * limit or slowed by other programs holding the CPUs it needed (allowed:
 * the CPUs this process may use). */
bool demo_rows_conclusive(const DemoRow *rows, int n, int allowed);
/* The sentence under `corelab demo`'s table, into out: k's conclusion,
 * or, when the runs cannot carry one, why ("not conclusive (machine
 * busy)", a run cut at --seconds, too little work to time). */
void demo_verdict(const DemoKernel *k, const DemoCtx *c, const DemoRow *rows, int n, int allowed, StrBuf *out);

/* ---- starting workers (workers.c) ---- */

/* A start line: workers wait at it until the whole team exists, so that
 * they really run side by side. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool open, failed;
} DemoGate;

#define DEMO_GATE_INIT {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false}

/* Waits until the gate opens; false when the team could not be started
 * (the worker should return at once). */
bool demo_gate_wait(DemoGate *g);

/* Starts w threads running fn(args + i * size), then opens gate (may be
 * NULL) and joins them all. started[i] and created[i] (either may be NULL)
 * get the times just before and just after thread i was created. Returns 0, or an errno value when a thread
 * could not be created (the gate then opens as failed, and those already
 * started are joined). */
int demo_run_threads(int w, void *(*fn)(void *), void *args, size_t size, double *started, DemoGate *gate,
                     double *created);

/* A team of forked workers, each with a pipe of its own to the parent. */
typedef struct {
    int n;      /* workers started */
    pid_t *pids;
    int *fds;   /* the read end of each worker's pipe */
} DemoProcs;

/* Forks w workers (demo_fork) running fn(args + i * size, fd), where fd is
 * the write end of worker i's own pipe. Each child closes every other pipe
 * end it inherited (the earlier workers' read ends, its own read end) and
 * the parent's descriptors in close_in_child (nclose of them: the write end
 * of a pipe the workers read from), so that a reader sees end of file as
 * soon as the writers it waits for are gone. started[i] and created[i]
 * (either may be NULL) get the times just before and just after fork i.
 * Returns 0; or -1 at the first worker that cannot start, with "cannot
 * start a process: <why>" in err, t->n counting those that did (end them
 * with demo_procs_end). */
int demo_procs_start(DemoCtx *c, DemoProcs *t, int w, int (*fn)(void *arg, int fd), void *args, size_t size,
                     const int *close_in_child, int nclose, double *started, double *created, char *err,
                     size_t errlen);
/* Closes the read ends and reaps every worker; when rc is not 0 (the run
 * failed) the workers are killed first rather than waited for. Returns rc,
 * or -1 with a message in err when rc was 0 and a worker did not exit 0.
 * Frees t's arrays. */
int demo_procs_end(DemoCtx *c, DemoProcs *t, int rc, char *err, size_t errlen);
/* Both, for workers that each write exactly rsize bytes of result to fd:
 * the parent reads them into results + i * rsize. Returns 0, or -1 with
 * err set. */
int demo_run_procs(DemoCtx *c, int w, int (*fn)(void *arg, int fd), void *args, size_t size,
                   void *results, size_t rsize, char *err, size_t errlen);

#endif
