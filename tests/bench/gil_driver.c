/* gil_driver: runs one scenario of REFERENCE.md's GIL outcomes table on the
 * simulated GIL (src/demo/gil_sim) and prints one JSON line, for
 * tests/bench/gil_vs_cpython.py to set beside the same program in python3.
 *
 *   gil_driver unit                                   ns per work unit
 *   gil_driver cpu    THREADS UNITS INTERVAL_S        wall_s
 *   gil_driver free   THREADS UNITS [INTERVAL_S]      wall_s (no GIL)
 *   gil_driver nogil  THREADS CHUNKS CHUNK_UNITS INTERVAL_S   wall_s
 *   gil_driver convoy CPU_THREADS OPS OP_S INTERVAL_S op_latency_ms
 *
 * UNITS and CHUNKS are totals, split among the threads (strong scaling).
 * A bench helper, not a product: arguments are trusted. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/gil_sim.h"
#include "util/util.h"

#define MAX_THREADS 64

typedef struct Worker Worker;
struct Worker {
    GilSim *g;
    GilThread t;
    uint64_t units;        /* cpu: bytecode units; nogil: released units */
    uint64_t chunks;       /* nogil */
    atomic_bool *done;     /* convoy spinners */
    uint64_t sink;
    void (*body)(Worker *w); /* what it does holding the GIL, as a thread of python3 */
};

static void cpu_body(Worker *w)
{
    gil_run_bytecode(w->g, &w->t, w->units, &w->sink);
}

/* hashlib.sha256(big).digest() in a loop: a few bytecodes around each call,
 * the hashing itself with the GIL released. */
static void nogil_body(Worker *w)
{
    for (uint64_t c = 0; c < w->chunks; c++) {
        gil_run_bytecode(w->g, &w->t, 10, &w->sink);
        gil_run_released(w->g, &w->t, w->units, &w->sink);
    }
}

static void spin_body(Worker *w)
{
    while (!atomic_load_explicit(w->done, memory_order_relaxed))
        gil_run_bytecode(w->g, &w->t, 100, &w->sink);
}

static void *worker_main(void *p)
{
    Worker *w = p;
    gil_take(w->g, &w->t);
    w->body(w);
    gil_drop(w->g, &w->t, GIL_STATE_IDLE);
    return NULL;
}

static void start_threads(GilSim *g, Worker *w, int n, void (*body)(Worker *), pthread_t *th)
{
    for (int i = 0; i < n; i++) {
        w[i].g = g;
        w[i].body = body;
        gil_thread_init(&w[i].t, i, NULL, NULL);
        if (pthread_create(&th[i], NULL, worker_main, &w[i]) != 0) {
            perror("pthread_create");
            exit(1);
        }
    }
}

static void join_threads(pthread_t *th, int n)
{
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
}

/* n threads doing body from start to end; the seconds that took. */
static double run_threads(GilSim *g, Worker *w, int n, void (*body)(Worker *))
{
    pthread_t th[MAX_THREADS];
    double t0 = now_monotonic();
    start_threads(g, w, n, body, th);
    join_threads(th, n);
    return now_monotonic() - t0;
}

static void split(Worker *w, int n, uint64_t total, bool chunks)
{
    for (int i = 0; i < n; i++) {
        uint64_t share = total / (uint64_t)n + ((uint64_t)i < total % (uint64_t)n);
        if (chunks)
            w[i].chunks = share;
        else
            w[i].units = share;
    }
}

/* The end of a scenario: the threads' switches ending its JSON line; the
 * simulated GIL freed. Returns 0, main's status. */
static int finish(GilSim *g, const Worker *w, int n)
{
    uint64_t switches = 0, forced = 0;
    for (int i = 0; i < n; i++) {
        switches += w[i].t.stats.switches;
        forced += w[i].t.stats.forced_drops;
    }
    printf(",\"switches\":%llu,\"forced_drops\":%llu}\n",
           (unsigned long long)switches, (unsigned long long)forced);
    gil_free(g);
    return 0;
}

