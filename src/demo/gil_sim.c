/* demo/gil_sim: CPython's "new GIL" (Python/ceval_gil.c), rule by rule.
 * See gil_sim.h for the model and REFERENCE.md "CPython's GIL" for the
 * facts it must agree with. Names follow ceval_gil.c where they can. */
#include "demo/gil_sim.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"

/* Bits of the eval breaker, the one word the hot path reads. */
enum { BREAK_DROP_REQUEST = 1, BREAK_STOP = 2 };

#define HEAP_LINES (64 * 1024 / 64) /* 64 KiB of "objects"; see heap_init */

struct GilSim {
    atomic_int breaker;     /* BREAK_* bits; gil_drop_request lives here */
    bool free_threaded;
    bool force_switching;
    double interval_s;

    /* The GIL proper: `locked` and `switch_number` are guarded by mutex;
     * cond signals that `locked` went to 0. */
    pthread_mutex_t mutex;
    pthread_cond_t cond;    /* CLOCK_MONOTONIC, for the timed wait */
    bool locked;
    unsigned long switch_number;

    /* FORCE_SWITCHING: last_holder is written under switch_mutex (by the
     * taker, which also holds mutex) and read under it by a dropping
     * thread; switch_cond signals that a new holder took the GIL. */
    pthread_mutex_t switch_mutex;
    pthread_cond_t switch_cond;
    GilThread *last_holder;

    /* The interpreter's shared objects, touched by whoever holds the GIL
     * (guarded by it): a switch moves them to the new holder's core. */
    uint64_t *heap;  /* HEAP_LINES lines of 8 words; NULL when free-threaded */
    size_t heap_pos; /* the line the walk is at */
};

/* ---- construction ---- */

static bool init_sync(GilSim *g)
{
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&g->cond, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok)
        return false;
    if (pthread_mutex_init(&g->mutex, NULL) != 0) {
        pthread_cond_destroy(&g->cond);
        return false;
    }
    if (pthread_mutex_init(&g->switch_mutex, NULL) != 0) {
        pthread_mutex_destroy(&g->mutex);
        pthread_cond_destroy(&g->cond);
        return false;
    }
    if (pthread_cond_init(&g->switch_cond, NULL) != 0) {
        pthread_mutex_destroy(&g->switch_mutex);
        pthread_mutex_destroy(&g->mutex);
        pthread_cond_destroy(&g->cond);
        return false;
    }
    return true;
}

/* The interpreter's objects: HEAP_LINES cache lines linked in a random
 * cycle (each line's first word is the index of the next), so that walking
 * them is a chain of dependent loads, like an interpreter chasing pointers.
 * Each unit of bytecode takes one step and writes the line (a reference
 * count). Whoever holds the GIL walks the same lines; after a switch they
 * sit in the previous holder's cache and the new holder pays to fetch them:
 * the main cost of a switch in CPython beyond the hand-off itself (with
 * none, 4 threads at a 10 us interval ran ~1.14x slower than at 5 ms where
 * python3 3.11 ran ~1.19x; 64 KiB gives ~1.21x on a 2-CPU EPYC). */
static bool heap_init(GilSim *g)
{
    const size_t lines = HEAP_LINES;
    g->heap = aligned_alloc(64, lines * 64);
    size_t *perm = malloc(lines * sizeof *perm);
    if (!g->heap || !perm) {
        free(g->heap);
        free(perm);
        g->heap = NULL;
        return false;
    }
    memset(g->heap, 0, lines * 64);
    for (size_t i = 0; i < lines; i++)
        perm[i] = i;
    uint64_t r = 88172645463325252ULL; /* xorshift64: a fixed shuffle */
    for (size_t i = lines - 1; i > 0; i--) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        size_t j = (size_t)(r % (i + 1)), tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
    for (size_t i = 0; i < lines; i++)
        g->heap[perm[i] * 8] = perm[(i + 1) % lines];
    free(perm);
    return true;
}

static GilSim *gil_alloc(double interval_s, bool force, bool free_threaded)
{
    GilSim *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    atomic_init(&g->breaker, 0);
    g->free_threaded = free_threaded;
    g->force_switching = force;
    /* CPython keeps the interval in whole microseconds, at least 1. */
    g->interval_s = interval_s >= 1e-6 ? interval_s : 1e-6;
    if (!free_threaded && !heap_init(g)) {
        free(g);
        return NULL;
    }
    if (!init_sync(g)) {
        free(g->heap);
        free(g);
        return NULL;
    }
    return g;
}

