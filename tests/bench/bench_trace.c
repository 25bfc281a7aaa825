/* Benchmark: what the timeline costs the demos (DESIGN.md: "a measured
 * overhead"). Each workload runs with tracing off (NULL slots) and on, in
 * alternation, and the best of several rounds is compared; a thread drains
 * the rings meanwhile, as the session's writer does. The process's CPU time
 * is compared (the extra work tracing does), which a busy machine disturbs
 * far less than wall time. Prints ratios; never fails on timings. Goal:
 * <= 3 %. */
#include "demo/gil_sim.h"
#include "demo/spin.h"
#include "demo/trace.h"
#include "util/util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS 5

/* CPU seconds of the whole process: the workers and the drainer. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    Trace *trace;
    _Atomic bool quit;
    long spans;
} Drainer;

static void count_span(void *ctx, int slot, const TraceSpan *s)
{
    (void)slot;
    (void)s;
    ((Drainer *)ctx)->spans++;
}

static void *drain_main(void *p)
{
    Drainer *d = p;
    while (!atomic_load(&d->quit)) {
        trace_drain(d->trace, count_span, d);
        struct timespec ts = {0, 200000000};
        nanosleep(&ts, NULL);
    }
    trace_drain(d->trace, count_span, d);
    return NULL;
}

/* pi-like: chunks of pure computation, trace_poll between chunks. */
static double chunks(TraceSlot *slot)
{
    double t0 = cpu_now();
    uint64_t x = 1;
    trace_state(slot, STATE_RUN);
    for (int c = 0; c < 1000; c++) {
        x = spin_steps(x, 65536);
        trace_poll(slot);
    }
    trace_finish(slot);
    volatile uint64_t sink = x;
    (void)sink;
    return cpu_now() - t0;
}

/* Busy state changes: run 20 µs, wait 20 µs, ... (the densest timeline a
 * demo makes: coalescing folds these). */
static double dense(TraceSlot *slot)
{
    double t0 = cpu_now();
    uint64_t x = 1;
    for (int c = 0; c < 5000; c++) {
        trace_state(slot, c % 2 ? STATE_WAIT : STATE_RUN);
        x = spin_steps(x, 20000);
    }
    trace_finish(slot);
    volatile uint64_t sink = x;
    (void)sink;
    return cpu_now() - t0;
}

static void hook(void *ctx, GilThread *t, GilState state, double t0, double t1)
{
    (void)t;
    trace_span(ctx, (int)state, t0, t1);
}

typedef struct {
    GilSim *g;
    TraceSlot *slot;
    int id;
} GilArg;

static void *gil_thread(void *p)
{
    GilArg *a = p;
    GilThread t;
    uint64_t sink = 1;
    gil_thread_init(&t, a->id, a->slot ? hook : NULL, a->slot);
    gil_take(a->g, &t);
    gil_run_bytecode(a->g, &t, 500000, &sink);
    gil_drop(a->g, &t, GIL_STATE_IDLE);
    return NULL;
}

/* The gil demo's cpu variant: 2 threads switching every 5 ms. */
static double gil_cpu(Trace *trace)
{
    GilSim *g = gil_new(0.005, true);
    pthread_t th[2];
    GilArg a[2];
    double t0 = cpu_now();
    for (int i = 0; i < 2; i++) {
        a[i] = (GilArg){g, trace_slot(trace, i), i};
        pthread_create(&th[i], NULL, gil_thread, &a[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    double dt = cpu_now() - t0;
    gil_free(g);
    return dt;
}

static void report(const char *name, double off, double on)
{
    printf("%-34s CPU untraced %8.4f s  traced %8.4f s  overhead %+6.2f %%  (goal <= 3 %%)\n", name, off, on,
           100.0 * (on - off) / off);
}

int main(void)
{
    Trace *trace = trace_new(4, now_monotonic());
    Drainer d = {.trace = trace};
    pthread_t dt;
    pthread_create(&dt, NULL, drain_main, &d);
    double best[3][2];
    for (int k = 0; k < 3; k++)
        best[k][0] = best[k][1] = 1e9;
    for (int r = 0; r < ROUNDS; r++) {
        for (int on = 0; on < 2; on++) {
            trace_reset(trace);
            TraceSlot *s = on ? trace_slot(trace, 0) : NULL;
            double t;
            if ((t = chunks(s)) < best[0][on])
                best[0][on] = t;
            trace_reset(trace);
            if ((t = dense(on ? trace_slot(trace, 0) : NULL)) < best[1][on])
                best[1][on] = t;
            trace_reset(trace);
            if ((t = gil_cpu(on ? trace : NULL)) < best[2][on])
                best[2][on] = t;
        }
    }
    atomic_store(&d.quit, true);
    pthread_join(dt, NULL);
    printf("tracing overhead, best of %d rounds each:\n", ROUNDS);
    report("pi-like chunks (trace_poll)", best[0][0], best[0][1]);
    report("dense states (a span per 20 us)", best[1][0], best[1][1]);
    report("gil cpu, 2 threads (span hook)", best[2][0], best[2][1]);
    printf("spans streamed: %ld, dropped: %llu\n", d.spans, (unsigned long long)trace_dropped(trace));
    trace_free(trace);
    return 0;
}
