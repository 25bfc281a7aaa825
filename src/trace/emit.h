/* trace/emit: `corelab trace --json`'s stream (demo/stream.h): per-core
 * sample records every EMIT_SAMPLE_S, span records as the sampler closes
 * them, and whatever record the command adds (result, error). Lines are
 * gathered and written whole every EMIT_FLUSH_S, so that a 2 ms sampler
 * does not make a system call per span. */
#ifndef CORELAB_TRACE_EMIT_H
#define CORELAB_TRACE_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "probe/probe.h"
#include "trace/sampler.h"
#include "util/json_out.h"

#define EMIT_SAMPLE_S 0.2 /* as the demos' SESSION_TICK */
#define EMIT_FLUSH_S 0.1

typedef struct {
    FILE *out;
    StrBuf pending;   /* whole lines not yet written */
    JsonOut j;
    Probe *probe;
    double *pct;
    double origin, t_sample, t_flush;
    bool broken;      /* the reader went away: nothing more is written */
} Emitter;

/* Starts the per-core sampler; origin as the trace's (now_monotonic). */
void emitter_init(Emitter *e, FILE *out, double origin);
void emitter_free(Emitter *e);

/* A TraceSpanFn: ctx is the Emitter. */
void emitter_span(void *ctx, const TraceRow *r, int state, double t0, double t1, int cpu);
/* Writes a sample record when one is due and flushes when due. */
void emitter_poll(Emitter *e, double now);
/* Appends j's record (reset after) and writes everything at once. */
void emitter_record(Emitter *e, JsonOut *j);
/* An error record, written at once. */
void emitter_error(Emitter *e, const char *message);

#endif