GilSim *gil_new(double switch_interval_s, bool force_switching)
{
    if (!(switch_interval_s > 0) || switch_interval_s > 3600)
        return NULL; /* also rejects NaN */
    return gil_alloc(switch_interval_s, force_switching, false);
}

GilSim *gil_new_free_threaded(void)
{
    return gil_alloc(0.005, false, true);
}

void gil_free(GilSim *g)
{
    if (!g)
        return;
    pthread_cond_destroy(&g->switch_cond);
    pthread_mutex_destroy(&g->switch_mutex);
    pthread_cond_destroy(&g->cond);
    pthread_mutex_destroy(&g->mutex);
    free(g->heap);
    free(g);
}

double gil_switch_interval(const GilSim *g)
{
    return g->interval_s;
}

/* ---- per-thread state and spans ---- */

void gil_thread_init(GilThread *t, int id, GilSpanHook hook, void *ctx)
{
    *t = (GilThread){.id = id, .hook = hook, .ctx = ctx};
    t->state = GIL_STATE_IDLE;
    t->state_t0 = now_monotonic();
}

/* Leave the current state at `now` and enter `next`. Only ever called by
 * the thread itself with no GIL mutex held. */
static void transition(GilThread *t, GilState next, double now)
{
    if (next == t->state)
        return;
    double dur = now - t->state_t0;
    if (dur < 0)
        dur = 0;
    t->stats.time_in[t->state] += dur;
    if (t->hook)
        t->hook(t->ctx, t, t->state, t->state_t0, t->state_t0 + dur);
    t->state = next;
    t->state_t0 = t->state_t0 + dur;
}

void gil_thread_mark(GilThread *t, GilState state)
{
    transition(t, state, now_monotonic());
}

/* ---- the eval breaker ---- */

bool gil_should_drop(const GilSim *g)
{
    return atomic_load_explicit(&g->breaker, memory_order_relaxed) != 0;
}

void gil_stop(GilSim *g)
{
    atomic_fetch_or_explicit(&g->breaker, BREAK_STOP, memory_order_relaxed);
}

bool gil_stopped(const GilSim *g)
{
    return (atomic_load_explicit(&g->breaker, memory_order_relaxed) &
            BREAK_STOP) != 0;
}

static bool drop_requested(const GilSim *g)
{
    return (atomic_load_explicit(&g->breaker, memory_order_relaxed) &
            BREAK_DROP_REQUEST) != 0;
}

static void set_drop_request(GilSim *g)
{
    atomic_fetch_or_explicit(&g->breaker, BREAK_DROP_REQUEST,
                             memory_order_relaxed);
}

static void reset_drop_request(GilSim *g)
{
    atomic_fetch_and_explicit(&g->breaker, ~BREAK_DROP_REQUEST,
                              memory_order_relaxed);
}

/* ---- take_gil ---- */

static struct timespec deadline_after(double seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)(seconds * 1e9 + 0.5);
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec += (long)(ns % 1000000000LL);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec += 1;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

void gil_take(GilSim *g, GilThread *t)
{
    double t_call = now_monotonic();
    if (g->free_threaded) {
        transition(t, GIL_STATE_RUN, t_call);
        t->stats.takes++;
        return;
    }
    bool waited = false, switched = false;
    uint64_t requests = 0;

    pthread_mutex_lock(&g->mutex);
    while (g->locked) {
        waited = true;
        unsigned long saved_switchnum = g->switch_number;
        struct timespec until = deadline_after(g->interval_s);
        int rc = pthread_cond_timedwait(&g->cond, &g->mutex, &until);
        /* Timed out and no switch in the meantime: the same holder has had
         * it for a whole interval, so ask it to drop. */
        if (rc == ETIMEDOUT && g->locked &&
            g->switch_number == saved_switchnum) {
            set_drop_request(g);
            requests++;
        }
    }
    /* _ready: switch_mutex must be held while last_holder changes (see
     * gil_drop). */
    if (g->force_switching)
        pthread_mutex_lock(&g->switch_mutex);
    g->locked = true;
    if (g->last_holder != t) {
        g->last_holder = t;
        g->switch_number++;
        switched = true;
    }
    if (g->force_switching) {
        pthread_cond_signal(&g->switch_cond);
        pthread_mutex_unlock(&g->switch_mutex);
    }
    /* Whoever asked, the GIL has changed hands: the request is served. */
    if (drop_requested(g))
        reset_drop_request(g);
    pthread_mutex_unlock(&g->mutex);

    double t_got = now_monotonic();
    if (waited) {
        transition(t, GIL_STATE_WAIT, t_call);
        double w = t_got - t_call;
        if (w > t->stats.max_wait_s)
            t->stats.max_wait_s = w;
    }
    transition(t, GIL_STATE_RUN, t_got);
    t->stats.takes++;
    t->stats.waited_takes += waited;
    t->stats.switches += switched;
    t->stats.requests_set += requests;
}

