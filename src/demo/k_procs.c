/* demo/k_procs: the same work with threads and with fork()ed processes.
 *
 * Each worker notes when it started (start_us: from pthread_create or
 * fork() to its first instruction; create_us: until that call returned in
 * the parent, the median over workers), does its share of the computation,
 * writes one byte into every page of its slice of a private buffer that
 * the parent filled before starting it (cow_ms: a thread writes memory it
 * shares; a process makes the kernel copy every page it touches), marks a
 * buffer mapped MAP_SHARED, and hands back a result of RESULT_BYTES
 * (ipc_us: a thread copies it into the parent's memory; a process sends it
 * through a pipe, as multiprocessing pickles results). The parent then
 * checks which of the writes it can see. */
#include "demo/kernel.h"
#include "demo/spin.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define STEPS_PER_UNIT 1000
#define PRIVATE_BYTES (16u << 20)
#define RESULT_BYTES (1u << 20)
#define PAGE 4096u

typedef struct {
    double t_start, busy_s, cow_s, t_send, t_recv;
} ProcsReport;

typedef struct {
    DemoCtx *c;
    int id, W;
    long units;
    unsigned char *priv;   /* private to a process after fork */
    unsigned char *shared; /* MAP_SHARED: one byte per worker */
    unsigned char *result; /* threads: where the result goes */
    ProcsReport rep;
    uint64_t sink;
} ProcsWorker;

/* The work itself, the same in a thread and in a process. */
static void procs_work(ProcsWorker *w, unsigned char *payload)
{
    TraceSlot *slot = demo_slot(w->c, w->id);
    trace_state(slot, STATE_RUN);
    double cpu0 = demo_thread_cpu();
    uint64_t x = (uint64_t)w->id + 7;
    for (long u = 0; u < w->units && !demo_should_stop(w->c); u++) {
        x = spin_steps(x, STEPS_PER_UNIT);
        if ((u & 255) == 0)
            trace_poll(slot);
    }
    w->rep.busy_s = demo_thread_cpu() - cpu0;
    size_t lo = (size_t)PRIVATE_BYTES / (size_t)w->W * (size_t)w->id;
    size_t hi = (size_t)PRIVATE_BYTES / (size_t)w->W * (size_t)(w->id + 1);
    double t = now_monotonic();
    for (size_t off = lo; off < hi; off += PAGE)
        w->priv[off] = (unsigned char)(w->id + 1);
    w->rep.cow_s = now_monotonic() - t;
    w->shared[w->id] = 1;
    memset(payload, (int)(x & 0xff), RESULT_BYTES);
    w->sink = x;
    trace_finish(slot);
}

static void *procs_thread(void *p)
{
    ProcsWorker *w = p;
    w->rep.t_start = now_monotonic(); /* first thing: the end of the start cost */
    unsigned char *payload = xmalloc(RESULT_BYTES);
    procs_work(w, payload);
    w->rep.t_send = now_monotonic();
    memcpy(w->result, payload, RESULT_BYTES); /* threads share memory: a copy */
    w->rep.t_recv = now_monotonic();
    free(payload);
    return NULL;
}

static int procs_child(void *p, int fd)
{
    ProcsWorker *w = p;
    w->rep.t_start = now_monotonic(); /* first thing after fork's child setup */
    unsigned char *payload = xmalloc(RESULT_BYTES);
    procs_work(w, payload);
    w->rep.t_send = now_monotonic();
    int rc = write_all(fd, &w->rep, sizeof w->rep) == 0 && write_all(fd, payload, RESULT_BYTES) == 0;
    free(payload);
    return rc ? 0 : 1;
}

/* Reads every child's report and result concurrently (a process cannot
 * finish writing 1 MB into a 64 KB pipe until someone reads). */
