/* trace/sampler: rows, cells and spans (sampler.h has the model). */
#include "trace/sampler_int.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WINDOW 128 /* cells */
#define WAKE_EVERY 4    /* ticks between looks at a thread asleep */
#define STAT_EVERY 16   /* ticks between stat reads of a thread */

int sampler_cell_state(double cell, double run, double ready, int blocked)
{
    double rest = cell - run - ready;
    if (rest < 0)
        rest = 0;
    /* within a microsecond counts as equal: float sums of deltas */
    if (2 * run + 1e-6 >= cell || (run + 1e-6 >= ready && run + 1e-6 >= rest))
        return STATE_RUN;
    return ready >= rest ? STATE_READY : blocked;
}

Sampler *sampler_new(TraceSpanFn spans, void *ctx)
{
    Sampler *s = xcalloc(1, sizeof *s);
    s->self = getpid();
    s->span_fn = spans;
    s->ctx = ctx;
    s->scan_every = TRACE_SCAN_MIN_S;
    tree_seed(s);
    return s;
}

void sampler_follow(Sampler *s, pid_t root, double origin, double interval)
{
    s->root = root;
    s->origin = origin;
    s->window = (int)ceil(TRACE_WINDOW_S / interval) + 1;
    if (s->window > MAX_WINDOW)
        s->window = MAX_WINDOW;
    s->cell_t = xcalloc((size_t)s->window, sizeof *s->cell_t);
    s->cell_len = xcalloc((size_t)s->window, sizeof *s->cell_len);
    tree_add_proc(s, root);
}

void sampler_free(Sampler *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nrows; i++) {
        probe_task_close(&s->rows[i].files);
        free(s->rows[i].ring);
    }
    tree_free(s);
    free(s->cell_t);
    free(s->cell_len);
    free(s);
}

/* ---- spans ---- */

static void span_flush(Sampler *s, ThreadRow *r)
{
    if (r->open && s->span_fn)
        s->span_fn(s->ctx, &r->pub, r->span_state, r->span_t0, r->span_t1, r->span_cpu);
    r->open = false;
}

/* Extends the open span with [t0, t1] in `state`, or closes it and opens
 * another. */
static void span_push(Sampler *s, ThreadRow *r, int state, double t0, double t1, int cpu)
{
    if (r->open && r->span_state == state && t1 - r->span_t0 <= TRACE_SPLIT_S) {
        r->span_t1 = t1;
        r->span_cpu = cpu;
        return;
    }
    span_flush(s, r);
    r->open = true;
    r->span_state = state;
    r->span_cpu = cpu;
    r->span_t0 = t0;
    r->span_t1 = t1;
}

/* ---- rows ---- */

static void copy_name(char *dst, const char *src)
{
    snprintf(dst, PROBE_COMM_MAX, "%s", src);
}

/* The main thread names its process; another thread is called by its own
 * comm once it has one (Python 3.14 names threads after they start), else
 * T1, T2, ... in the order they were found. */
static void name_row(Sampler *s, ThreadRow *r, const ProbeTaskStat *st)
{
    Proc *p = &s->procs[r->proc];
    if (r->pub.tid == p->pid) {
        copy_name(p->comm, st->comm);
        copy_name(r->pub.name, st->comm);
    } else if (p->comm[0] && strcmp(st->comm, p->comm) != 0) {
        if (strcmp(st->comm, r->pub.name) != 0)
            copy_name(r->pub.name, st->comm);
    } else if (r->pub.name[0] == '\0') {
        snprintf(r->pub.name, sizeof r->pub.name, "T%d", ++p->unnamed);
    }
    copy_name(r->pub.process, p->comm);
}

bool sampler_add_row(Sampler *s, int i, pid_t tid)
{
    ThreadRow *r = &s->rows[s->nrows];
    *r = (ThreadRow){.proc = i, .last_block = PROBE_BLOCK_UNKNOWN};
    Proc *p = &s->procs[i];
    ProbeTaskStat st;
    if (probe_task_open(&r->files, p->pid, tid) != 0)
        return false;
    if (probe_task_stat(&r->files, &st) != 0) {
        probe_task_close(&r->files);
        return false;
    }
    r->pub.row = s->nrows;
    r->pub.pid = p->pid;
    r->pub.tid = tid;
    /* Its first cell is the one this tick closes: it appeared since the
     * previous tick. */
    r->pub.t_first = r->pub.t_last = s->t_prev - s->origin;
    r->ring = xcalloc((size_t)s->window, sizeof *r->ring);
    cells_init(&r->cells, r->ring, s->window, s->ncells);
    name_row(s, r, &st);
    r->stat = st;
    s->nrows++;
    return true;
}