static int scenario_unit(void)
{
    uint64_t x = 1, n = 2000000;
    double t0 = now_monotonic();
    for (uint64_t i = 0; i < n; i++)
        x = gil_work_unit(x);
    double dt = now_monotonic() - t0;
    printf("{\"scenario\":\"unit\",\"ns\":%.2f,\"sink\":%llu}\n", dt / (double)n * 1e9,
           (unsigned long long)(x & 1));
    return 0;
}

static int scenario_cpu(int n, uint64_t units, double interval, bool free_threaded)
{
    GilSim *g = free_threaded ? gil_new_free_threaded() : gil_new(interval, true);
    if (!g)
        return 1;
    Worker w[MAX_THREADS] = {0};
    split(w, n, units, false);
    double wall = run_threads(g, w, n, cpu_body);
    printf("{\"scenario\":\"%s\",\"threads\":%d,\"wall_s\":%.6f",
           free_threaded ? "free" : "cpu", n, wall);
    return finish(g, w, n);
}

static int scenario_nogil(int n, uint64_t chunks, uint64_t chunk_units, double interval)
{
    GilSim *g = gil_new(interval, true);
    if (!g)
        return 1;
    Worker w[MAX_THREADS] = {0};
    split(w, n, chunks, true);
    for (int i = 0; i < n; i++)
        w[i].units = chunk_units;
    double wall = run_threads(g, w, n, nogil_body);
    printf("{\"scenario\":\"nogil\",\"threads\":%d,\"wall_s\":%.6f", n, wall);
    return finish(g, w, n);
}

static int scenario_convoy(int ncpu, int ops, double op_s, double interval)
{
    GilSim *g = gil_new(interval, true);
    if (!g)
        return 1;
    atomic_bool done = false;
    Worker w[MAX_THREADS] = {0};
    pthread_t th[MAX_THREADS];
    GilThread io;
    gil_thread_init(&io, ncpu, NULL, NULL);
    gil_take(g, &io);
    for (int i = 0; i < ncpu; i++)
        w[i].done = &done;
    start_threads(g, w, ncpu, spin_body, th);
    /* Let the spinners start, as the python3 program does with a 50 ms
     * sleep (which releases the GIL too). */
    if (ncpu > 0)
        gil_blocking_op(g, &io, 0.05);
    /* Between two sleeps the python3 program runs its loop (perf_counter,
     * the sum, the call): about ten bytecodes, each a chance to see a drop
     * request, as the demo's "handle the reply". */
    double sum = 0;
    uint64_t sink = 0;
    for (int i = 0; i < ops; i++) {
        sum += gil_blocking_op(g, &io, op_s);
        gil_run_bytecode(g, &io, 10, &sink);
    }
    atomic_store(&done, true);
    gil_drop(g, &io, GIL_STATE_IDLE);
    join_threads(th, ncpu);
    printf("{\"scenario\":\"convoy\",\"cpu_threads\":%d,\"op_latency_ms\":%.4f", ncpu,
           sum / ops * 1e3);
    return finish(g, w, ncpu);
}

static int usage(void)
{
    fprintf(stderr, "usage: gil_driver unit | cpu N UNITS INTERVAL | free N UNITS |"
                    " nogil N CHUNKS CHUNK_UNITS INTERVAL | convoy NCPU OPS OP_S INTERVAL\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *s = argv[1];
    if (strcmp(s, "unit") == 0)
        return scenario_unit();
    int n = argc > 2 ? atoi(argv[2]) : 0;
    if (n < 0 || n > MAX_THREADS)
        return usage();
    if (strcmp(s, "cpu") == 0 && argc == 5 && n > 0)
        return scenario_cpu(n, strtoull(argv[3], NULL, 10), atof(argv[4]), false);
    if (strcmp(s, "free") == 0 && (argc == 4 || argc == 5) && n > 0)
        return scenario_cpu(n, strtoull(argv[3], NULL, 10), 0.005, true);
    if (strcmp(s, "nogil") == 0 && argc == 6 && n > 0)
        return scenario_nogil(n, strtoull(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                              atof(argv[5]));
    if (strcmp(s, "convoy") == 0 && argc == 6)
        return scenario_convoy(n, atoi(argv[3]), atof(argv[4]), atof(argv[5]));
    return usage();
}
