/* trace/report: what `corelab trace` says at the end: the result record
 * (--json) or a table per thread and a verdict in plain words. */
#ifndef CORELAB_TRACE_REPORT_H
#define CORELAB_TRACE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "trace/sampler.h"
#include "util/json_out.h"

typedef struct {
    char *const *argv;     /* the command */
    const Sampler *sampler;
    double wall_s;         /* from the start to its exit */
    double cpu_s;          /* the program's CPU time, all processes */
    double sampler_cpu_s;  /* corelab's own */
    double interval_s;
    double seconds;        /* --seconds, 0 when none */
    int cpus;              /* CPUs the program may use */
    int exit_status;       /* as a shell's $?: 128+N for signal N */
    bool stopped;          /* corelab ended it at --seconds */
    bool interrupted;      /* SIGINT, SIGTERM or SIGHUP reached corelab */
} TraceOutcome;

/* The share of the traced time in which two or more threads each ran more
 * than half of a cell; cores busy = CPU time over wall time. */
double report_overlap(const TraceOutcome *o);
double report_cores_busy(const TraceOutcome *o);

/* The result record into j. */
void report_json(const TraceOutcome *o, JsonOut *j);
/* The table and the verdict. */
void report_text(const TraceOutcome *o, FILE *f);
/* The verdict alone: one sentence into buf. */
void report_verdict(const TraceOutcome *o, char *buf, size_t len);

#endif