static int collect(ProcsWorker *w, int W, const int *fds, char *err, size_t errlen)
{
    size_t need = sizeof(ProcsReport) + RESULT_BYTES;
    size_t *got = xcalloc((size_t)W, sizeof *got);
    struct pollfd *pf = xcalloc((size_t)W, sizeof *pf);
    unsigned char *sink = xmalloc(RESULT_BYTES);
    int open = W, rc = 0;
    for (int i = 0; i < W; i++)
        pf[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    while (open > 0) {
        if (poll(pf, (nfds_t)W, 200) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < W; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t r;
            if (got[i] < sizeof(ProcsReport))
                r = read(pf[i].fd, (char *)&w[i].rep + got[i], sizeof(ProcsReport) - got[i]);
            else
                r = read(pf[i].fd, sink, need - got[i] < RESULT_BYTES ? need - got[i] : RESULT_BYTES);
            if (r < 0 && errno == EINTR)
                continue;
            if (r > 0)
                got[i] += (size_t)r;
            if (got[i] == need)
                w[i].rep.t_recv = now_monotonic();
            if (r <= 0 || got[i] == need) {
                if (got[i] != need && rc == 0) {
                    snprintf(err, errlen, "worker process %d sent no result", i);
                    rc = -1;
                }
                pf[i].fd = -1;
                open--;
            }
        }
    }
    free(got);
    free(pf);
    free(sink);
    return rc;
}

/* Sorts v (a few values at most: insertion sort). */
static double median(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int run_processes(DemoCtx *c, ProcsWorker *w, int W, double *started, double *created, char *err,
                         size_t errlen)
{
    DemoProcs team;
    int rc = demo_procs_start(c, &team, W, procs_child, w, sizeof *w, NULL, 0, started, created, err, errlen);
    if (rc == 0)
        rc = collect(w, team.n, team.fds, err, errlen);
    return demo_procs_end(c, &team, rc, err, errlen);
}

static int procs_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    int W = c->workers;
    bool procs = strcmp(c->variant, "processes") == 0;
    unsigned char *priv = xmalloc(PRIVATE_BYTES);
    memset(priv, 0, PRIVATE_BYTES); /* touched: the pages exist before the workers start */
    unsigned char *shared = mmap(NULL, DEMO_MAX_WORKERS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        snprintf(err, errlen, "cannot map shared memory: %s", strerror(errno));
        free(priv);
        return -1;
    }
    unsigned char *results = procs ? NULL : xmalloc((size_t)W * RESULT_BYTES);
    ProcsWorker *w = xcalloc((size_t)W, sizeof *w);
    double *started = xcalloc((size_t)W, sizeof *started), *created = xcalloc((size_t)W, sizeof *created);
    for (int i = 0; i < W; i++)
        w[i] = (ProcsWorker){.c = c, .id = i, .W = W, .units = demo_share(c->work, W, i), .priv = priv,
                             .shared = shared, .result = results ? results + (size_t)i * RESULT_BYTES : NULL};
    double t0 = now_monotonic();
    int rc = 0;
    if (procs) {
        rc = run_processes(c, w, W, started, created, err, errlen);
    } else {
        int e = demo_run_threads(W, procs_thread, w, sizeof *w, started, NULL, created);
        if (e) {
            snprintf(err, errlen, "cannot start %d threads: %s", W, strerror(e));
            rc = -1;
        }
    }
    res->wall_s = now_monotonic() - t0;
    if (rc == 0) {
        double start_us[DEMO_MAX_WORKERS], create_us[DEMO_MAX_WORKERS], cow = 0, ipc = 0, mean_start = 0;
        bool priv_seen = true, shared_seen = true;
        for (int i = 0; i < W; i++) {
            start_us[i] = (w[i].rep.t_start - started[i]) * 1e6;
            mean_start += start_us[i] / W;
            create_us[i] = (created[i] - started[i]) * 1e6;
            cow += w[i].rep.cow_s / W;
            ipc += (w[i].rep.t_recv - w[i].rep.t_send) / W;
            size_t lo = (size_t)PRIVATE_BYTES / (size_t)W * (size_t)i;
            priv_seen = priv_seen && priv[lo] == (unsigned char)(i + 1);
            shared_seen = shared_seen && shared[i] == 1;
        }
        res->done = (double)c->work;
        result_nums(res, "start_us", start_us, W, false);
        result_num(res, "mean_start_us", mean_start, true);
        /* The parent's side alone: pthread_create or fork() returning;
         * the median, so that one call preempted by another program does
         * not swamp it. */
        result_num(res, "create_us", median(create_us, W), true);
        result_num(res, "cow_ms", cow * 1e3, true);
        result_num(res, "ipc_us", ipc * 1e6, true);
        result_bool(res, "private_visible", priv_seen, false);
        result_bool(res, "shared_visible", shared_seen, false);
    }
    FREE_ALL(w, started, created, results, priv);
    munmap(shared, DEMO_MAX_WORKERS);
    return rc;
}

static void procs_conclude(const DemoCtx *c, const DemoSweep *sw, StrBuf *out)
{
    const DemoRow *w = sw->widest;
    double start = result_getnum(&w->res, "mean_start_us", NAN);
    double cow = result_getnum(&w->res, "cow_ms", NAN), ipc = result_getnum(&w->res, "ipc_us", NAN);
    if (strcmp(c->variant, "processes") == 0)
        strbuf_addf(out, "a process took %.0f µs to start; writing its part of the parent's 16 MB took %.2f ms "
                    "(the kernel copies each page it touches) and the parent never saw those writes, only the "
                    "MAP_SHARED ones; 1 MB of results took %.0f µs through a pipe.", start, cow, ipc);
    else
        strbuf_addf(out, "a thread took %.0f µs to start; it wrote straight into the parent's memory in %.2f ms, "
                    "and handing back 1 MB of results was a %.0f µs copy.", start, cow, ipc);
}

static const DemoKernel procs_kernel = {
    .default_work = 300000, .max_work = 1000000000L, .unit = "work units of ~1 µs",
    .run = procs_run, .conclude = procs_conclude, .concludes_on_setup = true};

static bool procs_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double start, cow, ipc;
    if (!r->num(r->ctx, "mean_start_us", &start) || !r->num(r->ctx, "cow_ms", &cow) ||
        !r->num(r->ctx, "ipc_us", &ipc))
        return false;
    if (brief)
        snprintf(buf, n, ": start %.0f µs, cow %.2f ms", start, cow);
    else
        snprintf(buf, n, ": start %.0f µs, copy-on-write %.2f ms, IPC %.0f µs", start, cow, ipc);
    return true;
}

