/* demo/k_pool: a worker pool's map() over tasks of uneven length, in
 * chunks, as multiprocessing.Pool.map does it.
 *
 * Task i of N costs (1 + 3 i / N) units: the last tasks are four times the
 * first, as when the input is sorted by size. The input is cut into chunks
 * of --chunksize tasks (default ceil(N / (4 W)), Pool.map's rule) that the
 * workers take one at a time:
 *   threads    from a shared index under a mutex;
 *   processes  from one task pipe (16-byte messages, which a pipe delivers
 *              whole), each chunk's results sent back through the worker's
 *              own result pipe -- one message each way per chunk, as Pool
 *              pickles a chunk and its results.
 * Small chunks pay that per-message cost often; large chunks leave workers
 * idle at the end (imbalance = max / min busy time). */
#include "demo/kernel.h"
#include "demo/spin.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sys/resource.h>
#include <string.h>
#include <unistd.h>

#define STEPS_PER_UNIT 1000 /* a unit is ~1 µs: the mean task is ~2.5 µs */

typedef struct {
    int64_t start, count; /* count 0: no more tasks */
} TaskMsg;

typedef struct {
    int64_t start, count; /* count -1: the worker's final report */
    double busy_s;
    int64_t tasks;
} ResultHdr;

typedef struct {
    DemoCtx *c;
    int id;
    long ntasks, chunksize;
    /* threads */
    pthread_mutex_t *lock;
    long *next;
    double checksum;
    DemoGate *gate;
    /* processes */
    int task_fd; /* the shared task pipe's read end */
    /* out */
    double busy_s;
    long tasks_done, chunks;
} PoolWorker;

static double task(long i, long n)
{
    uint64_t units = 1 + (uint64_t)(3 * i / n);
    return (double)(spin_steps((uint64_t)i + 1, units * STEPS_PER_UNIT) & 0xff);
}

/* Runs tasks [start, start + count) into out[0..count); adds CPU time. */
static void run_chunk(PoolWorker *w, int64_t start, int64_t count, double *out)
{
    double t0 = demo_thread_cpu();
    for (int64_t k = 0; k < count; k++)
        out[k] = task((long)(start + k), w->ntasks);
    w->busy_s += demo_thread_cpu() - t0;
    w->tasks_done += (long)count;
    w->chunks++;
}

static void *pool_thread(void *p)
{
    PoolWorker *w = p;
    if (!demo_gate_wait(w->gate))
        return NULL;
    TraceSlot *slot = demo_slot(w->c, w->id);
    double *out = xcalloc((size_t)w->chunksize, sizeof *out);
    for (;;) {
        trace_state(slot, STATE_WAIT); /* at the task queue */
        pthread_mutex_lock(w->lock);
        long start = *w->next;
        long count = start + w->chunksize > w->ntasks ? w->ntasks - start : w->chunksize;
        *w->next = start + (count > 0 ? count : 0);
        pthread_mutex_unlock(w->lock);
        if (count <= 0 || demo_should_stop(w->c))
            break;
        trace_state(slot, STATE_RUN);
        run_chunk(w, start, count, out);
        for (long k = 0; k < count; k++)
            w->checksum += out[k];
    }
    trace_finish(slot);
    free(out);
    return NULL;
}

static int pool_child(void *p, int result_fd)
{
    PoolWorker *w = p;
    TraceSlot *slot = demo_slot(w->c, w->id);
    double *buf = xcalloc((size_t)w->chunksize, sizeof *buf);
    int rc = 0;
    for (;;) {
        TaskMsg m;
        trace_state(slot, STATE_WAIT);
        if (read_all(w->task_fd, &m, sizeof m) != 0) {
            rc = 1;
            break;
        }
        if (m.count <= 0 || m.count > w->chunksize || demo_should_stop(w->c))
            break;
        trace_state(slot, STATE_RUN);
        run_chunk(w, m.start, m.count, buf);
        trace_state(slot, STATE_IO);
        ResultHdr h = {m.start, m.count, 0, 0};
        if (write_all(result_fd, &h, sizeof h) != 0 ||
            write_all(result_fd, buf, (size_t)m.count * sizeof *buf) != 0) {
            rc = 1;
            break;
        }
    }
    trace_finish(slot);
    ResultHdr fin = {-1, -1, w->busy_s, w->tasks_done};
    if (rc == 0 && write_all(result_fd, &fin, sizeof fin) != 0)
        rc = 1;
    free(buf);
    return rc;
}

/* The parent of a process pool: feeds the task pipe and drains the result
 * pipes in one poll loop, so that neither side can fill a pipe and wait for
 * the other forever. */
