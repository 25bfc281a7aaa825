/* Unit tests for demo/trace: coalescing, cutting long spans, bounded rings
 * that drop and count, draining from another thread and another process. */
#include "demo/trace.h"
#include "util/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>


#include "../lib/check.h"

typedef struct {
    int n;
    TraceSpan last[8];
    int slots[8];
} Collected;

static void collect(void *ctx, int slot, const TraceSpan *s)
{
    Collected *c = ctx;
    if (c->n < 8) {
        c->last[c->n] = *s;
        c->slots[c->n] = slot;
    }
    c->n++;
}

static void test_coalesce(void)
{
    Trace *t = trace_new(2, 100.0);
    TraceSlot *s = trace_slot(t, 1);
    CHECK(trace_slot(t, 2) == NULL && trace_slot(NULL, 0) == NULL);
    /* run 10 ms, a 50 µs wait (too short to see), run 10 ms, wait 10 ms. */
    trace_span(s, STATE_RUN, 100.000, 100.010);
    trace_span(s, STATE_WAIT, 100.010, 100.01005);
    trace_span(s, STATE_RUN, 100.01005, 100.020);
    trace_span(s, STATE_WAIT, 100.020, 100.030);
    Collected c = {0};
    CHECK(trace_drain(t, collect, &c) == 1); /* the wait is still pending */
    CHECK(c.n == 1 && c.slots[0] == 1 && c.last[0].state == STATE_RUN);
    CHECK(c.last[0].t < 1e-9 && c.last[0].dur > 0.0199f && c.last[0].dur < 0.0201f);
    trace_finish(s);
    c.n = 0;
    CHECK(trace_drain(t, collect, &c) == 1 && c.last[0].state == STATE_WAIT);
    CHECK(trace_drain(t, collect, &c) == 0);
    /* A span past TRACE_SPLIT is published at once. */
    trace_span(s, STATE_IO, 101.0, 101.0 + TRACE_SPLIT * 2);
    c.n = 0;
    CHECK(trace_drain(t, collect, &c) == 1 && c.last[0].state == STATE_IO);
    /* NULL slots (tracing off) are no-ops. */
    trace_state(NULL, STATE_RUN);
    trace_span(NULL, STATE_RUN, 0, 1);
    trace_poll(NULL);
    trace_finish(NULL);
    trace_free(t);
}

static void test_full_ring(void)
{
    Trace *t = trace_new(1, 0.0);
    TraceSlot *s = trace_slot(t, 0);
    /* Alternate states, each long enough to be its own span. */
    for (int i = 0; i < TRACE_RING + 100; i++)
        trace_span(s, i % 2 ? STATE_RUN : STATE_WAIT, i * 0.001, i * 0.001 + 0.001);
    trace_finish(s);
    Collected c = {0};
    int n = trace_drain(t, collect, &c);
    CHECK(n == TRACE_RING);
    CHECK(trace_dropped(t) == 100);
    trace_reset(t);
    CHECK(trace_dropped(t) == 0);
    CHECK(trace_drain(t, collect, &c) == 0);
    trace_free(t);
}

typedef struct {
    TraceSlot *slot;
    int n;
} Producer;

static void *produce(void *p)
{
    Producer *pr = p;
    for (int i = 0; i < pr->n; i++)
        trace_span(pr->slot, i % 2 ? STATE_RUN : STATE_IO, i * 0.001, i * 0.001 + 0.001);
    trace_finish(pr->slot);
    return NULL;
}

/* A consumer draining while producers write: every span arrives once
 * (the producers write fewer than a ring's worth between drains, or drop
 * and count the rest). */
static void test_concurrent(void)
{
    enum { P = 3, N = 20000 };
    Trace *t = trace_new(P, 0.0);
    pthread_t th[P];
    Producer pr[P];
    for (int i = 0; i < P; i++) {
        pr[i] = (Producer){trace_slot(t, i), N};
        pthread_create(&th[i], NULL, produce, &pr[i]);
    }
    Collected c = {0};
    long got = 0;
    for (int k = 0; k < 200000 && got + (long)trace_dropped(t) < (long)P * N; k++)
        got += trace_drain(t, collect, &c);
    for (int i = 0; i < P; i++)
        pthread_join(th[i], NULL);
    got += trace_drain(t, collect, &c);
    CHECK(got + (long)trace_dropped(t) == (long)P * N);
    trace_free(t);
}

/* A forked child writes into its slot; the parent reads it. */
static void test_fork(void)
{
    Trace *t = trace_new(1, 0.0);
    pid_t pid = fork();
    if (pid == 0) {
        TraceSlot *s = trace_slot(t, 0);
        trace_state(s, STATE_RUN);
        trace_state(s, STATE_IO);
        trace_finish(s);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    Collected c = {0};
    CHECK(trace_drain(t, collect, &c) >= 1);
    trace_free(t);
}

int main(void)
{
    test_coalesce();
    test_full_ring();
    test_concurrent();
    test_fork();
    return check_exit();
}