static const DemoVariant procs_variants[] = {
    DEMO_VARIANT("threads", "workers are threads: cheap to start, memory shared"),
    DEMO_VARIANT_PROCESSES(
        "processes", "workers are fork()ed processes: dearer to start, memory copied on write, results through a pipe"),
};

static const DemoField procs_fields[] = {
    DEMO_FIELD("mean_start_us", "start µs", "µs", DEMO_FMT_FIX0, 0),
    DEMO_FIELD("cow_ms", "cow ms", "ms", DEMO_FMT_FIX2, 0),
    DEMO_FIELD("ipc_us", "ipc µs", "µs", DEMO_FMT_FIX0, 1),
    DEMO_FIELD_SPEEDUP(2),
    DEMO_FIELD_EFFICIENCY(3),
    DEMO_FIELD_EACH("start_us", "start µs", "µs", DEMO_FMT_FIX0, DEMO_HIDDEN),
    DEMO_FIELD("create_us", "create µs", "µs", DEMO_FMT_FIX0, DEMO_HIDDEN),
    DEMO_FIELD("private_visible", "private seen", "", DEMO_FMT_TEXT, DEMO_HIDDEN),
    DEMO_FIELD("shared_visible", "shared seen", "", DEMO_FMT_TEXT, DEMO_HIDDEN),
};

const Demo demo_procs = DEMO_ENTRY("procs", "the same work with threads and with fork()ed processes", procs_variants,
                                   0, procs_fields, &procs_kernel, procs_headline);
