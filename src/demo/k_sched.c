/* demo/k_sched: an OpenMP/pymp-style `parallel for` over an uneven loop:
 * iteration i costs (i + 1) steps, so the last iterations are the dearest,
 * as in a triangular loop. The schedules:
 *   static   W contiguous blocks of equal length (the last is the dearest);
 *            with --chunksize, chunks dealt round robin (schedule(static, n));
 *   dynamic  each thread takes the next --chunksize iterations (default 1)
 *            from a shared counter when it is free;
 *   guided   like dynamic, with chunks of remaining / W that shrink towards
 *            --chunksize.
 * imbalance = max / min of the threads' busy (CPU) time: 1 is perfect. */
#include "demo/kernel.h"
#include "demo/spin.h"

#include <math.h>
#include <string.h>

#define STEP_SCALE 64 /* spin steps per unit of an iteration's cost */

typedef enum { SCHED_STATIC, SCHED_DYNAMIC, SCHED_GUIDED } Schedule;

typedef struct {
    _Atomic long next; /* dynamic, guided: the first iteration not handed out */
    pthread_mutex_t lock; /* guided: chunk sizes depend on what remains */
    long n;
    long chunk;
    bool chunk_given; /* static: --chunksize makes it round robin */
    int W;
    Schedule sched;
    DemoGate gate;
} Loop;

typedef struct {
    DemoCtx *c;
    Loop *loop;
    int id;
    long iters, chunks;
    long next_chunk; /* static with a chunk size: the last chunk taken */
    double busy_s;
    uint64_t sink;
} SchedWorker;

static uint64_t iteration(long i, uint64_t x)
{
    return spin_steps(x, (uint64_t)(i + 1) * STEP_SCALE);
}

/* The next range [*lo, *hi) for this thread; false when the loop is done. */
static bool next_range(SchedWorker *w, long *lo, long *hi, bool *first)
{
    Loop *l = w->loop;
    if (l->sched == SCHED_STATIC && !l->chunk_given) {
        if (!*first)
            return false;
        *first = false;
        *lo = l->n * w->id / l->W;
        *hi = l->n * (w->id + 1) / l->W;
        return *lo < *hi;
    }
    if (l->sched == SCHED_STATIC) { /* schedule(static, chunk): round robin */
        long k = *first ? w->id : w->next_chunk + l->W;
        *first = false;
        w->next_chunk = k;
        *lo = k * l->chunk;
        *hi = *lo + l->chunk > l->n ? l->n : *lo + l->chunk;
        return *lo < l->n;
    }
    if (l->sched == SCHED_DYNAMIC) {
        *lo = atomic_fetch_add(&l->next, l->chunk);
        *hi = *lo + l->chunk > l->n ? l->n : *lo + l->chunk;
        return *lo < l->n;
    }
    pthread_mutex_lock(&l->lock);
    long start = atomic_load_explicit(&l->next, memory_order_relaxed);
    long size = (l->n - start + l->W - 1) / l->W;
    if (size < l->chunk)
        size = l->chunk;
    long end = start + size > l->n ? l->n : start + size;
    atomic_store_explicit(&l->next, end, memory_order_relaxed);
    pthread_mutex_unlock(&l->lock);
    *lo = start;
    *hi = end;
    return start < end;
}

static void *sched_worker(void *p)
{
    SchedWorker *w = p;
    if (!demo_gate_wait(&w->loop->gate))
        return NULL;
    TraceSlot *slot = demo_slot(w->c, w->id);
    double t0 = demo_thread_cpu();
    uint64_t x = (uint64_t)w->id + 1;
    long lo, hi;
    bool first = true;
    trace_state(slot, STATE_RUN);
    while (!demo_should_stop(w->c) && next_range(w, &lo, &hi, &first)) {
        w->chunks++;
        for (long i = lo; i < hi && !demo_should_stop(w->c); i++) {
            x = iteration(i, x);
            w->iters++;
            if ((i & 15) == 0)
                trace_poll(slot);
        }
    }
    trace_state(slot, STATE_IDLE); /* waiting at the loop's implicit barrier */
    w->busy_s = demo_thread_cpu() - t0;
    w->sink = x;
    trace_finish(slot);
    return NULL;
}

static Schedule schedule_of(const char *name)
{
    return strcmp(name, "static") == 0 ? SCHED_STATIC : strcmp(name, "dynamic") == 0 ? SCHED_DYNAMIC : SCHED_GUIDED;
}

