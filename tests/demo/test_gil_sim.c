/* Unit tests for src/demo/gil_sim: structural facts of CPython's new GIL
 * (mutual exclusion, the waiter's one-interval timed wait before a drop
 * request, forced switching, the convoy effect on blocking operations,
 * stopping), never bare wall-time ratios, so that they hold on a loaded
 * 2-core machine and under ThreadSanitizer. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/gil_sim.h"
#include "util/util.h"


#include "../lib/check.h"

/* A generous cap on every wait in these tests, so a bug fails instead of
 * hanging the suite. */
#define GIVE_UP_S 10.0

/* Polling a condition another thread will make true. */
static void pause_briefly(void)
{
    struct timespec ts = {0, 100000};
    nanosleep(&ts, NULL);
}

static void spawn(pthread_t *th, void *(*fn)(void *), void *arg)
{
    if (pthread_create(th, NULL, fn, arg) != 0) {
        perror("pthread_create");
        exit(1);
    }
}

/* ---- span recording (per-thread buffer, no lock) ---- */

#define MAX_SPANS 4096
typedef struct {
    int n;
    bool bad_order; /* a span that does not start where the last ended */
    bool repeated;  /* two spans of the same state in a row */
    GilState last;
    double last_t1;
    double total;
} Spans;

static void record_span(void *ctx, GilThread *t, GilState s, double t0, double t1)
{
    (void)t;
    Spans *sp = ctx;
    if (sp->n > 0) {
        if (fabs(t0 - sp->last_t1) > 1e-9)
            sp->bad_order = true;
        if (s == sp->last)
            sp->repeated = true;
    }
    if (t1 < t0)
        sp->bad_order = true;
    sp->last = s;
    sp->last_t1 = t1;
    sp->total += t1 - t0;
    sp->n++;
}

/* ---- 1. two CPU-bound threads: exclusion, progress, forced drops ---- */

typedef struct {
    GilSim *g;
    GilThread t;
    Spans spans;
    atomic_int *holders;
    atomic_int *max_holders;
    atomic_int *turns;    /* turns[i]: times thread i got the GIL */
    int me;
    double t0;
} CpuArg;

/* Run at least 0.3 s and until both threads had 4 turns (a loaded machine
 * may need longer), at most GIVE_UP_S. */
static bool cpu_done(const CpuArg *a)
{
    double now = now_monotonic();
    if (now >= a->t0 + GIVE_UP_S)
        return true;
    return now >= a->t0 + 0.3 && atomic_load(&a->turns[0]) >= 4 &&
           atomic_load(&a->turns[1]) >= 4;
}

static void enter(CpuArg *a)
{
    atomic_fetch_add(&a->turns[a->me], 1);
    int h = atomic_fetch_add(a->holders, 1) + 1;
    int m = atomic_load(a->max_holders);
    while (h > m && !atomic_compare_exchange_weak(a->max_holders, &m, h)) {
    }
}

static void leave(CpuArg *a)
{
    atomic_fetch_sub(a->holders, 1);
}

/* The "bytecode" loop written out by hand, as gil_sim.h describes it. */
static void *cpu_thread(void *p)
{
    CpuArg *a = p;
    uint64_t x = 1;
    gil_take(a->g, &a->t);
    enter(a);
    for (unsigned i = 0;; i++) {
        x = gil_work_unit(x);
        if ((i & 255) == 0 && cpu_done(a))
            break;
        if (gil_should_drop(a->g)) {
            leave(a);
            gil_yield(a->g, &a->t);
            enter(a);
        }
    }
    leave(a);
    gil_drop(a->g, &a->t, GIL_STATE_IDLE);
    gil_thread_mark(&a->t, GIL_STATE_RUN); /* flush the idle span */
    return (void *)(uintptr_t)(x & 1);
}

