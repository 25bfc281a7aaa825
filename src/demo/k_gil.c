/* demo/k_gil: the gil demo's variants on top of the simulated GIL
 * (gil_sim.h): what a CPython program's threads do, and the time it takes.
 *
 *   cpu     every thread runs "bytecode" holding the GIL: one at a time
 *   nogil   every thread does C work with the GIL released (hashlib on a big
 *           buffer), with a little bytecode between chunks
 *   io      every thread does blocking operations, which release the GIL
 *   convoy  thread 0 does short blocking operations while --workers threads
 *           run bytecode beside it; each operation then waits for the GIL
 *   free    the cpu workload with no GIL at all (free-threaded CPython)
 *
 * A unit of work is one gil_work_unit (~100 ns) for cpu, nogil and free, one
 * blocking operation for io and convoy. */
#include "demo/gil_sim.h"
#include "demo/kernel.h"

#include <math.h>
#include <string.h>

#define RELEASED_CHUNK 10000 /* units of C work per release (~1 ms: a 1 MB hash) */
#define BETWEEN_CHUNKS 20    /* units of bytecode between two releases */
#define IO_OP_S 0.001        /* the io variant's blocking operation */
#define CONVOY_OP_S 0.0002   /* the convoy's short operation (0.2 ms) */
#define CONVOY_CHUNK 2000    /* units of bytecode between looks at io_done */
#define CONVOY_ALONE_OPS 50  /* operations timed with no CPU thread beside */

typedef enum { ROLE_CPU, ROLE_NOGIL, ROLE_IO, ROLE_CONVOY_IO, ROLE_CONVOY_CPU } ThreadRole;

typedef struct {
    DemoCtx *c;
    GilSim *g;
    DemoGate *gate;
    _Atomic bool *io_done;
    GilThread t;
    ThreadRole role;
    long n;            /* units or operations */
    long done;
    double op_s;       /* total latency of its operations */
    uint64_t sink;
} GilWorker;

/* Spans from the simulated GIL go straight into the thread's own slot. */
static void span_hook(void *ctx, GilThread *t, GilState state, double t0, double t1)
{
    (void)t;
    trace_span(ctx, (int)state, t0, t1);
}

static void run_cpu(GilWorker *w)
{
    gil_take(w->g, &w->t);
    gil_run_bytecode(w->g, &w->t, (uint64_t)w->n, &w->sink);
    gil_drop(w->g, &w->t, GIL_STATE_IDLE);
    w->done = (long)w->t.stats.units;
}

static void run_nogil(GilWorker *w)
{
    gil_take(w->g, &w->t);
    long done = 0;
    while (done < w->n) {
        long m = w->n - done < RELEASED_CHUNK ? w->n - done : RELEASED_CHUNK;
        if (!gil_run_released(w->g, &w->t, (uint64_t)m, &w->sink) ||
            !gil_run_bytecode(w->g, &w->t, BETWEEN_CHUNKS, &w->sink))
            break;
        done += m;
    }
    gil_drop(w->g, &w->t, GIL_STATE_IDLE);
    w->done = done;
}

static void run_io(GilWorker *w, double op_s)
{
    gil_take(w->g, &w->t);
    long done = 0;
    for (; done < w->n && !gil_stopped(w->g); done++) {
        w->op_s += gil_blocking_op(w->g, &w->t, op_s);
        gil_run_bytecode(w->g, &w->t, BETWEEN_CHUNKS, &w->sink); /* handle the reply */
    }
    gil_drop(w->g, &w->t, GIL_STATE_IDLE);
    w->done = done;
}

static void run_convoy_cpu(GilWorker *w)
{
    gil_take(w->g, &w->t);
    while (!atomic_load_explicit(w->io_done, memory_order_relaxed))
        if (!gil_run_bytecode(w->g, &w->t, CONVOY_CHUNK, &w->sink))
            break;
    gil_drop(w->g, &w->t, GIL_STATE_IDLE);
    w->done = (long)w->t.stats.units;
}

static void *gil_worker(void *p)
{
    GilWorker *w = p;
    if (!demo_gate_wait(w->gate))
        return NULL;
    TraceSlot *slot = demo_slot(w->c, w->t.id);
    gil_thread_init(&w->t, w->t.id, slot ? span_hook : NULL, slot);
    switch (w->role) {
    case ROLE_CPU: run_cpu(w); break;
    case ROLE_NOGIL: run_nogil(w); break;
    case ROLE_IO: run_io(w, IO_OP_S); break;
    case ROLE_CONVOY_IO:
        run_io(w, CONVOY_OP_S);
        atomic_store(w->io_done, true);
        break;
    case ROLE_CONVOY_CPU: run_convoy_cpu(w); break;
    }
    gil_thread_mark(&w->t, GIL_STATE_IDLE);
    trace_finish(slot);
    return NULL;
}

