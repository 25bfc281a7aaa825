/* demo/k_race: threads adding to one shared counter.
 *
 * nolock does `count = count + 1` as a separate read and write. Both are
 * relaxed atomics, so there is no data race in the C11 sense (no undefined
 * behaviour, nothing for ThreadSanitizer to report), yet the
 * read-modify-write is not atomic: another thread can write between the
 * read and the write, and its update is lost -- exactly what happens to
 * `counter += 1` on shared data in Python threads or processes. mutex and
 * atomic fix it, at a price. */
#include "demo/kernel.h"
#include "demo/spin.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define CHUNK 4096 /* increments between looks at the clock and the stop flag */
/* Work between reading the counter and writing it back (~20 ns), as the
 * bytecodes between LOAD and STORE in Python's `count += 1`: the window in
 * which another thread's update gets overwritten. */
#define WINDOW_STEPS 16

typedef struct {
    _Atomic long counter;
    long locked_counter; /* guarded by lock */
    pthread_mutex_t lock;
    DemoGate gate;
} RaceShared;

typedef struct {
    DemoCtx *c;
    RaceShared *sh;
    int id;
    long n;
    long done;
    uint64_t sink;
} RaceWorker;

static void *race_worker(void *p)
{
    RaceWorker *w = p;
    RaceShared *sh = w->sh;
    TraceSlot *slot = demo_slot(w->c, w->id);
    int mode = strcmp(w->c->variant, "nolock") == 0 ? 0 : strcmp(w->c->variant, "mutex") == 0 ? 1 : 2;
    if (!demo_gate_wait(&sh->gate))
        return NULL;
    trace_state(slot, STATE_RUN);
    /* volatile: the compiler may otherwise merge a loop of relaxed loads and
     * stores into one addition, and nothing would be lost to watch. */
    volatile _Atomic long *counter = &sh->counter;
    uint64_t x = (uint64_t)w->id + 1;
    long done = 0;
    while (done < w->n && !demo_should_stop(w->c)) {
        long m = w->n - done < CHUNK ? w->n - done : CHUNK;
        switch (mode) {
        case 0:
            for (long k = 0; k < m; k++) {
                long v = atomic_load_explicit(counter, memory_order_relaxed);
                x = spin_steps(x, WINDOW_STEPS);
                atomic_store_explicit(counter, v + 1, memory_order_relaxed);
            }
            break;
        case 1:
            for (long k = 0; k < m; k++) {
                pthread_mutex_lock(&sh->lock);
                long v = *(volatile long *)&sh->locked_counter;
                x = spin_steps(x, WINDOW_STEPS);
                *(volatile long *)&sh->locked_counter = v + 1;
                pthread_mutex_unlock(&sh->lock);
            }
            break;
        default:
            for (long k = 0; k < m; k++) {
                x = spin_steps(x, WINDOW_STEPS);
                atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
            }
            break;
        }
        done += m;
        trace_poll(slot);
    }
    trace_finish(slot);
    w->done = done;
    w->sink = x;
    return NULL;
}

static int race_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    RaceShared sh;
    memset(&sh, 0, sizeof sh);
    atomic_init(&sh.counter, 0);
    pthread_mutex_init(&sh.lock, NULL);
    sh.gate = (DemoGate)DEMO_GATE_INIT;
    RaceWorker *w = xcalloc((size_t)c->workers, sizeof *w);
    for (int i = 0; i < c->workers; i++)
        w[i] = (RaceWorker){.c = c, .sh = &sh, .id = i, .n = demo_share(c->work, c->workers, i)};
    double t0 = now_monotonic();
    int rc = demo_run_threads(c->workers, race_worker, w, sizeof *w, NULL, &sh.gate, NULL);
    res->wall_s = now_monotonic() - t0;
    if (rc != 0) {
        snprintf(err, errlen, "cannot start %d threads: %s", c->workers, strerror(rc));
        free(w);
        return -1;
    }
    long expected = 0;
    for (int i = 0; i < c->workers; i++)
        expected += w[i].done;
    long observed = strcmp(c->variant, "mutex") == 0 ? sh.locked_counter : atomic_load(&sh.counter);
    res->done = (double)expected;
    result_int(res, "expected", expected, true);
    result_int(res, "observed", observed, true);
    result_int(res, "lost", expected - observed, true);
    result_num(res, "ns_per_update", expected ? res->wall_s * 1e9 / (double)expected * c->workers : 0, true);
    free(w);
    pthread_mutex_destroy(&sh.lock);
    return 0;
}

