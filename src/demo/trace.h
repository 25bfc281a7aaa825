/* demo/trace: the timeline. Each worker (thread or forked process) owns one
 * slot: a single-producer ring of spans in shared memory, so that forked
 * children can write into it too. The hot path takes no lock: the worker
 * writes the span and publishes it with one release store; a consumer (the
 * session's ticker, a few times a second, and the main thread at the end of
 * a run) drains the rings under a drain lock that only consumers take.
 *
 * Memory is bounded: a full ring drops the span and counts it. Spans shorter
 * than TRACE_MIN_SPAN are folded into the span before them (a terminal
 * column is tens of milliseconds wide), and long spans are cut every
 * TRACE_SPLIT seconds so the stream stays live. */
#ifndef CORELAB_DEMO_TRACE_H
#define CORELAB_DEMO_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "demo/stream.h" /* the states a span is in: StreamState */

#define TRACE_RING 2048           /* spans per slot */
#define TRACE_MIN_SPAN 0.0002     /* seconds */
#define TRACE_SPLIT 0.1           /* seconds */

typedef struct {
    double t;      /* seconds since the trace's origin */
    float dur;     /* seconds */
    int16_t cpu;   /* from sched_getcpu, -1 when unknown */
    uint8_t state; /* a StreamState */
    uint8_t pad;
} TraceSpan;

typedef struct TraceSlot TraceSlot;
typedef struct Trace Trace;

/* nslots slots in one shared anonymous mapping; origin is the time (on the
 * now_monotonic clock) that span "t" counts from. NULL on failure. */
Trace *trace_new(int nslots, double origin);
void trace_free(Trace *t);
int trace_nslots(const Trace *t);
/* Slot i, or NULL when t is NULL (tracing off: every call below is then a
 * no-op) or i is out of range. */
TraceSlot *trace_slot(Trace *t, int i);
/* Empties every slot for the next run; only when no worker is running and
 * after the last drain. */
void trace_reset(Trace *t);

/* ---- producer side: only the slot's own worker ---- */

/* Enters `state` now (closing the current span, if any). */
void trace_state(TraceSlot *s, int state);
/* A finished span with explicit times (now_monotonic clock), e.g. from the
 * simulated GIL's hook. Coalesced like the rest. */
void trace_span(TraceSlot *s, int state, double t0, double t1);
/* Called now and then in long loops (every millisecond or so): cuts the
 * current span when it is older than TRACE_SPLIT. */
void trace_poll(TraceSlot *s);
/* Closes the current span and publishes what is pending; the slot is idle
 * afterwards. */
void trace_finish(TraceSlot *s);

/* ---- consumer side ---- */

/* Calls fn for every published span of every slot, oldest first per slot;
 * returns the number of spans. Consumers serialise on an internal lock. */
typedef void (*TraceSpanFn)(void *ctx, int slot, const TraceSpan *span);
int trace_drain(Trace *t, TraceSpanFn fn, void *ctx);
/* Spans dropped because a ring was full, since the last reset. */
uint64_t trace_dropped(const Trace *t);

#endif