static int feed_and_collect(DemoCtx *c, PoolWorker *w, int W, int task_wr, const int *res_rd, double *checksum,
                            char *err, size_t errlen)
{
    double *results = xcalloc((size_t)w[0].chunksize, sizeof *results);
    long ntasks = w[0].ntasks, chunk = w[0].chunksize, next = 0;
    int stops_sent = 0, open = W, rc = 0;
    struct pollfd *pf = xcalloc((size_t)W + 1, sizeof *pf);
    for (int i = 0; i < W; i++)
        pf[i] = (struct pollfd){.fd = res_rd[i], .events = POLLIN};
    pf[W] = (struct pollfd){.fd = task_wr, .events = POLLOUT};
    while (open > 0) {
        if (poll(pf, (nfds_t)W + 1, 200) < 0 && errno != EINTR)
            break;
        if (pf[W].fd >= 0 && (pf[W].revents & (POLLOUT | POLLERR))) {
            for (;;) { /* as many messages as the pipe takes now */
                bool stop = demo_should_stop(c);
                TaskMsg m = {0, 0};
                if (next < ntasks && !stop)
                    m = (TaskMsg){next, next + chunk > ntasks ? ntasks - next : chunk};
                else if (stops_sent >= W)
                    break;
                if (write(task_wr, &m, sizeof m) != (ssize_t)sizeof m)
                    break; /* EAGAIN: full for now */
                if (m.count)
                    next += m.count;
                else
                    stops_sent++;
            }
            if (stops_sent >= W)
                pf[W].fd = -1;
        }
        for (int i = 0; i < W; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ResultHdr h;
            bool ok = read_all(pf[i].fd, &h, sizeof h) == 0;
            if (ok && h.count == -1) {
                w[i].busy_s = h.busy_s;
                w[i].tasks_done = (long)h.tasks;
                pf[i].fd = -1;
                open--;
                continue;
            }
            ok = ok && h.start >= 0 && h.count > 0 && h.start + h.count <= ntasks &&
                 h.count <= chunk && read_all(pf[i].fd, results, (size_t)h.count * sizeof *results) == 0;
            if (!ok) {
                if (rc == 0)
                    snprintf(err, errlen, "worker process %d stopped answering", i);
                rc = -1;
                pf[i].fd = -1;
                open--;
                continue;
            }
            w[i].chunks++;
            for (int64_t k = 0; k < h.count; k++)
                *checksum += results[k];
        }
    }
    free(pf);
    free(results);
    return rc;
}

static int run_processes(DemoCtx *c, PoolWorker *w, int W, double *checksum, char *err, size_t errlen)
{
    int tp[2];
    if (pipe2(tp, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < W; i++)
        w[i].task_fd = tp[0];
    /* The workers must not keep the task pipe's write end: when it closes
     * (here, below) those still waiting for a task see end of file. */
    DemoProcs team;
    int rc = demo_procs_start(c, &team, W, pool_child, w, sizeof *w, &tp[1], 1, NULL, NULL, err, errlen);
    close(tp[0]);
    fcntl(tp[1], F_SETFL, O_NONBLOCK);
    if (rc == 0)
        rc = feed_and_collect(c, w, team.n, tp[1], team.fds, checksum, err, errlen);
    close(tp[1]);
    return demo_procs_end(c, &team, rc, err, errlen);
}

/* CPU seconds used by this process and its reaped children so far. */
static double cpu_used(void)
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) /
               1e6;
}