static void stop_gil(void *g)
{
    gil_stop(g);
}

/* The convoy's baseline: the same short operations with nobody beside. */
static double alone_latency(DemoCtx *c)
{
    GilSim *g = gil_new(c->opts->switch_interval_s, true);
    if (!g)
        return NAN;
    GilThread t;
    gil_thread_init(&t, 0, NULL, NULL);
    gil_take(g, &t);
    double sum = 0;
    int n = 0;
    for (; n < CONVOY_ALONE_OPS && !demo_should_stop(c); n++)
        sum += gil_blocking_op(g, &t, CONVOY_OP_S);
    gil_drop(g, &t, GIL_STATE_IDLE);
    gil_free(g);
    return n ? sum / n : NAN;
}

static void add_stats(DemoResult *res, const GilWorker *w, int n)
{
    uint64_t switches = 0, forced = 0;
    double wait = 0, max_wait = 0;
    for (int i = 0; i < n; i++) {
        switches += w[i].t.stats.switches;
        forced += w[i].t.stats.forced_drops;
        wait += w[i].t.stats.time_in[GIL_STATE_WAIT];
        max_wait = fmax(max_wait, w[i].t.stats.max_wait_s);
    }
    result_int(res, "switches", (int64_t)switches, true);
    result_int(res, "forced_drops", (int64_t)forced, false);
    result_num(res, "gil_wait_s", wait, true);
    result_num(res, "max_wait_ms", max_wait * 1e3, false);
}

static int gil_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    const char *v = c->variant;
    bool convoy = strcmp(v, "convoy") == 0;
    int W = c->workers, nthreads = convoy ? W + 1 : W;
    double alone = convoy ? alone_latency(c) : NAN;
    GilSim *g = strcmp(v, "free") == 0 ? gil_new_free_threaded() : gil_new(c->opts->switch_interval_s, true);
    if (!g) {
        snprintf(err, errlen, "cannot set up the simulated GIL");
        return -1;
    }
    DemoGate gate = DEMO_GATE_INIT;
    _Atomic bool io_done = false;
    GilWorker *w = xcalloc((size_t)nthreads, sizeof *w);
    for (int i = 0; i < nthreads; i++) {
        ThreadRole role = strcmp(v, "nogil") == 0 ? ROLE_NOGIL : strcmp(v, "io") == 0 ? ROLE_IO : ROLE_CPU;
        long n = demo_share(c->work, W, i);
        if (convoy) {
            role = i == 0 ? ROLE_CONVOY_IO : ROLE_CONVOY_CPU;
            n = i == 0 ? c->work : 0;
        }
        w[i] = (GilWorker){.c = c, .g = g, .gate = &gate, .io_done = &io_done, .role = role, .n = n};
        w[i].t.id = i;
    }
    demo_set_stop_hook(c, stop_gil, g);
    double t0 = now_monotonic();
    int rc = demo_run_threads(nthreads, gil_worker, w, sizeof *w, NULL, &gate, NULL);
    res->wall_s = now_monotonic() - t0;
    demo_set_stop_hook(c, NULL, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start %d threads: %s", nthreads, strerror(rc));
    } else {
        long done = 0;
        for (int i = 0; i < nthreads; i++)
            done += (convoy && i > 0) ? 0 : w[i].done;
        res->done = (double)done;
        result_num(res, "interval_ms", gil_switch_interval(g) * 1e3, false);
        if (convoy) {
            if (w[0].done > 0) /* the I/O thread's wall time is the run's */
                res->wall_s = w[0].t.stats.time_in[GIL_STATE_IO] + w[0].t.stats.time_in[GIL_STATE_WAIT] +
                              w[0].t.stats.time_in[GIL_STATE_RUN];
            result_num(res, "op_latency_ms", w[0].done ? w[0].op_s / (double)w[0].done * 1e3 : NAN, true);
            result_num(res, "alone_ms", alone * 1e3, true);
            result_int(res, "ops", w[0].done, false);
        }
        add_stats(res, w, nthreads);
    }
    free(w);
    gil_free(g);
    return rc ? -1 : 0;
}

