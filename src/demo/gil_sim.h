/* demo/gil_sim: a simulated global interpreter lock that follows CPython's
 * "new GIL" rules (Python/ceval_gil.c, 3.2 onwards; REFERENCE.md "CPython's
 * GIL"), for the `gil` demo. It is NOT a plain mutex:
 *
 *  - the GIL is a `locked` flag guarded by a mutex and a condition variable;
 *  - a thread that wants it waits on the condition with a timeout of one
 *    switch interval; if the wait times out while the same holder still has
 *    it (switch_number unchanged), it sets the drop request (the
 *    "eval breaker");
 *  - the holder sees the request at its next check (gil_should_drop, the
 *    loop back-edge of the simulated bytecode), drops the GIL and asks for
 *    it again (gil_yield);
 *  - FORCE_SWITCHING: a thread that drops on request waits on a second
 *    condition until another thread has actually taken the GIL, so it cannot
 *    release and immediately retake it; which waiter wins is up to the OS;
 *  - Py_BEGIN/END_ALLOW_THREADS: blocking calls and "C" work run with the GIL
 *    dropped and take it back through the same waiting path.
 *
 * No busy waiting anywhere; timed waits use CLOCK_MONOTONIC.
 *
 * How the `gil` demo's variants map onto it (each simulated Python thread
 * owns one GilThread, initialised with gil_thread_init):
 *
 *   cpu     gil_take; gil_run_bytecode(units); gil_drop.
 *           (or by hand: take; loop { x = gil_work_unit(x);
 *            if (gil_should_drop(g)) { if (gil_stopped(g)) break;
 *            gil_yield(g, t); } } drop)
 *   nogil   gil_take; per chunk: gil_run_released(units) (drop, compute
 *           with the GIL released, retake), a little gil_run_bytecode
 *           between chunks as Python code would do; gil_drop.
 *           hashlib.sha256 on a large buffer is exactly this.
 *   io      gil_take; per op: gil_blocking_op(seconds) (drop, sleep,
 *           retake); gil_drop.
 *   convoy  one thread runs io ops of 0.2 ms (gil_blocking_op, whose return
 *           value is the op's latency: op_latency_ms) while --workers threads
 *           run `cpu`; alone_ms = the same ops with no CPU thread beside it.
 *           Expect op latency ~ one switch interval (5 ms at 5 ms, ~1.2-1.5
 *           ms at 1 ms).
 *   free    a GilSim from gil_new_free_threaded(): take/drop only record
 *           spans, nothing is ever locked (PEP 703 builds).
 *
 * Stopping (--seconds, SIGINT): gil_stop() makes every gil_run_* loop return
 * false at its next check (the same atomic load as the drop request) and
 * gil_blocking_op return at once; gil_take/gil_drop keep working so that
 * every thread can still drop the GIL and exit cleanly.
 *
 * Threading rules: one GilThread per OS thread, touched only by that thread
 * while it runs (read its stats after joining it). The span hook is called
 * by the thread itself, outside the GIL's mutexes, so a per-thread buffer
 * needs no lock on the hot path.
 */
#ifndef CORELAB_DEMO_GIL_SIM_H
#define CORELAB_DEMO_GIL_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "demo/stream.h"

typedef struct GilSim GilSim;

/* A simulated thread's states: the stream's span states (stream.h), by
 * what they mean here. Real threads' "ready" is not simulated. */
typedef enum {
    GIL_STATE_IDLE = STATE_IDLE,   /* not started, or finished, or between ops */
    GIL_STATE_RUN = STATE_RUN,     /* holding the GIL (running "bytecode") */
    GIL_STATE_WAIT = STATE_WAIT,   /* wanting the GIL: take_gil, or the
                                      forced-switch wait after a requested drop */
    GIL_STATE_NOGIL = STATE_NOGIL, /* computing with the GIL released */
    GIL_STATE_IO = STATE_IO,       /* blocked in a "system call" with it released */
    GIL_STATE_COUNT = STATE_READY  /* the states above, for per-state arrays */
} GilState;

typedef struct GilThread GilThread;

/* Called by the thread itself when it leaves `state`, which it had entered
 * at t0 (seconds, now_monotonic clock) and leaves at t1. Never called with
 * a GIL mutex held; must not call back into the GilSim. */
