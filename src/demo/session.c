/* demo/session: the watcher (deadline, signals), the writer (samples, spans) and the
 * bookkeeping of child processes. See session.h. */
#include "demo/session.h"
#include "probe/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN (DEMO_MAX_WORKERS + 16)
#define WATCH_PERIOD 0.05 /* seconds between the watcher's looks at the clock */

struct Session {
    bool json;
    double origin;
    FILE *out;
    pthread_mutex_t out_lock;
    _Atomic bool out_broken;

    Probe *probe;
    double *pct;
    int allowed;
    Trace *trace;
    DemoShared *shared; /* one shared page */

    pthread_t watcher, writer;
    bool watcher_running, writer_running;
    _Atomic bool quit;
    pthread_mutex_t quit_lock;
    pthread_cond_t quit_cond; /* wakes the writer at the end */
    _Atomic int signal;
    sigset_t sigs;

    /* Guarded by run_lock: the deadline, the stop hook, the children. */
    pthread_mutex_t run_lock;
    double deadline;   /* 0: no run; else when its workers are asked to stop */
    double limit;      /* when it must have stopped by (--seconds): the watchdog's, with the grace */
    void (*stop_fn)(void *);
    void *stop_arg;
    pid_t children[MAX_CHILDREN];
    int nchildren;
};

/* ---- output ---- */

static void write_locked(Session *s, JsonOut *j)
{
    if (json_write_line(j, s->out) != 0 && !atomic_load(&s->out_broken)) {
        atomic_store(&s->out_broken, true);
        atomic_store(&s->shared->stop, DEMO_STOP_SIGNAL);
    }
}

void session_write_json(Session *s, JsonOut *j)
{
    pthread_mutex_lock(&s->out_lock);
    write_locked(s, j);
    pthread_mutex_unlock(&s->out_lock);
}

void session_printf(Session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s->out_lock);
    vfprintf(s->out, fmt, ap);
    if (fflush(s->out) != 0)
        atomic_store(&s->out_broken, true);
    pthread_mutex_unlock(&s->out_lock);
    va_end(ap);
}

/* ---- stopping ---- */

/* With run_lock held: tell the workers, wake them, kill the children. */
static void stop_locked(Session *s, int why, bool kill_children)
{
    int expected = 0;
    atomic_compare_exchange_strong(&s->shared->stop, &expected, why);
    if (why == DEMO_STOP_SIGNAL)
        atomic_store(&s->shared->stop, DEMO_STOP_SIGNAL);
    if (s->stop_fn)
        s->stop_fn(s->stop_arg);
    if (kill_children)
        for (int i = 0; i < s->nchildren; i++)
            kill(s->children[i], SIGKILL);
}