/* ---- drop_gil ---- */

void gil_drop(GilSim *g, GilThread *t, GilState next)
{
    double t_drop = now_monotonic();
    if (g->free_threaded) {
        transition(t, next, t_drop);
        return;
    }
    pthread_mutex_lock(&g->mutex);
    g->locked = false;
    pthread_cond_signal(&g->cond);
    pthread_mutex_unlock(&g->mutex);

    bool waited = false;
    if (g->force_switching && drop_requested(g)) {
        pthread_mutex_lock(&g->switch_mutex);
        /* Not switched yet: wait until another thread has taken it, so that
         * this one cannot retake it at once. last_holder is read under
         * switch_mutex, which the taker holds while it changes it, so the
         * wake-up cannot be missed. CPython waits once; looping on the
         * condition only guards against spurious wake-ups. */
        if (g->last_holder == t) {
            reset_drop_request(g);
            waited = true;
            while (g->last_holder == t)
                pthread_cond_wait(&g->switch_cond, &g->switch_mutex);
        }
        pthread_mutex_unlock(&g->switch_mutex);
    }
    if (waited) {
        transition(t, GIL_STATE_WAIT, t_drop);
        transition(t, next, now_monotonic());
    } else {
        transition(t, next, t_drop);
    }
}

void gil_yield(GilSim *g, GilThread *t)
{
    if (!drop_requested(g))
        return;
    t->stats.forced_drops++;
    gil_drop(g, t, GIL_STATE_WAIT);
    /* Other threads may run now. */
    gil_take(g, t);
}

/* ---- workloads ---- */

uint64_t gil_work_unit(uint64_t x)
{
    /* A dependent chain of xorshift-multiply steps: the compiler can neither
     * vectorise nor fold it, so its cost is steady (~100 ns). */
    for (int i = 0; i < 90; i++) {
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ULL;
    }
    return x;
}

bool gil_run_bytecode(GilSim *g, GilThread *t, uint64_t units, uint64_t *sink)
{
    uint64_t x = *sink | 1, done = 0;
    bool ok = true;
    for (; done < units; done++) {
        x = gil_work_unit(x);
        if (g->heap) { /* one step through the shared objects */
            size_t p = g->heap_pos;
            g->heap[p * 8 + 1] += x;
            g->heap_pos = (size_t)g->heap[p * 8];
        }
        if (gil_should_drop(g)) { /* a loop back-edge: check the breaker */
            if (gil_stopped(g)) {
                ok = false;
                done++;
                break;
            }
            gil_yield(g, t);
        }
    }
    t->stats.units += done;
    *sink ^= x;
    return ok;
}

bool gil_run_released(GilSim *g, GilThread *t, uint64_t units, uint64_t *sink)
{
    uint64_t x = *sink | 1, done = 0;
    bool ok = true;
    gil_drop(g, t, GIL_STATE_NOGIL); /* Py_BEGIN_ALLOW_THREADS */
    for (; done < units; done++) {
        x = gil_work_unit(x);
        if (gil_stopped(g)) {
            ok = false;
            done++;
            break;
        }
    }
    gil_take(g, t); /* Py_END_ALLOW_THREADS */
    t->stats.units += done;
    *sink ^= x;
    return ok;
}

double gil_blocking_op(GilSim *g, GilThread *t, double seconds)
{
    double t0 = now_monotonic();
    gil_drop(g, t, GIL_STATE_IO);
    if (!gil_stopped(g) && seconds > 0) {
        struct timespec until = deadline_after(seconds);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) ==
               EINTR) {
            if (gil_stopped(g))
                break;
        }
    }
    gil_take(g, t);
    return now_monotonic() - t0;
}