typedef void (*GilSpanHook)(void *ctx, GilThread *t, GilState state,
                            double t0, double t1);

typedef struct {
    double time_in[GIL_STATE_COUNT]; /* seconds spent in each state        */
    uint64_t takes;          /* times it acquired the GIL                  */
    uint64_t waited_takes;   /* ... of which had to wait for it            */
    uint64_t switches;       /* acquisitions that changed the holder
                                (CPython's switch_number increments)       */
    uint64_t forced_drops;   /* drops because of a drop request            */
    uint64_t requests_set;   /* drop requests this thread set on timeout   */
    uint64_t units;          /* work units done (bytecode + released)      */
    double max_wait_s;       /* longest single wait for the GIL            */
} GilStats;

/* Public so that callers can allocate it (arrays, stack); treat the fields
 * below `ctx` as private. */
struct GilThread {
    int id;              /* the caller's thread index (span "thread")    */
    GilSpanHook hook;    /* may be NULL                                   */
    void *ctx;           /* passed to hook                                */
    GilStats stats;
    /* private */
    GilState state;
    double state_t0;
};

/* A GIL with CPython's rules. switch_interval_s > 0 (CPython's default is
 * 0.005; values below 1 µs are treated as 1 µs, as CPython does).
 * force_switching: CPython builds always have it on. NULL on failure. */
GilSim *gil_new(double switch_interval_s, bool force_switching);
/* No GIL at all: take/drop only record spans (free-threaded CPython). */
GilSim *gil_new_free_threaded(void);
void gil_free(GilSim *g); /* after every thread has finished with it */

double gil_switch_interval(const GilSim *g);

/* Initialise a thread record: state idle since now, stats zero. */
void gil_thread_init(GilThread *t, int id, GilSpanHook hook, void *ctx);
/* Close the current span (e.g. idle at the end of a run) and enter
 * `state`; for callers marking idle/io periods outside the helpers. */
void gil_thread_mark(GilThread *t, GilState state);

/* take_gil: waits (state wait) until it holds the GIL (state run). */
void gil_take(GilSim *g, GilThread *t);
/* drop_gil: releases it; if the drop was requested, with FORCE_SWITCHING
 * waits (state wait) until another thread has taken it. Leaves the thread
 * in state `next` (GIL_STATE_IDLE, _NOGIL or _IO). */
void gil_drop(GilSim *g, GilThread *t, GilState next);
/* The eval-breaker check of a loop back-edge: one relaxed atomic load (a
 * plain function call: ~1 ns beside a ~100 ns work unit). True when a drop
 * was requested or the sim was stopped. */
bool gil_should_drop(const GilSim *g);
/* Drop on request and take again (what the eval loop does when it sees
 * the request). A no-op when nothing was requested. */
void gil_yield(GilSim *g, GilThread *t);

/* Ask every loop to end (any thread, or a signal-watching thread; not
 * async-signal-safe). gil_stopped tells whether it was called. */
void gil_stop(GilSim *g);
bool gil_stopped(const GilSim *g);

/* ---- workloads (what a simulated Python thread does) ---- */

/* One unit of "bytecode" work: ~100 ns of dependent integer math on this
 * kind of machine. Feed the result back in so it is not optimised away. */
uint64_t gil_work_unit(uint64_t x);

/* With the GIL held: `units` work units, checking the eval breaker after
 * each and yielding on request. Returns false if stopped early. *sink
 * accumulates the result (keeps the work alive). Each unit also steps
 * through the interpreter's shared objects (64 KiB, owned by the GilSim), so
 * that a switch costs the new holder cache misses as it does in CPython. */
bool gil_run_bytecode(GilSim *g, GilThread *t, uint64_t units, uint64_t *sink);
/* With the GIL held on entry and exit: drop it (state nogil), do `units`
 * work units, take it back. Py_BEGIN/END_ALLOW_THREADS around C work. */
bool gil_run_released(GilSim *g, GilThread *t, uint64_t units, uint64_t *sink);
/* With the GIL held on entry and exit: drop it (state io), block for
 * `seconds` (clock_nanosleep), take it back. Returns the op's latency in
 * seconds: from the drop to holding the GIL again. */
double gil_blocking_op(GilSim *g, GilThread *t, double seconds);

#endif