/* The last resort: the run ignores every request to stop. */
static _Noreturn void die(Session *s, const char *message, int status)
{
    pthread_mutex_lock(&s->run_lock);
    stop_locked(s, DEMO_STOP_SIGNAL, true);
    /* Reap the children we just killed (SIGKILL works even on stopped
     * ones), so that no zombie outlives us waiting for an init that may
     * not reap. Bounded: half a second at most. */
    double until_reaped = now_monotonic() + 0.5;
    for (int i = 0; i < s->nchildren; i++)
        while (waitpid(s->children[i], NULL, WNOHANG) == 0 && now_monotonic() < until_reaped)
            usleep(1000);
    pthread_mutex_unlock(&s->run_lock);
    /* A slow reader can keep the output lock held (a write blocked on a
     * full pipe): try for a moment, then write without blocking. Holding
     * the lock, stdout's buffer is empty (every line is flushed whole). */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 200000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    if (s->json && pthread_mutex_timedlock(&s->out_lock, &until) == 0) {
        JsonOut j;
        json_error_record(&j, message);
        size_t len = json_finish_line(&j);
        int fd = fileno(s->out);
        struct stat st;
        /* A pipe's write end is ours alone; a terminal's flags are shared
         * with the shell, so leave those alone. */
        if (fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        ssize_t w = write(fd, json_text(&j), len);
        (void)w; /* nothing more to do if even this fails */
        json_free(&j);
    }
    fprintf(stderr, "corelab demo: %s\n", message);
    fflush(stderr);
    _exit(status);
}

/* ---- the watcher and the writer ---- */

static void emit_sample(Session *s, double now)
{
    if (probe_sample(s->probe, s->pct) != 0)
        return;
    JsonOut j;
    json_record_begin(&j, STREAM_SAMPLE);
    json_knum(&j, STREAM_KEY_T, now - s->origin);
    json_key(&j, STREAM_KEY_CPU);
    json_arr_begin(&j);
    for (int i = 0; i < probe_ncpus(s->probe); i++)
        json_num(&j, s->pct[i] < 0 ? NAN : round(s->pct[i] * 10) / 10);
    json_arr_end(&j);
    /* Which CPUs those are (the affinity mask need not start at 0). */
    json_key(&j, STREAM_KEY_CPUS);
    json_arr_begin(&j);
    for (int i = 0; i < probe_ncpus(s->probe); i++)
        json_int(&j, probe_cpu_id(s->probe, i));
    json_arr_end(&j);
    /* Only when a cgroup cpu.max quota is set: the CPUs' worth of time the
     * process may use, which can be fewer than the CPUs listed. */
    if (probe_quota(s->probe) > 0)
        json_knum(&j, STREAM_KEY_QUOTA, probe_quota(s->probe));
    json_obj_end(&j);
    session_write_json(s, &j);
    json_free(&j);
}

typedef struct {
    Session *s;
    JsonOut j;
} SpanWriter;

static void write_span(void *ctx, int slot, const TraceSpan *sp)
{
    SpanWriter *w = ctx;
    JsonOut *j = &w->j;
    json_obj_begin(j);
    json_kstr(j, STREAM_KEY_TYPE, STREAM_SPAN);
    json_knum(j, STREAM_KEY_T, sp->t);
    json_knum(j, STREAM_KEY_DUR, sp->dur);
    json_kint(j, STREAM_KEY_THREAD, slot);
    json_kstr(j, STREAM_KEY_STATE, stream_state_name(sp->state));
    json_kint(j, STREAM_KEY_CPU, sp->cpu);
    json_obj_end(j);
    write_locked(w->s, j);
}

/* Streams every published span in one batch under the output lock. */
static void emit_spans(Session *s)
{
    if (!s->trace || !s->json)
        return;
    SpanWriter w = {.s = s};
    json_init(&w.j);
    pthread_mutex_lock(&s->out_lock);
    trace_drain(s->trace, write_span, &w);
    pthread_mutex_unlock(&s->out_lock);
    json_free(&w.j);
}

static void on_signal(Session *s, int sig)
{
    if (atomic_load(&s->signal) == 0)
        atomic_store(&s->signal, sig);
    pthread_mutex_lock(&s->run_lock);
    stop_locked(s, DEMO_STOP_SIGNAL, true);
    pthread_mutex_unlock(&s->run_lock);
}

static struct timespec rel_timespec(double secs)
{
    if (secs < 0.0005)
        secs = 0.0005;
    struct timespec ts = {.tv_sec = (time_t)secs};
    ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
    return ts;
}

/* The watcher: signals and the deadline. It never writes to stdout (a slow
 * reader must not be able to hold up the watchdog), except in die(), which
 * gives up on the output lock after a moment. */
static void *watcher_main(void *arg)
{
    Session *s = arg;
    double signal_deadline = 0;
    while (!atomic_load(&s->quit)) {
        double now = now_monotonic();
        pthread_mutex_lock(&s->run_lock);
        double deadline = s->deadline;
        pthread_mutex_unlock(&s->run_lock);
        double wait = WATCH_PERIOD;
        if (deadline > 0 && deadline > now && deadline - now < wait)
            wait = deadline - now;
        struct timespec ts = rel_timespec(wait);
        int sig = sigtimedwait(&s->sigs, NULL, &ts);
        now = now_monotonic();
        if (sig > 0) {
            on_signal(s, sig);
            if (signal_deadline == 0)
                signal_deadline = now + SESSION_GRACE;
        }
        if (signal_deadline > 0 && now >= signal_deadline)
            die(s, "interrupted, and the run did not stop in time", 128 + atomic_load(&s->signal));
        /* Read again: the run we waited for may have ended, and the next
         * one begun with a deadline of its own. */
        pthread_mutex_lock(&s->run_lock);
        deadline = s->deadline;
        double limit = s->limit;
        if (deadline > 0 && now >= deadline)
            stop_locked(s, DEMO_STOP_TIME, false);
        pthread_mutex_unlock(&s->run_lock);
        if (deadline > 0 && now >= deadline) {
            if (now >= limit + SESSION_GRACE) {
                char msg[128];
                snprintf(msg, sizeof msg, "the run did not stop within %.1f s of its --seconds limit",
                         SESSION_GRACE);
                die(s, msg, 1);
            }
        }
    }
    return NULL;
}

/* The writer (--json only): a sample and a batch of spans every tick. */
static void *writer_main(void *arg)
{
    Session *s = arg;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    pthread_mutex_lock(&s->quit_lock);
    while (!atomic_load(&s->quit)) {
        next.tv_nsec += (long)(SESSION_TICK * 1e9);
        while (next.tv_nsec >= 1000000000) {
            next.tv_sec++;
            next.tv_nsec -= 1000000000;
        }
        while (!atomic_load(&s->quit) && pthread_cond_timedwait(&s->quit_cond, &s->quit_lock, &next) == 0)
            ;
        if (atomic_load(&s->quit))
            break;
        pthread_mutex_unlock(&s->quit_lock);
        if (!atomic_load(&s->out_broken)) {
            emit_sample(s, now_monotonic());
            emit_spans(s);
        }
        pthread_mutex_lock(&s->quit_lock);
        /* After a long stall, tick from now rather than catching up. */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > next.tv_sec + 1)
            next = now;
    }
    pthread_mutex_unlock(&s->quit_lock);
    return NULL;
}

