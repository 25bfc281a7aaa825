/* trace/trace_int: one `corelab trace` run, shared by trace_cmd.c (options,
 * start, output) and run.c (the sampling loop, signals, stopping). */
#ifndef CORELAB_TRACE_INT_H
#define CORELAB_TRACE_INT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "trace/emit.h"
#include "trace/sampler.h"

#define TRACE_DEFAULT_INTERVAL_MS 2.0
#define TRACE_GRACE_S 1.0 /* from SIGTERM to SIGKILL when stopping it */

typedef struct {
    bool json, help;
    double interval_s;
    double seconds;      /* 0: until it exits */
    char **argv;         /* the command */
} TraceOpts;

typedef struct {
    const TraceOpts *o;
    Sampler *sampler;
    Emitter *emit;       /* NULL without --json */
    sigset_t watched;    /* blocked; taken with sigtimedwait */
    pid_t pid;
    double origin, t_end;
    double kill_at;      /* when survivors get SIGKILL; 0: not stopping */
    int status;          /* as waitpid gives it */
    struct rusage ru;    /* the program's, with the children it reaped */
    int error;           /* errno when it could not be traced */
    int signal;          /* SIGTERM or SIGHUP that reached corelab */
    bool interrupted, stopped, exited;
} TraceRun;

/* Samples until the program exits (reaped, status and ru filled). */
void trace_run_loop(TraceRun *t);
/* Says at once why the program cannot be traced (t->error); defined in
 * trace_cmd.c, the edge that reports. */
void trace_say_error(const TraceRun *t);

#endif
