/* demo/trace: per-worker span rings in shared memory (see trace.h). */
#include "demo/trace.h"
#include "util/util.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct TraceSlot {
    /* Shared between the producer and the consumers. */
    _Alignas(64) _Atomic uint32_t head; /* written by the producer */
    _Alignas(64) _Atomic uint32_t tail; /* written by the consumer */
    _Atomic uint64_t dropped;
    /* Producer-private: the open span and the one held back for coalescing. */
    _Alignas(64) double origin;
    int state;          /* -1: none open */
    double t0;
    bool has_pending;
    TraceSpan pending;
    TraceSpan ring[TRACE_RING];
};

struct Trace {
    TraceSlot *slots;   /* shared anonymous mapping */
    size_t map_len;
    int nslots;
    double origin;
    pthread_mutex_t drain_lock;
};

Trace *trace_new(int nslots, double origin)
{
    if (nslots < 1)
        return NULL;
    size_t len = (size_t)nslots * sizeof(TraceSlot);
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    Trace *t = xcalloc(1, sizeof *t);
    t->slots = m;
    t->map_len = len;
    t->nslots = nslots;
    t->origin = origin;
    pthread_mutex_init(&t->drain_lock, NULL);
    trace_reset(t);
    return t;
}

void trace_free(Trace *t)
{
    if (!t)
        return;
    munmap(t->slots, t->map_len);
    pthread_mutex_destroy(&t->drain_lock);
    free(t);
}

int trace_nslots(const Trace *t) { return t ? t->nslots : 0; }

TraceSlot *trace_slot(Trace *t, int i)
{
    if (!t || i < 0 || i >= t->nslots)
        return NULL;
    return &t->slots[i];
}

void trace_reset(Trace *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->drain_lock);
    for (int i = 0; i < t->nslots; i++) {
        TraceSlot *s = &t->slots[i];
        atomic_store(&s->head, 0);
        atomic_store(&s->tail, 0);
        atomic_store(&s->dropped, 0);
        s->origin = t->origin;
        s->state = -1;
        s->has_pending = false;
    }
    pthread_mutex_unlock(&t->drain_lock);
}

/* ---- producer ---- */

static void publish(TraceSlot *s, const TraceSpan *span)
{
    uint32_t h = atomic_load_explicit(&s->head, memory_order_relaxed);
    uint32_t tl = atomic_load_explicit(&s->tail, memory_order_acquire);
    if (h - tl >= TRACE_RING) {
        atomic_fetch_add_explicit(&s->dropped, 1, memory_order_relaxed);
        return;
    }
    s->ring[h % TRACE_RING] = *span;
    atomic_store_explicit(&s->head, h + 1, memory_order_release);
}

void trace_span(TraceSlot *s, int state, double t0, double t1)
{
    if (!s)
        return;
    if (t1 < t0)
        t1 = t0;
    int cpu = sched_getcpu();
    double rel0 = t0 - s->origin, rel1 = t1 - s->origin;
    if (s->has_pending) {
        TraceSpan *p = &s->pending;
        bool same = p->state == state && p->cpu == cpu;
        if (same || t1 - t0 < TRACE_MIN_SPAN) {
            /* One span more of the same, or too short to see: extend. */
            p->dur = (float)(rel1 - p->t);
            if (p->dur >= TRACE_SPLIT) {
                publish(s, p);
                s->has_pending = false;
            }
            return;
        }
        publish(s, p);
    }
    s->pending = (TraceSpan){.t = rel0, .dur = (float)(rel1 - rel0), .cpu = (int16_t)cpu, .state = (uint8_t)state};
    s->has_pending = true;
    if (s->pending.dur >= TRACE_SPLIT) {
        publish(s, &s->pending);
        s->has_pending = false;
    }
}

void trace_state(TraceSlot *s, int state)
{
    if (!s)
        return;
    double now = now_monotonic();
    if (s->state >= 0)
        trace_span(s, s->state, s->t0, now);
    s->state = state;
    s->t0 = now;
}

void trace_poll(TraceSlot *s)
{
    if (!s || s->state < 0)
        return;
    double now = now_monotonic();
    if (now - s->t0 >= TRACE_SPLIT) {
        trace_span(s, s->state, s->t0, now);
        s->t0 = now;
    }
}

void trace_finish(TraceSlot *s)
{
    if (!s)
        return;
    if (s->state >= 0)
        trace_span(s, s->state, s->t0, now_monotonic());
    s->state = -1;
    if (s->has_pending) {
        publish(s, &s->pending);
        s->has_pending = false;
    }
}

/* ---- consumer ---- */

int trace_drain(Trace *t, TraceSpanFn fn, void *ctx)
{
    if (!t)
        return 0;
    int n = 0;
    pthread_mutex_lock(&t->drain_lock);
    for (int i = 0; i < t->nslots; i++) {
        TraceSlot *s = &t->slots[i];
        uint32_t h = atomic_load_explicit(&s->head, memory_order_acquire);
        uint32_t tl = atomic_load_explicit(&s->tail, memory_order_relaxed);
        for (; tl != h; tl++, n++)
            fn(ctx, i, &s->ring[tl % TRACE_RING]);
        atomic_store_explicit(&s->tail, tl, memory_order_release);
    }
    pthread_mutex_unlock(&t->drain_lock);
    return n;
}

uint64_t trace_dropped(const Trace *t)
{
    uint64_t n = 0;
    for (int i = 0; t && i < t->nslots; i++)
        n += atomic_load_explicit(&t->slots[i].dropped, memory_order_relaxed);
    return n;
}