static int sched_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    int W = c->workers;
    Loop loop = {.n = c->work, .chunk = c->opts->chunksize ? c->opts->chunksize : 1,
                 .chunk_given = c->opts->chunksize > 0, .W = W,
                 .sched = schedule_of(c->variant)};
    atomic_init(&loop.next, 0);
    pthread_mutex_init(&loop.lock, NULL);
    loop.gate = (DemoGate)DEMO_GATE_INIT;
    SchedWorker *w = xcalloc((size_t)W, sizeof *w);
    for (int i = 0; i < W; i++)
        w[i] = (SchedWorker){.c = c, .loop = &loop, .id = i};
    double t0 = now_monotonic();
    int rc = demo_run_threads(W, sched_worker, w, sizeof *w, NULL, &loop.gate, NULL);
    res->wall_s = now_monotonic() - t0;
    if (rc == 0) {
        double busy[DEMO_MAX_WORKERS], lo = INFINITY, hi = 0, done = 0;
        long chunks = 0;
        for (int i = 0; i < W; i++) {
            busy[i] = w[i].busy_s;
            lo = fmin(lo, busy[i]);
            hi = fmax(hi, busy[i]);
            chunks += w[i].chunks;
            /* Work done in cost units: iterations weigh (i + 1). */
            done += (double)w[i].iters;
        }
        res->done = done;
        result_str(res, "schedule", c->variant, false);
        result_num(res, "imbalance", lo > 0 ? hi / lo : INFINITY, true);
        result_int(res, "chunks", chunks, true);
        result_nums(res, "busy_s", busy, W, true);
    } else {
        snprintf(err, errlen, "cannot start %d threads: %s", W, strerror(rc));
    }
    free(w);
    pthread_mutex_destroy(&loop.lock);
    return rc ? -1 : 0;
}

static void sched_conclude(const DemoCtx *c, const DemoRow *rows, int n, StrBuf *out)
{
    const DemoRow *w = demo_widest(rows, n);
    if (!w || w->workers < 2) {
        strbuf_adds(out, "run it with 2 or more threads to see the schedules differ.");
        return;
    }
    double imb = result_getnum(&w->res, "imbalance", NAN);
    if (!isfinite(imb)) {
        strbuf_addf(out, "some of the %d threads got no iteration at all: more threads than chunks of work.",
                    w->workers);
        return;
    }
    if (strcmp(c->variant, "static") == 0 && c->opts->chunksize)
        strbuf_addf(out, "with static chunks of %ld dealt round robin the busiest of %d threads worked %.2f× as "
                    "long as the idlest: small chunks spread the dear iterations.", c->opts->chunksize, w->workers,
                    imb);
    else if (strcmp(c->variant, "static") == 0)
        strbuf_addf(out, "with static blocks the busiest of %d threads worked %.1f× as long as the idlest: "
                    "the dear iterations at the end all went to the last thread.", w->workers, imb);
    else
        strbuf_addf(out, "with %s chunks the busiest of %d threads worked %.2f× as long as the idlest: "
                    "free threads took the next chunk, so they finished together.", c->variant, w->workers, imb);
}

static bool sched_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double imb;
    if (!r->num(r->ctx, "imbalance", &imb))
        return false;
    const char *v = r->variant ? r->variant : "";
    snprintf(buf, n, brief ? ", %s: imbalance %.2f" : ", %s: imbalance %.2f (busiest/idlest)", v, imb);
    return true;
}

static const DemoKernel sched_kernel = {
    .default_work = 4000, .max_work = 1000000, .unit = "loop iterations (iteration i costs i + 1)",
    .run = sched_run, .conclude = sched_conclude};

static const DemoVariant sched_variants[] = {
    {"static", "equal contiguous blocks of iterations per thread", 0, false, NULL, NULL, false, NULL, NULL},
    {"dynamic", "threads take the next chunk of iterations when they are free", 0, false, NULL, NULL, false, NULL,
     NULL},
    {"guided", "chunks that shrink as the loop runs out", 0, false, NULL, NULL, false, NULL, NULL},
};

static const DemoField sched_fields[] = {
    {"imbalance", "imbalance", "", DEMO_FMT_FIX2, false, 0, NULL, NULL},
    DEMO_FIELD_SPEEDUP(1),
    DEMO_FIELD_EFFICIENCY(2),
    {"busy_s", "busy s", "s", DEMO_FMT_FIX2, true, 3, NULL, NULL},
    {"schedule", "schedule", "", DEMO_FMT_TEXT, false, 4, NULL, NULL},
    {"chunks", "chunks", "", DEMO_FMT_COUNT, false, DEMO_HIDDEN, NULL, NULL},
};

const Demo demo_sched = DEMO_ENTRY("sched", "an OpenMP-style parallel for over an uneven loop", sched_variants,
                                   DEMO_TAKES_CHUNKSIZE | DEMO_TAKES_SCHEDULE, sched_fields, &sched_kernel,
                                   sched_headline);