/* ---- life cycle ---- */

Session *session_start(bool json, int max_slots, char *err, size_t errlen)
{
    Session *s = xcalloc(1, sizeof *s);
    s->json = json;
    s->out = stdout;
    s->origin = now_monotonic();
    pthread_mutex_init(&s->out_lock, NULL);
    pthread_mutex_init(&s->run_lock, NULL);
    pthread_mutex_init(&s->quit_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->quit_cond, &ca);
    pthread_condattr_destroy(&ca);
    s->shared = mmap(NULL, sizeof *s->shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s->shared == MAP_FAILED) {
        snprintf(err, errlen, "cannot map shared memory: %s", strerror(errno));
        free(s);
        return NULL;
    }
    atomic_store(&s->shared->stop, 0);
    if (max_slots > 0) {
        s->trace = trace_new(max_slots, s->origin);
        if (!s->trace) {
            snprintf(err, errlen, "cannot map the trace buffers: %s", strerror(errno));
            munmap(s->shared, sizeof *s->shared);
            free(s);
            return NULL;
        }
    }
    s->probe = probe_open();
    s->pct = xcalloc((size_t)probe_ncpus(s->probe), sizeof *s->pct);
    s->allowed = probe_allowed_workers();

    /* Every thread created from here on inherits the blocked set; the
     * watcher alone takes these signals. A vanished reader gives EPIPE. */
    sigemptyset(&s->sigs);
    sigaddset(&s->sigs, SIGINT);
    sigaddset(&s->sigs, SIGTERM);
    sigaddset(&s->sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s->sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, SIG_DFL); /* the backstop must work even if inherited ignored */

    int rc = pthread_create(&s->watcher, NULL, watcher_main, s);
    s->watcher_running = rc == 0;
    if (rc == 0 && json) {
        rc = pthread_create(&s->writer, NULL, writer_main, s);
        s->writer_running = rc == 0;
    }
    if (rc != 0) {
        snprintf(err, errlen, "cannot start a thread: %s", strerror(rc));
        session_end(s);
        return NULL;
    }
    return s;
}

void session_stop_threads(Session *s)
{
    pthread_mutex_lock(&s->quit_lock);
    atomic_store(&s->quit, true);
    pthread_cond_broadcast(&s->quit_cond);
    pthread_mutex_unlock(&s->quit_lock);
    if (s->writer_running)
        pthread_join(s->writer, NULL);
    if (s->watcher_running)
        pthread_join(s->watcher, NULL);
    s->writer_running = s->watcher_running = false;
}

void session_end(Session *s)
{
    if (!s)
        return;
    session_stop_threads(s);
    probe_close(s->probe);
    free(s->pct);
    trace_free(s->trace);
    munmap(s->shared, sizeof *s->shared);
    pthread_mutex_destroy(&s->out_lock);
    pthread_mutex_destroy(&s->run_lock);
    pthread_mutex_destroy(&s->quit_lock);
    pthread_cond_destroy(&s->quit_cond);
    free(s);
}