static void stop_reading(Sampler *s, ThreadRow *r)
{
    (void)s;
    r->gone = true;
    probe_task_close(&r->files);
}

static double delta_s(uint64_t now, uint64_t before)
{
    return now > before ? (double)(now - before) * 1e-9 : 0;
}

/* What thread r is doing now: its state letter into st->state (and,
 * when stat is read, the rest of st), and the call it is blocked in into
 * r->last_block. A thread asleep that has not run since cannot have
 * changed, except by being woken without a CPU yet: that its syscall file
 * ("running") tells, read every WAKE_EVERY ticks. A thread that ran is
 * asked its syscall file too ("running", or the call it is blocked in),
 * which is cheaper than stat; stat is read every STAT_EVERY ticks (its
 * name, the CPU it ran on, a stop), and whenever a main thread ran (it may
 * linger as a zombie while the others run) or syscall is denied. false
 * when the thread has gone. */
static bool observe(Sampler *s, ThreadRow *r, bool ran, ProbeTaskStat *st)
{
    bool asleep = st->state == 'S' || st->state == 'D';
    bool leader = r->pub.tid == s->procs[r->proc].pid;
    r->unread++;
    if (!ran && asleep && r->unread % WAKE_EVERY != 0 && r->last_block != PROBE_BLOCK_UNKNOWN)
        return true;
    if ((ran && leader) || r->files.syscall_denied || r->unread >= STAT_EVERY) {
        if (probe_task_stat(&r->files, st) != 0)
            return false;
        r->unread = 0;
        name_row(s, r, st);
        if (st->state != 'S')
            return true; /* running, disk wait, stopped or ended: no call to read */
    }
    ProbeBlock b = probe_task_block(&r->files);
    if (b == PROBE_BLOCK_RUNNING) {
        st->state = 'R';
        return true;
    }
    if (b == PROBE_BLOCK_UNKNOWN) { /* hidden, or it ended this instant */
        s->blocked_reads += r->files.syscall_denied;
        s->blocked_unknown += r->files.syscall_denied;
        return true;
    }
    s->blocked_reads++;
    r->last_block = b;
    if (st->state == 'R')
        st->state = 'S';
    return true;
}

/* Where the blocked part of a cell went: the call the thread is blocked in
 * now, or, when it is runnable again, the one it was last seen in. */
static int blocked_kind(const ThreadRow *r, char state)
{
    switch (state) {
    case 'Z': case 'X': case 'T': case 't':
        return STATE_IDLE; /* ended or stopped */
    case 'D':
        return STATE_IO;   /* uninterruptible: disk and the like */
    default:
        return r->last_block == PROBE_BLOCK_FUTEX ? STATE_WAIT : STATE_IO;
    }
}

/* Reads row r and adds its cell `len` seconds long. */
static void sample_row(Sampler *s, ThreadRow *r, double len)
{
    ProbeSchedstat ss;
    ProbeTaskStat st = r->stat;
    if (probe_task_schedstat(&r->files, &ss) != 0) {
        stop_reading(s, r); /* ended since the last tick: its life ends there */
        return;
    }
    bool ran = ss.slices != r->last.slices || ss.run_ns != r->last.run_ns;
    r->ran = ran;
    r->ran_since_children |= ran;
    if (!observe(s, r, ran, &st)) {
        stop_reading(s, r);
        return;
    }
    r->stat = st;
    cells_add(&r->cells, len, delta_s(ss.run_ns, r->last.run_ns), delta_s(ss.delay_ns, r->last.delay_ns),
              st.state == 'R', blocked_kind(r, st.state), st.cpu);
    r->pub.cpu_s = (double)ss.run_ns * 1e-9;
    r->last = ss;
    if (st.state == 'Z' || st.state == 'X')
        stop_reading(s, r);
}

/* ---- final cells ---- */

/* Makes cell f final in every row that has it; counts the overlap. */
static void finalize(Sampler *s, long f)
{
    double t0 = s->cell_t[f % s->window], len = s->cell_len[f % s->window];
    int half = 0;
    for (int i = 0; i < s->nrows; i++) {
        ThreadRow *r = &s->rows[i];
        if (r->pub.ended || r->cells.done != f || cells_pending(&r->cells) == 0)
            continue;
        TraceCell c = cells_take(&r->cells);
        r->pub.time_in[STATE_RUN] += c.run;
        r->pub.time_in[STATE_READY] += c.ready;
        r->pub.time_in[c.kind] += c.blocked;
        r->pub.t_last = t0 + len - s->origin;
        span_push(s, r, sampler_cell_state(len, c.run, c.ready, c.kind), t0 - s->origin, t0 + len - s->origin,
                  c.cpu);
        half += 2 * c.run > len;
        if (r->gone && cells_pending(&r->cells) == 0) {
            span_flush(s, r);
            r->pub.ended = true;
        }
    }
    s->traced_s += len;
    if (half >= 2)
        s->overlap_s += len;
    s->cell_max_s = fmax(s->cell_max_s, len);
    s->nfinal = f + 1;
}

