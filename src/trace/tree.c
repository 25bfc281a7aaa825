/* trace/tree: which processes and threads belong to the traced program.
 * Threads come from /proc/PID/task; processes from the threads' children
 * files and from scans of /proc for new pids whose parent is already
 * followed (or is corelab itself, the child subreaper that orphans are
 * handed to). Directories stay open and are listed again from their start,
 * into one scratch buffer: nothing is allocated per tick. */
#include "trace/sampler_int.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A scan of /proc may take at most this share of the time between scans. */
#define SCAN_SHARE 0.01

/* Where id stands, or would stand, in the ascending ids[0..n). */
static int lower_bound(const pid_t *ids, int n, pid_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Inserts tid; false when it was known already. */
static bool remember_tid(Proc *p, pid_t tid)
{
    int at = lower_bound(p->tids, p->ntids, tid);
    if (at < p->ntids && p->tids[at] == tid)
        return false;
    if (p->ntids == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->tids = xrealloc(p->tids, (size_t)p->cap * sizeof *p->tids);
    }
    memmove(p->tids + at + 1, p->tids + at, (size_t)(p->ntids - at) * sizeof *p->tids);
    p->tids[at] = tid;
    p->ntids++;
    return true;
}

int tree_add_proc(Sampler *s, pid_t pid)
{
    if (s->nprocs == TRACE_MAX_PROCS) {
        s->procs_capped = true;
        return -1;
    }
    if (s->nprocs % 64 == 0)
        s->procs = xrealloc(s->procs, (size_t)(s->nprocs + 64) * sizeof *s->procs);
    Proc *p = &s->procs[s->nprocs];
    *p = (Proc){.pid = pid, .alive = true, .num_threads = -1};
    p->task_fd = probe_open_dir(pid);
#ifdef SYS_pidfd_open
    p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#else
    p->pidfd = -1;
#endif
    /* Its name, in case its main thread gets no row. */
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    char *comm = read_file_bounded(path, 256, NULL, false);
    if (comm)
        probe_parse_comm(comm, p->comm, sizeof p->comm);
    free(comm);
    return s->nprocs++;
}

/* Lists directory fd into s->scratch, growing it: count or -errno. */
static int list_into_scratch(Sampler *s, int fd)
{
    if (fd < 0)
        return fd;
    for (;;) {
        int n = probe_list_dir(fd, s->scratch, s->scratch_cap);
        if (n <= s->scratch_cap)
            return n;
        s->scratch_cap = n + n / 4 + 64;
        s->scratch = xrealloc(s->scratch, (size_t)s->scratch_cap * sizeof *s->scratch);
    }
}

long tree_thread_count(const Proc *p)
{
    struct stat st;
    /* /proc/PID/task's link count is its number of threads + 2. */
    if (p->task_fd < 0 || fstat(p->task_fd, &st) != 0 || st.st_nlink < 3)
        return -1;
    return (long)st.st_nlink - 2;
}

int tree_signal(const Proc *p, int sig)
{
#ifdef SYS_pidfd_send_signal
    if (p->pidfd >= 0)
        return syscall(SYS_pidfd_send_signal, p->pidfd, sig, NULL, 0) == 0 ? 0 : errno;
#endif
    return kill(p->pid, sig) == 0 ? 0 : errno;
}

static void proc_ended(Proc *p)
{
    p->alive = false;
    if (p->task_fd >= 0)
        close(p->task_fd);
    if (p->pidfd >= 0)
        close(p->pidfd);
    p->task_fd = p->pidfd = -1;
}

int tree_list_threads(Sampler *s, int i, double now)
{
    /* The program's own directory is opened afresh each time: a process
     * that runs a setuid program leaves /proc's view of ours (hidepid)
     * only once exec has changed its credentials, which can be after
     * posix_spawn returned, and an open directory would not notice. */
    if (s->procs[i].pid == s->root) {
        if (s->procs[i].task_fd >= 0)
            close(s->procs[i].task_fd);
        s->procs[i].task_fd = probe_open_dir(s->root);
    }
    int n = list_into_scratch(s, s->procs[i].task_fd);
    Proc *p = &s->procs[i];
    if (n <= 0) {
        proc_ended(p);
        return n < 0 ? -n : ESRCH;
    }
    for (int k = 0; k < n; k++) {
        if (!remember_tid(p, s->scratch[k]))
            continue;
        if (s->nrows < TRACE_MAX_ROWS)
            sampler_add_row(s, i, s->scratch[k]);
        else
            s->rows_capped = true;
        p = &s->procs[i];
    }
    p->listed = n;
    p->t_listed = now;
    return 0;
}

static bool followed(const Sampler *s, pid_t pid)
{
    if (pid == s->self)
        return true;
    for (int i = 0; i < s->nprocs; i++)
        if (s->procs[i].pid == pid && s->procs[i].alive)
            return true;
    return false;
}

/* Any process ever followed under this pid (a zombie one too). */
static bool known(const Sampler *s, pid_t pid)
{
    for (int i = 0; i < s->nprocs; i++)
        if (s->procs[i].pid == pid)
            return true;
    return false;
}

static bool was_seen(const Sampler *s, pid_t pid)
{
    int at = lower_bound(s->seen, s->nseen, pid);
    return at < s->nseen && s->seen[at] == pid;
}

static void adopt(Sampler *s, pid_t pid, double now)
{
    int i = tree_add_proc(s, pid);
    if (i >= 0)
        tree_list_threads(s, i, now);
}

/* New pids in s->scratch[0..n) and their parents; adds those whose parent
 * is followed, again and again, since a child may be listed before its
 * new parent. */
static void adopt_new(Sampler *s, int n, double now)
{
    pid_t(*cand)[2] = xmalloc((size_t)(n ? n : 1) * sizeof *cand);
    int nc = 0;
    for (int k = 0; k < n; k++)
        if (!was_seen(s, s->scratch[k]) && !followed(s, s->scratch[k])) {
            pid_t ppid = probe_parent_pid(s->scratch[k]);
            if (ppid > 0) {
                cand[nc][0] = s->scratch[k];
                cand[nc][1] = ppid;
                nc++;
            }
        }
    for (bool more = true; more;) {
        more = false;
        for (int k = 0; k < nc; k++)
            if (cand[k][0] != 0 && followed(s, cand[k][1])) {
                adopt(s, cand[k][0], now);
                cand[k][0] = 0;
                more = true;
            }
    }
    free(cand);
}

static void adopt_kids(Sampler *s, ProbeTask *t, double now)
{
    pid_t kids[256];
    int n = probe_task_children(t, kids, 256);
    for (int k = 0; k < n && k < 256; k++)
        if (!known(s, kids[k]))
            adopt(s, kids[k], now);
}

/* The children files of the rows' threads, and corelab's own (orphans
 * come to it): no parent lookups needed. */
static void scan_children(Sampler *s, double now)
{
    for (int i = 0; i < s->nrows; i++) {
        ThreadRow *r = &s->rows[i];
        /* a thread that has not run has started nothing */
        if (!r->gone && (r->ran_since_children || s->t_children == 0))
            adopt_kids(s, &r->files, now);
        r->ran_since_children = false;
    }
    adopt_kids(s, &s->self_task, now);
}

static void scan_proc(Sampler *s, double now, bool have_children)
{
    double t0 = now_monotonic();
    int n = list_into_scratch(s, s->proc_fd);
    if (n < 0)
        n = 0;
    /* Keep the listing's cost to about SCAN_SHARE of one CPU (what new
     * pids cost on top is the program's doing, and brief). */
    double cost = now_monotonic() - t0, floor_s = have_children ? TRACE_SCAN_SLOW_S : TRACE_SCAN_MIN_S;
    s->scan_every = cost / SCAN_SHARE > floor_s ? cost / SCAN_SHARE : floor_s;
    adopt_new(s, n, now);
    if (n > s->nseen)
        s->seen = xrealloc(s->seen, (size_t)n * sizeof *s->seen);
    memcpy(s->seen, s->scratch, (size_t)n * sizeof *s->seen);
    s->nseen = n;
    s->t_scan = now;
}

void tree_scan(Sampler *s, double now)
{
    bool have_children = s->self_task.children_fd >= 0;
    if (have_children && now - s->t_children >= TRACE_SCAN_MIN_S) {
        scan_children(s, now);
        s->t_children = now;
    }
    if (s->t_scan == 0 || now - s->t_scan >= s->scan_every)
        scan_proc(s, now, have_children);
}

void tree_seed(Sampler *s)
{
    if (probe_task_open(&s->self_task, s->self, (pid_t)gettid()) != 0)
        s->self_task = (ProbeTask){.stat_fd = -1, .schedstat_fd = -1, .syscall_fd = -1, .wchan_fd = -1,
                                   .children_fd = -1};
    s->proc_fd = probe_open_dir(0);
    s->scratch_cap = 1024;
    s->scratch = xmalloc((size_t)s->scratch_cap * sizeof *s->scratch);
    int n = list_into_scratch(s, s->proc_fd);
    s->nseen = n > 0 ? n : 0;
    s->seen = xmalloc((size_t)(s->nseen ? s->nseen : 1) * sizeof *s->seen);
    memcpy(s->seen, s->scratch, (size_t)s->nseen * sizeof *s->seen);
}

void tree_free(Sampler *s)
{
    for (int i = 0; i < s->nprocs; i++) {
        free(s->procs[i].tids);
        proc_ended(&s->procs[i]);
    }
    free(s->procs);
    free(s->seen);
    free(s->scratch);
    probe_task_close(&s->self_task);
    if (s->proc_fd >= 0)
        close(s->proc_fd);
}