static int pool_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    int W = c->workers;
    long N = c->work;
    long chunk = c->opts->chunksize ? c->opts->chunksize : (N + 4L * W - 1) / (4L * W);
    if (chunk < 1)
        chunk = 1;
    double checksum = 0; /* the results are summed, not kept: N may be large */
    PoolWorker *w = xcalloc((size_t)W, sizeof *w);
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    DemoGate gate = DEMO_GATE_INIT;
    long next = 0;
    for (int i = 0; i < W; i++)
        w[i] = (PoolWorker){.c = c, .id = i, .ntasks = N, .chunksize = chunk, .lock = &lock, .next = &next,
                            .gate = &gate, .task_fd = -1};
    double cpu0 = cpu_used();
    double t0 = now_monotonic();
    int rc = 0;
    if (strcmp(c->variant, "processes") == 0) {
        rc = run_processes(c, w, W, &checksum, err, errlen);
    } else {
        int e = demo_run_threads(W, pool_thread, w, sizeof *w, NULL, &gate, NULL);
        if (e) {
            snprintf(err, errlen, "cannot start %d threads: %s", W, strerror(e));
            rc = -1;
        }
    }
    res->wall_s = now_monotonic() - t0;
    double cpu = cpu_used() - cpu0; /* children are reaped by now */
    if (rc == 0) {
        double busy[DEMO_MAX_WORKERS], lo = INFINITY, hi = 0, total = 0;
        long done = 0, chunks = 0;
        for (int i = 0; i < W; i++) {
            busy[i] = w[i].busy_s;
            lo = fmin(lo, busy[i]);
            hi = fmax(hi, busy[i]);
            total += busy[i];
            done += w[i].tasks_done;
            chunks += w[i].chunks;
        }
        res->done = (double)done;
        result_int(res, "chunksize", chunk, true);
        result_int(res, "tasks", done, true);
        result_int(res, "chunks", chunks, false);
        result_nums(res, "busy_s", busy, W, false); /* the table shows their imbalance */
        result_num(res, "imbalance", lo > 0 ? hi / lo : INFINITY, true);
        /* CPU time the pool cost beyond the tasks themselves, per task:
         * messages, locks, wake-ups (CPU time, so a busy machine does not
         * inflate it as wall time would). */
        double over = (cpu - total) / (done ? (double)done : 1) * 1e6;
        result_num(res, "overhead_us", over > 0 ? over : 0, true);
    }
    free(w);
    return rc;
}

static void pool_conclude(const DemoCtx *c, const DemoSweep *sw, StrBuf *out)
{
    const DemoRow *w = sw->widest;
    (void)c;
    double imb = result_getnum(&w->res, "imbalance", NAN), over = result_getnum(&w->res, "overhead_us", NAN);
    long chunk = (long)result_getnum(&w->res, "chunksize", 0);
    strbuf_addf(out, "with chunks of %ld task%s, %d worker%s spent %.1f µs per task beyond the work itself, and ",
                chunk, chunk == 1 ? "" : "s", w->workers, w->workers == 1 ? "" : "s", over);
    if (isfinite(imb))
        strbuf_addf(out, "the busiest worked %.2f× as long as the idlest", imb);
    else
        strbuf_adds(out, "some workers got no task at all");
    strbuf_adds(out, ": smaller chunks cost more messages, larger ones leave workers idle at the end.");
}

static const DemoKernel pool_kernel = {
    .default_work = 200000, .max_work = 100000000L, .unit = "tasks (task i of N costs 1 + 3 i / N µs)",
    .run = pool_run, .conclude = pool_conclude};

static bool pool_headline(const DemoReading *r, bool brief, char *buf, size_t n)
{
    double over, imb;
    if (!r->num(r->ctx, "overhead_us", &over))
        return false;
    char x[40];
    demo_format(DEMO_FMT_SIG, over, x, sizeof x);
    if (r->num(r->ctx, "imbalance", &imb))
        snprintf(buf, n, brief ? ": %s µs/task, imbalance %.2f" : ": overhead %s µs/task, imbalance %.2f", x, imb);
    else /* infinite: a worker got no task */
        snprintf(buf, n, brief ? ": %s µs/task, some idle" : ": overhead %s µs/task, some workers idle", x);
    return true;
}

static const DemoVariant pool_variants[] = {
    DEMO_VARIANT("threads", "a thread pool taking chunks from a shared queue"),
    DEMO_VARIANT_PROCESSES("processes",
                           "a process pool: every chunk and its results go through pipes, as in multiprocessing.Pool"),
};

static const DemoField pool_fields[] = {
    DEMO_FIELD("overhead_us", "overhead µs", "µs", DEMO_FMT_SIG, 0),
    DEMO_FIELD("imbalance", "imbalance", "", DEMO_FMT_FIX2, 0),
    DEMO_FIELD("chunksize", "chunk", "", DEMO_FMT_COUNT, 1),
    DEMO_FIELD_EACH("busy_s", "busy s", "s", DEMO_FMT_FIX2, 2),
    DEMO_FIELD_SPEEDUP(2),
    DEMO_FIELD_EFFICIENCY(4),
    DEMO_FIELD("tasks", "tasks", "", DEMO_FMT_COUNT, 3),
    DEMO_FIELD("chunks", "chunks", "", DEMO_FMT_COUNT, DEMO_HIDDEN),
};

const Demo demo_pool = DEMO_ENTRY("pool", "a worker pool with map(), chunksize and uneven tasks", pool_variants,
                                  DEMO_TAKES_CHUNKSIZE, pool_fields, &pool_kernel, pool_headline);