DemoShared *session_shared(Session *s) { return s->shared; }
Trace *session_trace(Session *s) { return s->trace; }
double session_origin(const Session *s) { return s->origin; }
int session_allowed_cpus(const Session *s) { return s->allowed; }
double session_quota(const Session *s) { return probe_quota(s->probe); }
int session_probe_cpus(const Session *s) { return probe_ncpus(s->probe); }
int session_signal(Session *s) { return atomic_load(&s->signal); }
bool session_output_broken(Session *s) { return atomic_load(&s->out_broken); }

int session_stop_reason(Session *s)
{
    return atomic_load(&s->shared->stop);
}

void session_run_begin(Session *s, double seconds)
{
    session_run_begin_soft(s, seconds, seconds);
}

void session_run_begin_soft(Session *s, double stop_after, double seconds)
{
    trace_reset(s->trace);
    pthread_mutex_lock(&s->run_lock);
    /* A signal that came between runs keeps its stop. */
    if (atomic_load(&s->shared->stop) != DEMO_STOP_SIGNAL)
        atomic_store(&s->shared->stop, 0);
    double now = now_monotonic();
    s->deadline = now + (stop_after < seconds ? stop_after : seconds);
    s->limit = now + seconds;
    pthread_mutex_unlock(&s->run_lock);
    /* The backstop behind the watcher, should it ever be stuck itself:
     * SIGALRM's default action ends the process, and PR_SET_PDEATHSIG the
     * children. Cancelled at the end of the run. */
    alarm((unsigned)ceil(seconds + SESSION_GRACE) + 5);
}

void session_run_end(Session *s)
{
    alarm(0);
    pthread_mutex_lock(&s->run_lock);
    s->deadline = 0;
    pthread_mutex_unlock(&s->run_lock);
    emit_spans(s);
}

/* ---- what kernels call ---- */

TraceSlot *demo_slot(const DemoCtx *c, int i)
{
    return trace_slot(c->trace, i);
}

void demo_set_stop_hook(DemoCtx *c, void (*fn)(void *), void *arg)
{
    Session *s = c->session;
    pthread_mutex_lock(&s->run_lock);
    s->stop_fn = fn;
    s->stop_arg = arg;
    bool stopped = atomic_load(&s->shared->stop) != 0;
    if (fn && stopped)
        fn(arg); /* the stop came before the hook */
    pthread_mutex_unlock(&s->run_lock);
}

/* In a fresh child: behave like a plain process that dies with its parent. */
static void child_setup(pid_t parent)
{
    sigset_t all;
    sigfillset(&all);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, &all, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, DEMO_WORKER_NAME, 0, 0, 0); /* what ps and top call it */
    if (getppid() != parent) /* the parent died before prctl */
        _exit(1);
}

pid_t demo_fork(DemoCtx *c, int (*fn)(void *), void *arg)
{
    Session *s = c->session;
    pid_t parent = getpid();
    pthread_mutex_lock(&s->run_lock);
    if (s->nchildren >= MAX_CHILDREN || atomic_load(&s->shared->stop) == DEMO_STOP_SIGNAL) {
        pthread_mutex_unlock(&s->run_lock);
        errno = s->nchildren >= MAX_CHILDREN ? EAGAIN : EINTR;
        return -1;
    }
    /* No fflush here: every line is flushed as it is written, a child
     * leaves with _exit (never flushing what it inherited), and flushing a
     * pipe that a slow reader keeps full would hold run_lock. */
    pid_t pid = fork();
    if (pid == 0) {
        child_setup(parent);
        _exit(fn(arg));
    }
    if (pid > 0)
        s->children[s->nchildren++] = pid;
    int e = errno;
    pthread_mutex_unlock(&s->run_lock);
    errno = e;
    return pid;
}

int demo_reap(DemoCtx *c, pid_t pid)
{
    Session *s = c->session;
    /* Wait without reaping, unregister, then reap: until waitpid the pid
     * stays ours (a zombie at worst), so the watcher can never kill a
     * stranger that reused it. */
    siginfo_t info;
    while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&s->run_lock);
    for (int i = 0; i < s->nchildren; i++)
        if (s->children[i] == pid) {
            s->children[i] = s->children[--s->nchildren];
            break;
        }
    pthread_mutex_unlock(&s->run_lock);
    int status;
    pid_t r;
    while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    return r == pid ? status : -1;
}

double demo_thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