/* Rows that stopped reading before their first cell end at once. */
static void end_empty_rows(Sampler *s)
{
    for (int i = 0; i < s->nrows; i++) {
        ThreadRow *r = &s->rows[i];
        if (r->gone && !r->pub.ended && cells_pending(&r->cells) == 0) {
            span_flush(s, r);
            r->pub.ended = true;
        }
    }
}

/* ---- ticks ---- */

/* Lists the threads of the processes that may have new ones: a thread is
 * started by a thread that runs, so only where a row ran in this cell (or
 * that has no row running to tell) does the count need a look. */
static void discover(Sampler *s, double now)
{
    tree_scan(s, now);
    for (int i = 0; i < s->nprocs; i++) {
        Proc *p = &s->procs[i];
        if (!p->alive)
            continue;
        if (p->active || p->rows_live == 0)
            p->num_threads = tree_thread_count(p);
        bool due = p->t_listed == 0 || now - p->t_listed >= TRACE_LIST_S ||
                   (p->num_threads >= 0 && p->num_threads != p->listed);
        if (!due)
            continue;
        int e = tree_list_threads(s, i, now);
        /* The program cannot leave /proc before corelab reaps it: it is
         * hidden (hidepid) or not ours. */
        if (p->pid == s->root && (e == ENOENT || e == EACCES || e == EPERM || e == ESRCH))
            s->root_error = e;
    }
}

/* Samples rows from..nrows for cell c (`len` seconds), marking the
 * processes whose threads ran. */
static void sample_rows(Sampler *s, int from, double len)
{
    for (int i = from; i < s->nrows; i++) {
        ThreadRow *r = &s->rows[i];
        if (r->gone)
            continue;
        sample_row(s, r, len);
        Proc *p = &s->procs[r->proc];
        p->active |= r->ran;
        p->rows_live += !r->gone;
    }
}

int sampler_tick(Sampler *s, double now)
{
    if (s->root_error)
        return s->root_error;
    if (s->t_prev == 0)
        s->t_prev = s->origin; /* the first cell starts at the spawn */
    while (s->ncells - s->nfinal >= s->window - 1)
        finalize(s, s->nfinal);
    long c = s->ncells;
    double len = now - s->t_prev;
    s->cell_t[c % s->window] = s->t_prev;
    s->cell_len[c % s->window] = len;
    for (int i = 0; i < s->nprocs; i++)
        s->procs[i].active = false, s->procs[i].rows_live = 0;
    sample_rows(s, 0, len);
    /* New rows found now have this cell as their first. */
    int known_rows = s->nrows;
    discover(s, now);
    if (s->root_error)
        return s->root_error;
    sample_rows(s, known_rows, len);
    end_empty_rows(s);
    s->ncells++;
    s->t_prev = now;
    return 0;
}

void sampler_finish(Sampler *s)
{
    while (s->nfinal < s->ncells)
        finalize(s, s->nfinal);
    for (int i = 0; i < s->nrows; i++)
        span_flush(s, &s->rows[i]);
}

int sampler_signal_all(Sampler *s, int sig)
{
    /* Look again now: a process started since the last scan, or orphaned
     * before it was found (handed to corelab), must not be missed. */
    s->t_children = s->t_scan = 0;
    tree_scan(s, now_monotonic());
    int n = 0;
    for (int i = 0; i < s->nprocs; i++)
        n += s->procs[i].alive && tree_signal(&s->procs[i], sig) == 0;
    return n;
}

int sampler_nrows(const Sampler *s) { return s->nrows; }
const TraceRow *sampler_row(const Sampler *s, int i) { return &s->rows[i].pub; }

void sampler_summary(const Sampler *s, TraceSummary *out)
{
    *out = (TraceSummary){.processes = s->nprocs, .rows = s->nrows, .rows_capped = s->rows_capped,
                          .procs_capped = s->procs_capped, .traced_s = s->traced_s,
                          .overlap_s = s->overlap_s, .cell_max_s = s->cell_max_s, .cells = s->nfinal};
    for (int i = 0; i < s->nprocs; i++)
        out->threads += s->procs[i].ntids;
    for (int i = 0; i < s->nrows; i++)
        out->cpu_s += s->rows[i].pub.cpu_s;
    /* Most blocked threads' calls unreadable: syscall and wchan hidden (a
     * setuid program, or ptrace_scope 3). */
    out->lock_waits_hidden = s->blocked_reads > 0 && 2 * s->blocked_unknown > s->blocked_reads;
}