static void test_two_cpu_threads(void)
{
    GilSim *g = gil_new(0.005, true);
    CHECK(g != NULL);
    atomic_int holders = 0, max_holders = 0, turns[2] = {0, 0};
    CpuArg a[2];
    pthread_t th[2];
    double t0 = now_monotonic();
    for (int i = 0; i < 2; i++) {
        a[i] = (CpuArg){.g = g, .holders = &holders, .max_holders = &max_holders,
                        .turns = turns, .me = i, .t0 = t0};
        gil_thread_init(&a[i].t, i, record_span, &a[i].spans);
        spawn(&th[i], cpu_thread, &a[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);

    CHECK(atomic_load(&max_holders) == 1);
    uint64_t forced = 0, requests = 0;
    for (int i = 0; i < 2; i++) {
        const GilStats *s = &a[i].t.stats;
        /* 300 ms at a 5 ms interval: ~30 turns each when idle. */
        CHECK(s->takes >= 4);
        CHECK(s->switches >= 4);
        CHECK(s->time_in[GIL_STATE_RUN] > 0.01);
        CHECK(s->time_in[GIL_STATE_WAIT] > 0.01);
        CHECK(s->max_wait_s >= 0.0049); /* a waiter waits a whole interval */
        forced += s->forced_drops;
        requests += s->requests_set;
        CHECK(!a[i].spans.bad_order);
        CHECK(!a[i].spans.repeated);
        double in_states = 0;
        for (int k = 0; k < GIL_STATE_COUNT; k++)
            in_states += s->time_in[k];
        CHECK(fabs(in_states - a[i].spans.total) < 1e-6);
    }
    CHECK(forced >= 4);
    CHECK(requests >= 4);
    /* Every forced drop answers a request; a request may be served by a
     * voluntary drop instead, never the other way round. */
    CHECK(forced <= requests);
    gil_free(g);
}

/* ---- 2. the waiter waits one interval before asking ---- */

typedef struct {
    GilSim *g;
    GilThread t;
    atomic_int *phase;   /* 1: holder has the GIL; 2: waiter is about to take */
    double t_request;    /* holder: when it first saw the request */
    double t_call;       /* waiter: when it called gil_take */
} WaitArg;

static void *holder_thread(void *p)
{
    WaitArg *a = p;
    uint64_t x = 1;
    gil_take(a->g, &a->t);
    atomic_store(a->phase, 1);
    double give_up = now_monotonic() + GIVE_UP_S;
    while (!gil_should_drop(a->g) && now_monotonic() < give_up)
        x = gil_work_unit(x);
    a->t_request = now_monotonic();
    gil_yield(a->g, &a->t); /* forced: returns once the waiter had its turn */
    gil_drop(a->g, &a->t, GIL_STATE_IDLE);
    return (void *)(uintptr_t)(x & 1);
}

static void *waiter_thread(void *p)
{
    WaitArg *a = p;
    while (atomic_load(a->phase) != 1)
        pause_briefly();
    a->t_call = now_monotonic();
    gil_take(a->g, &a->t);
    gil_drop(a->g, &a->t, GIL_STATE_IDLE);
    return NULL;
}

static void test_waiter_waits_one_interval(void)
{
    const double interval = 0.005;
    GilSim *g = gil_new(interval, true);
    atomic_int phase = 0;
    WaitArg h = {.g = g, .phase = &phase}, w = {.g = g, .phase = &phase};
    gil_thread_init(&h.t, 0, NULL, NULL);
    gil_thread_init(&w.t, 1, NULL, NULL);
    pthread_t th[2];
    spawn(&th[0], holder_thread, &h);
    spawn(&th[1], waiter_thread, &w);
    pthread_join(th[0], NULL);
    pthread_join(th[1], NULL);

    /* The request cannot come before the waiter's timed wait ran out. */
    CHECK(h.t_request - w.t_call >= interval * 0.98);
    CHECK(h.t_request - w.t_call < GIVE_UP_S);
    CHECK(w.t.stats.requests_set >= 1);
    CHECK(w.t.stats.takes == 1 && w.t.stats.waited_takes == 1);
    CHECK(w.t.stats.max_wait_s >= interval * 0.98);
    CHECK(h.t.stats.forced_drops == 1);
    /* Forced switching: after its requested drop the holder got the GIL
     * back only after the waiter had taken it: two holder changes. */
    CHECK(h.t.stats.takes == 2);
    CHECK(h.t.stats.switches == 2);
    CHECK(h.t.stats.time_in[GIL_STATE_WAIT] > 0);
    gil_free(g);
}

/* ---- 3. alone, nobody asks ---- */

static void test_alone_no_requests(void)
{
    GilSim *g = gil_new(0.001, true);
    GilThread t;
    gil_thread_init(&t, 0, NULL, NULL);
    uint64_t sink = 0;
    gil_take(g, &t);
    double t0 = now_monotonic();
    while (now_monotonic() - t0 < 0.02)
        CHECK(gil_run_bytecode(g, &t, 1000, &sink));
    gil_drop(g, &t, GIL_STATE_IDLE);
    CHECK(t.stats.takes == 1 && t.stats.waited_takes == 0);
    CHECK(t.stats.forced_drops == 0 && t.stats.requests_set == 0);
    CHECK(t.stats.units >= 1000);
    CHECK(!gil_should_drop(g));
    gil_free(g);
}

/* ---- 4. the convoy: blocking ops beside a spinning thread ---- */

typedef struct {
    GilSim *g;
    GilThread t;
    atomic_bool *done;
    uint64_t sink;
} SpinArg;

static void *spin_thread(void *p)
{
    SpinArg *a = p;
    gil_take(a->g, &a->t);
    double give_up = now_monotonic() + GIVE_UP_S;
    while (!atomic_load(a->done) && now_monotonic() < give_up)
        gil_run_bytecode(a->g, &a->t, 200, &a->sink);
    gil_drop(a->g, &a->t, GIL_STATE_IDLE);
    return NULL;
}

/* The spinner's turns: its span hook counts every time it leaves wait or
 * idle, i.e. takes the GIL. */
static void count_turns(void *ctx, GilThread *t, GilState s, double t0, double t1)
{
    (void)t, (void)t0, (void)t1;
    if (s == GIL_STATE_WAIT || s == GIL_STATE_IDLE)
        atomic_fetch_add((atomic_int *)ctx, 1);
}

/* Blocking ops of 0.2 ms by the main thread, alone or beside a spinning
 * thread. Beside one, each op first lets the spinner take the GIL (as it
 * does at once on an idle machine; polled here so that a loaded machine
 * cannot skip it), so the op comes back to a held GIL. Returns the mean
 * wait for the GIL after the sleep; *op gets the mean op latency. */
static double io_wait(double interval, bool with_spinner, int ops, double *op)
{
    GilSim *g = gil_new(interval, true);
    atomic_bool done = false;
    atomic_int turns = 0;
    SpinArg s = {.g = g, .done = &done};
    gil_thread_init(&s.t, 1, count_turns, &turns);
    pthread_t th;
    GilThread io;
    gil_thread_init(&io, 0, NULL, NULL);
    gil_take(g, &io);
    if (with_spinner)
        spawn(&th, spin_thread, &s);
    double wait = 0, lat = 0;
    for (int i = 0; i < ops; i++) {
        int seen = atomic_load(&turns);
        double t0 = now_monotonic();
        gil_drop(g, &io, GIL_STATE_IO);
        double give_up = t0 + GIVE_UP_S;
        while (with_spinner && atomic_load(&turns) == seen && now_monotonic() < give_up)
            pause_briefly();
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
        double t1 = now_monotonic();
        gil_take(g, &io);
        double t2 = now_monotonic();
        wait += t2 - t1;
        lat += t2 - t0;
    }
    atomic_store(&done, true);
    gil_drop(g, &io, GIL_STATE_IDLE);
    if (with_spinner)
        pthread_join(th, NULL);
    CHECK(io.stats.time_in[GIL_STATE_IO] >= ops * 0.0002 * 0.98);
    CHECK(!with_spinner || io.stats.requests_set >= (uint64_t)ops);
    gil_free(g);
    *op = lat / ops;
    return wait / ops;
}

static void test_convoy(void)
{
    double alone, at5, at1;
    double w_alone = io_wait(0.005, false, 20, &alone);
    double w5 = io_wait(0.005, true, 12, &at5);
    double w1 = io_wait(0.001, true, 20, &at1);
    printf("convoy: op latency alone %.3f ms, at 5 ms %.3f ms, at 1 ms %.3f ms\n",
           alone * 1e3, at5 * 1e3, at1 * 1e3);
    CHECK(w_alone >= 0 && alone >= 0.0002);
    /* Coming back to a held GIL, each op waits a whole interval before its
     * drop request; the holder drops only then. */
    CHECK(w5 >= 0.005 * 0.98);
    CHECK(w1 >= 0.001 * 0.98);
    /* The blocking op itself still happens with the GIL released. */
    double lat_alone_bound = 0.0002 * 0.98;
    CHECK(at5 >= lat_alone_bound + 0.005 * 0.98);
    CHECK(at1 >= lat_alone_bound + 0.001 * 0.98);
}

/* A blocking op through gil_blocking_op returns its latency. */
static void test_blocking_op(void)
{
    GilSim *g = gil_new(0.005, true);
    GilThread t;
    gil_thread_init(&t, 0, NULL, NULL);
    gil_take(g, &t);
    double lat = gil_blocking_op(g, &t, 0.001);
    gil_drop(g, &t, GIL_STATE_IDLE);
    CHECK(lat >= 0.001 * 0.98 && lat < GIVE_UP_S);
    CHECK(t.stats.time_in[GIL_STATE_IO] >= 0.001 * 0.98);
    CHECK(t.stats.takes == 2 && t.stats.forced_drops == 0);
    gil_free(g);
}

/* ---- 5. free-threaded: nobody ever waits ---- */

static void test_free_threaded(void)
{
    GilSim *g = gil_new_free_threaded();
    CHECK(g != NULL);
    atomic_bool done = false;
    SpinArg s[2] = {{.g = g, .done = &done}, {.g = g, .done = &done}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        gil_thread_init(&s[i].t, i, NULL, NULL);
        spawn(&th[i], spin_thread, &s[i]);
    }
    /* Let both run side by side for a while. */
    double until = now_monotonic() + 0.05;
    while (now_monotonic() < until)
        pause_briefly();
    atomic_store(&done, true);
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        CHECK(s[i].t.stats.waited_takes == 0);
        CHECK(s[i].t.stats.time_in[GIL_STATE_WAIT] == 0);
        CHECK(s[i].t.stats.forced_drops == 0);
        CHECK(s[i].t.stats.units > 0);
    }
    gil_free(g);
}

/* ---- 6. stopping ends loops, also a waiter's ---- */

typedef struct {
    GilSim *g;
    GilThread t;
    atomic_int *started;
    bool finished_early;
} StopArg;

static void *long_thread(void *p)
{
    StopArg *a = p;
    uint64_t sink = 0;
    gil_take(a->g, &a->t);
    atomic_fetch_add(a->started, 1);
    /* ~10^12 units: only gil_stop can end this in time. */
    a->finished_early = !gil_run_bytecode(a->g, &a->t, 1000000000000ULL, &sink);
    gil_drop(a->g, &a->t, GIL_STATE_IDLE);
    return NULL;
}

static void test_stop(void)
{
    GilSim *g = gil_new(0.001, true);
    atomic_int started = 0;
    StopArg a[2] = {{.g = g, .started = &started}, {.g = g, .started = &started}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        gil_thread_init(&a[i].t, i, NULL, NULL);
        spawn(&th[i], long_thread, &a[i]);
    }
    double give_up = now_monotonic() + GIVE_UP_S;
    while (atomic_load(&started) < 2 && now_monotonic() < give_up)
        pause_briefly();
    CHECK(!gil_stopped(g));
    gil_stop(g);
    CHECK(gil_stopped(g));
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        CHECK(a[i].finished_early);
    }
    /* After a stop, a blocking op does not block. */
    GilThread t;
    gil_thread_init(&t, 0, NULL, NULL);
    gil_take(g, &t);
    CHECK(gil_blocking_op(g, &t, 5.0) < 1.0);
    gil_drop(g, &t, GIL_STATE_IDLE);
    gil_free(g);
}

/* ---- 7. bad arguments and names ---- */

static void test_args(void)
{
    CHECK(gil_new(0, true) == NULL);
    CHECK(gil_new(-0.005, true) == NULL);
    CHECK(gil_new(NAN, true) == NULL);
    CHECK(gil_new(1e9, true) == NULL);
    GilSim *g = gil_new(1e-9, false); /* below 1 µs: 1 µs, as in CPython */
    CHECK(g != NULL && gil_switch_interval(g) == 1e-6);
    gil_free(g);
    CHECK(strcmp(stream_state_name(GIL_STATE_RUN), "run") == 0);
    CHECK(strcmp(stream_state_name(GIL_STATE_WAIT), "wait") == 0);
    CHECK(strcmp(stream_state_name(GIL_STATE_NOGIL), "nogil") == 0);
    CHECK(strcmp(stream_state_name(GIL_STATE_IO), "io") == 0);
    CHECK(strcmp(stream_state_name(GIL_STATE_IDLE), "idle") == 0);
}

int main(void)
{
    test_args();
    test_alone_no_requests();
    test_waiter_waits_one_interval();
    test_two_cpu_threads();
    test_convoy();
    test_blocking_op();
    test_free_threaded();
    test_stop();
    return check_exit();
}