static void gil_conclude(const DemoCtx *c, const DemoSweep *sw, StrBuf *out)
{
    const char *v = c->variant;
    const DemoRow *w = sw->widest;
    if (strcmp(v, "convoy") == 0) {
        double lat = result_getnum(&w->res, "op_latency_ms", NAN), iv = c->opts->switch_interval_s * 1e3;
        strbuf_addf(out, "each %.1f ms I/O operation took %.2f ms beside %d CPU-bound thread%s (%.2f ms alone): "
                    "after its I/O the thread waits for the GIL, %s (%g ms).",
                    CONVOY_OP_S * 1e3, lat, w->workers, w->workers == 1 ? "" : "s",
                    result_getnum(&w->res, "alone_ms", NAN),
                    lat > 1.5 * iv ? "often behind several CPU-bound threads' switch intervals"
                                   : "about one switch interval", iv);
        return;
    }
    if (!demo_took(sw, "threads", out)) {
        strbuf_adds(out, "run it with 1 and 2 threads to compare.");
        return;
    }
    if (strcmp(v, "cpu") == 0)
        strbuf_adds(out, w->speedup < 1.3 ? ": the GIL let only one run at a time."
                                          : ": faster than the GIL should allow?");
    else if (strcmp(v, "nogil") == 0)
        strbuf_adds(out, w->speedup > 1.3 ? ": with the GIL released the work ran on several CPUs at once."
                                          : ": the GIL was released, but there were not enough free CPUs.");
    else if (strcmp(v, "io") == 0)
        strbuf_adds(out, ": threads waiting on I/O release the GIL, so their waits overlap.");
    else
        strbuf_adds(out, w->speedup > 1.3 ? ": with no GIL, CPU-bound threads run on several CPUs at once."
                                          : ": no GIL, but there were not enough free CPUs.");
}

static const DemoKernel gil_kernel = {
    .default_work = 5000000, .max_work = 100000000000L,
    .unit = "work units of ~0.1 µs (io, convoy: blocking operations)",
    .run = gil_run, .conclude = gil_conclude};

/* The panes' line about a convoy run; the other variants are told by
 * their speedup. */
static bool gil_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double lat, alone;
    if (!r->variant || strcmp(r->variant, "convoy") != 0 || !r->num(r->ctx, "op_latency_ms", &lat) ||
        !r->num(r->ctx, "alone_ms", &alone))
        return false;
    char slower[40] = "";
    if (alone > 0 && lat / alone >= 1.5 && !brief)
        snprintf(slower, sizeof slower, " (%.0f× slower)", lat / alone);
    snprintf(buf, n, brief ? ": op %.2f ms, alone %.2f ms" : ": each I/O op %.2f ms, %.2f ms alone%s", lat, alone,
             slower);
    return true;
}

static const DemoVariant gil_variants[] = {
    {"cpu", "CPU-bound threads running \"bytecode\" that must hold the GIL", 0, false, NULL, NULL, false, "run/GIL",
     "work units of ~0.1 µs"},
    {"nogil", "the same work with the GIL released (C code, hashlib on big buffers)", 0, false, NULL, NULL, false,
     "run/GIL", "work units of ~0.1 µs"},
    /* 1 ms operations: 0.5 s for one thread */
    {"io", "threads blocking in I/O, which releases the GIL", 500, false, NULL, NULL, false, "run/GIL",
     "blocking operations of 1 ms"},
    /* 0.2 ms operations, ~5 ms each beside a CPU thread; all of them are
     * the I/O thread's, the workers are the CPU threads beside it */
    {"convoy", "one thread doing short I/O beside CPU-bound threads (the convoy effect)", 200, true,
     "CPU-bound thread", "CPU thr", false, "run/GIL", "blocking operations of 0.2 ms"},
    {"free", "no GIL at all, as in free-threaded CPython (3.13t, 3.14t)", 0, false, NULL, NULL, false, NULL,
     "work units of ~0.1 µs"},
};

static const DemoField gil_fields[] = {
    {"op_latency_ms", "latency ms", "ms", DEMO_FMT_FIX2, false, 0, "convoy", NULL},
    {"alone_ms", "alone ms", "ms", DEMO_FMT_FIX2, false, 0, "convoy", NULL},
    {"max_wait_ms", "max wait ms", "ms", DEMO_FMT_FIX2, false, 2, NULL, "convoy"},
    {"ops", "ops", "", DEMO_FMT_COUNT, false, 3, "convoy", NULL},
    DEMO_FIELD_SPEEDUP(0),
    DEMO_FIELD_EFFICIENCY(1),
    DEMO_FIELD("interval_ms", "interval ms", "ms", DEMO_FMT_FIX2, DEMO_HIDDEN),
    DEMO_FIELD("switches", "switches", "", DEMO_FMT_COUNT, DEMO_HIDDEN),
    DEMO_FIELD("forced_drops", "forced", "", DEMO_FMT_COUNT, DEMO_HIDDEN),
    DEMO_FIELD("gil_wait_s", "GIL wait s", "s", DEMO_FMT_FIX2, DEMO_HIDDEN),
};

const Demo demo_gil = DEMO_ENTRY("gil", "a simulated GIL with CPython's switching rules", gil_variants,
                                 DEMO_TAKES_SWITCH_INTERVAL, gil_fields, &gil_kernel, gil_headline);
