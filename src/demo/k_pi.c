/* demo/k_pi: Monte Carlo pi, the cluster lesson's job. Each worker draws
 * its share of the points with its own generator and counts those inside
 * the quarter circle; nothing is shared until the counts are added up, so
 * the work splits with almost no serial part. */
#include "demo/kernel.h"
#include "demo/rng.h"

#include <math.h>
#include <string.h>

#define CHUNK 65536 /* samples between looks at the clock and the stop flag */
#define SEED 20240611u

typedef struct {
    DemoCtx *c;
    DemoGate *gate;
    int id;
    long n;
} PiWorker;

typedef struct {
    long hits, samples;
    double busy_s;
} PiCount;

typedef struct {
    PiWorker w;
    PiCount out;
} PiThread;

static PiCount pi_count(const PiWorker *w)
{
    TraceSlot *slot = demo_slot(w->c, w->id);
    Rng r;
    rng_seed(&r, SEED + (uint64_t)w->id * 0x9E3779B97F4A7C15ull);
    double t0 = demo_thread_cpu();
    trace_state(slot, STATE_RUN);
    long hits = 0, done = 0;
    while (done < w->n && !demo_should_stop(w->c)) {
        long m = w->n - done < CHUNK ? w->n - done : CHUNK;
        long h = 0;
        for (long k = 0; k < m; k++) {
            double x = rng_double(&r), y = rng_double(&r);
            h += x * x + y * y < 1.0;
        }
        hits += h;
        done += m;
        trace_poll(slot);
    }
    trace_finish(slot);
    return (PiCount){hits, done, demo_thread_cpu() - t0};
}

static void *pi_thread(void *p)
{
    PiThread *t = p;
    if (demo_gate_wait(t->w.gate))
        t->out = pi_count(&t->w);
    return NULL;
}

static int pi_child(void *arg, int fd)
{
    PiCount n = pi_count(arg);
    return write_all(fd, &n, sizeof n) == 0 ? 0 : 1;
}

static int pi_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    int W = c->workers;
    PiThread *t = xcalloc((size_t)W, sizeof *t);
    PiCount *counts = xcalloc((size_t)W, sizeof *counts);
    DemoGate gate = DEMO_GATE_INIT;
    for (int i = 0; i < W; i++)
        t[i].w = (PiWorker){.c = c, .gate = &gate, .id = i, .n = demo_share(c->work, W, i)};
    int rc = 0;
    double t0 = now_monotonic();
    if (strcmp(c->variant, "processes") == 0) {
        PiWorker *w = xcalloc((size_t)W, sizeof *w);
        for (int i = 0; i < W; i++)
            w[i] = t[i].w;
        rc = demo_run_procs(c, W, pi_child, w, sizeof *w, counts, sizeof *counts, err, errlen);
        free(w);
    } else {
        int e = demo_run_threads(W, pi_thread, t, sizeof *t, NULL, &gate, NULL);
        if (e != 0) {
            snprintf(err, errlen, "cannot start %d threads: %s", W, strerror(e));
            rc = -1;
        }
        for (int i = 0; i < W; i++)
            counts[i] = t[i].out;
    }
    res->wall_s = now_monotonic() - t0;
    if (rc == 0) {
        long hits = 0, samples = 0;
        double busy[DEMO_MAX_WORKERS];
        for (int i = 0; i < W; i++) {
            hits += counts[i].hits;
            samples += counts[i].samples;
            busy[i] = counts[i].busy_s;
        }
        double p = samples ? (double)hits / (double)samples : 0;
        res->done = (double)samples;
        result_num(res, "estimate", 4 * p, true);
        result_int(res, "samples", samples, true);
        /* One standard error of the estimate: 4 sqrt(p (1 - p) / n). */
        result_num(res, "sigma", samples ? 4 * sqrt(p * (1 - p) / (double)samples) : NAN, true);
        result_nums(res, "busy_s", busy, W, false);
    }
    free(t);
    free(counts);
    return rc;
}

static void pi_conclude(const DemoCtx *c, const DemoSweep *sw, StrBuf *out)
{
    const DemoRow *w = sw->widest;
    const char *noun = strcmp(c->variant, "processes") == 0 ? "processes" : "threads";
    if (demo_took(sw, noun, out)) {
        double eff = w->speedup / w->workers;
        strbuf_addf(out, eff > 0.8 ? ": the samples are independent, so the work splits almost perfectly"
                                   : ": fewer CPUs than workers, or a busy machine, keeps them from running at once");
        strbuf_adds(out, ". ");
    }
    strbuf_addf(out, "pi ~ %.5f ± %.5f from %.0f samples.", result_getnum(&w->res, "estimate", NAN),
                result_getnum(&w->res, "sigma", NAN), result_getnum(&w->res, "samples", 0));
}

static const DemoKernel pi_kernel = {
    .default_work = 400000000, .max_work = 1000000000000L, .unit = "samples",
    .run = pi_run, .conclude = pi_conclude};

static bool pi_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double estimate, samples;
    if (!r->num(r->ctx, "estimate", &estimate) || !r->num(r->ctx, "samples", &samples))
        return false;
    char x[40];
    demo_format(DEMO_FMT_COUNT, samples, x, sizeof x);
    snprintf(buf, n, brief ? ": pi ≈ %.5f" : ": pi ≈ %.5f from %s samples", estimate, x);
    return true;
}

static const DemoVariant pi_variants[] = {
    DEMO_VARIANT("threads", "Monte Carlo pi with one thread per worker"),
    DEMO_VARIANT_PROCESSES("processes",
                           "Monte Carlo pi with one fork()ed process per worker, counts sent back through pipes"),
};

static const DemoField pi_fields[] = {
    DEMO_FIELD("estimate", "estimate", "", DEMO_FMT_FIX5, 0),
    DEMO_FIELD_SPEEDUP(1),
    DEMO_FIELD_EFFICIENCY(2),
    DEMO_FIELD("samples", "samples", "", DEMO_FMT_COUNT, 3),
    DEMO_FIELD("sigma", "sigma", "", DEMO_FMT_FIX5, DEMO_HIDDEN),
    DEMO_FIELD_EACH("busy_s", "busy s", "s", DEMO_FMT_FIX2, DEMO_HIDDEN),
};

const Demo demo_pi = DEMO_ENTRY("pi", "Monte Carlo pi with a speedup sweep and an Amdahl fit", pi_variants, 0,
                                pi_fields, &pi_kernel, pi_headline);