static void race_conclude(const DemoCtx *c, const DemoRow *rows, int n, StrBuf *out)
{
    const DemoRow *w = demo_widest(rows, n);
    if (!w)
        return;
    long expected = (long)result_getnum(&w->res, "expected", 0);
    long lost = (long)result_getnum(&w->res, "lost", 0);
    if (strcmp(c->variant, "nolock") == 0) {
        if (w->workers == 1)
            strbuf_addf(out, "1 thread alone loses nothing; run it with 2 or more.");
        else if (lost > 0)
            strbuf_addf(out, "%d threads lost %ld of %ld updates (%.1f %%): count += 1 reads, adds and writes, "
                        "and another thread's write in between is overwritten.",
                        w->workers, lost, expected, 100.0 * (double)lost / (double)expected);
        else
            strbuf_addf(out, "%d threads lost no update this time: they barely overlapped (one CPU?); "
                        "the code is still wrong.", w->workers);
        return;
    }
    strbuf_addf(out, "no update was lost with %s", strcmp(c->variant, "mutex") == 0 ? "a mutex" : "atomic adds");
    const DemoRow *one = demo_row(rows, n, 1);
    if (one && w->workers > 1 && isfinite(w->speedup) && w->speedup > 0) {
        strbuf_adds(out, "; ");
        demo_took(rows, n, "threads", out);
        strbuf_adds(out, w->speedup < 1 ? ": every update queues for the same counter."
                                        : ", but every update still goes through one counter.");
    } else {
        strbuf_adds(out, ".");
    }
}

static bool race_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double lost, expected;
    if (!r->num(r->ctx, "lost", &lost) || !r->num(r->ctx, "expected", &expected))
        return false;
    char a[40], b[40];
    demo_format(DEMO_FMT_COUNT, lost, a, sizeof a);
    demo_format(DEMO_FMT_COUNT, expected, b, sizeof b);
    snprintf(buf, n, brief ? ": lost %s of %s" : ": lost %s of %s updates", a, b);
    return true;
}

static const DemoKernel race_kernel = {
    .default_work = 20000000, .max_work = 10000000000L, .unit = "increments",
    .run = race_run, .conclude = race_conclude};

static const DemoVariant race_variants[] = {
    {"nolock", "threads add to one counter with no lock: updates get lost", 0, false, NULL, NULL, false, NULL, NULL},
    {"mutex", "every increment under a mutex", 0, false, NULL, NULL, false, NULL, NULL},
    {"atomic", "every increment an atomic fetch-and-add", 0, false, NULL, NULL, false, NULL, NULL},
};

static const DemoField race_fields[] = {
    {"lost", "lost", "", DEMO_FMT_COUNT, false, 0, NULL, NULL},
    {"expected", "expected", "", DEMO_FMT_COUNT, false, 2, NULL, NULL},
    DEMO_FIELD_SPEEDUP(1),
    DEMO_FIELD_EFFICIENCY(3),
    {"ns_per_update", "ns/update", "ns", DEMO_FMT_SIG, false, 4, NULL, NULL},
    {"observed", "observed", "", DEMO_FMT_COUNT, false, DEMO_HIDDEN, NULL, NULL},
};

const Demo demo_race = DEMO_ENTRY("race", "lost updates on a shared counter, and their cost to fix", race_variants, 0,
                                  race_fields, &race_kernel, race_headline);
