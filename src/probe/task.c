/* probe/task: parsers and readers of /proc/PID/task/TID/{stat,schedstat,
 * syscall,wchan,comm} and the listings of /proc and /proc/PID/task. */
#include "probe/task.h"
#include "util/util.h"

#include <ctype.h>
#include <dirent.h>
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* futex_waitv (Linux 5.16) has the same number on every architecture that
 * uses the common table, x86-64 and aarch64 among them. */
#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

/* ---- parsers ---- */

/* The next whitespace-separated token of *p as an unsigned number. */
static bool next_u64(const char **p, uint64_t *out)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
        return false;
    *out = v;
    *p = end;
    return true;
}

/* Skips n tokens after *p. */
static bool skip_tokens(const char **p, int n)
{
    const char *s = *p;
    for (int i = 0; i < n; i++) {
        while (*s == ' ')
            s++;
        if (*s == '\0' || *s == '\n')
            return false;
        while (*s && *s != ' ' && *s != '\n')
            s++;
    }
    *p = s;
    return true;
}

/* "TID (COMM) S PPID ...": fields from 3 on start after the LAST ')'. */
static const char *parse_head(const char *text, ProbeTaskStat *out)
{
    char *end;
    errno = 0;
    long tid = strtol(text, &end, 10);
    if (errno || end == text || tid <= 0 || end[0] != ' ' || end[1] != '(')
        return NULL;
    const char *open = end + 2, *close = strrchr(open, ')');
    if (!close || close[1] != ' ')
        return NULL;
    size_t n = (size_t)(close - open);
    if (n >= sizeof out->comm)
        n = sizeof out->comm - 1;
    memcpy(out->comm, open, n);
    out->comm[n] = '\0';
    out->tid = (pid_t)tid;
    return close + 2;
}

int probe_parse_task_stat(const char *text, ProbeTaskStat *out)
{
    ProbeTaskStat st = {.cpu = -1};
    const char *p = parse_head(text, &st);
    if (!p || !isalpha((unsigned char)p[0]) || p[1] != ' ')
        return -1;
    st.state = p[0];
    p += 1;
    uint64_t ppid, nthreads, start;
    /* field 4 ppid; 20 num_threads; 22 starttime; 39 processor */
    if (!next_u64(&p, &ppid) || !skip_tokens(&p, 15) || !next_u64(&p, &nthreads) ||
        !skip_tokens(&p, 1) || !next_u64(&p, &start))
        return -1;
    uint64_t cpu;
    if (skip_tokens(&p, 16) && next_u64(&p, &cpu) && cpu < 1u << 20)
        st.cpu = (int)cpu; /* very old kernels end before field 39 */
    st.ppid = (pid_t)ppid;
    st.num_threads = (long)nthreads;
    st.start_ticks = start;
    *out = st;
    return 0;
}

int probe_parse_schedstat(const char *text, ProbeSchedstat *out)
{
    const char *p = text;
    ProbeSchedstat s;
    if (!next_u64(&p, &s.run_ns) || !next_u64(&p, &s.delay_ns) || !next_u64(&p, &s.slices))
        return -1;
    *out = s;
    return 0;
}

bool probe_syscall_is_futex(long nr)
{
#ifdef SYS_futex
    if (nr == SYS_futex)
        return true;
#endif
#ifdef SYS_futex_time64
    if (nr == SYS_futex_time64)
        return true;
#endif
    return nr == SYS_futex_waitv;
}

ProbeBlock probe_parse_syscall(const char *text, long *nr)
{
    if (strncmp(text, "running", 7) == 0)
        return PROBE_BLOCK_RUNNING;
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || end == text || (*end != ' ' && *end != '\n' && *end != '\0') || n < -1)
        return PROBE_BLOCK_UNKNOWN;
    if (nr)
        *nr = n;
    return n >= 0 && probe_syscall_is_futex(n) ? PROBE_BLOCK_FUTEX : PROBE_BLOCK_OTHER;
}

ProbeBlock probe_parse_wchan(const char *text)
{
    if (text[0] == '\0' || text[0] == '\n' || strcmp(text, "0") == 0 || strcmp(text, "0\n") == 0)
        return PROBE_BLOCK_UNKNOWN;
    /* futex_wait_queue_me (before 5.16), futex_wait_queue, futex_do_wait */
    return strncmp(text, "futex", 5) == 0 ? PROBE_BLOCK_FUTEX : PROBE_BLOCK_OTHER;
}

void probe_parse_comm(const char *text, char *out, size_t outlen)
{
    if (outlen == 0)
        return;
    size_t n = strcspn(text, "\n");
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, text, n);
    out[n] = '\0';
}

/* ---- open files ---- */

/* pread from offset 0: /proc regenerates the text on every read. */
static int reread(int fd, char *buf, size_t len)
{
    if (fd < 0)
        return EBADF;
    ssize_t r;
    do
        r = pread(fd, buf, len - 1, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return errno;
    if (r == 0)
        return ESRCH; /* an ended thread's files read empty on some kernels */
    buf[r] = '\0';
    return 0;
}

static int open_task_file(pid_t pid, pid_t tid, const char *name)
{
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, name);
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

int probe_task_open(ProbeTask *t, pid_t pid, pid_t tid)
{
    *t = (ProbeTask){.stat_fd = -1, .schedstat_fd = -1, .syscall_fd = -1, .wchan_fd = -1, .children_fd = -1};
    t->stat_fd = open_task_file(pid, tid, "stat");
    if (t->stat_fd < 0)
        return errno;
    t->schedstat_fd = open_task_file(pid, tid, "schedstat");
    if (t->schedstat_fd < 0) {
        int e = errno;
        probe_task_close(t);
        return e;
    }
    /* syscall needs ptrace rights: the open (mode 0400) or the read
     * (EPERM) says when they are missing. */
    char buf[256];
    t->syscall_fd = open_task_file(pid, tid, "syscall");
    int e = t->syscall_fd < 0 ? errno : reread(t->syscall_fd, buf, sizeof buf);
    if (e == EACCES || e == EPERM) {
        if (t->syscall_fd >= 0)
            close(t->syscall_fd);
        t->syscall_fd = -1;
        t->syscall_denied = true;
        t->wchan_fd = open_task_file(pid, tid, "wchan");
    }
    t->children_fd = open_task_file(pid, tid, "children");
    return 0;
}

void probe_task_close(ProbeTask *t)
{
    int *fds[] = {&t->stat_fd, &t->schedstat_fd, &t->syscall_fd, &t->wchan_fd, &t->children_fd};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
}

int probe_task_stat(ProbeTask *t, ProbeTaskStat *out)
{
    char buf[1024];
    int e = reread(t->stat_fd, buf, sizeof buf);
    return e ? e : probe_parse_task_stat(buf, out) == 0 ? 0 : EINVAL;
}

int probe_task_schedstat(ProbeTask *t, ProbeSchedstat *out)
{
    char buf[128];
    int e = reread(t->schedstat_fd, buf, sizeof buf);
    return e ? e : probe_parse_schedstat(buf, out) == 0 ? 0 : EINVAL;
}

ProbeBlock probe_task_block(ProbeTask *t)
{
    char buf[256];
    if (t->syscall_fd >= 0)
        return reread(t->syscall_fd, buf, sizeof buf) ? PROBE_BLOCK_UNKNOWN : probe_parse_syscall(buf, NULL);
    if (t->wchan_fd >= 0)
        return reread(t->wchan_fd, buf, sizeof buf) ? PROBE_BLOCK_UNKNOWN : probe_parse_wchan(buf);
    return PROBE_BLOCK_UNKNOWN;
}

int probe_task_children(ProbeTask *t, pid_t *pids, int max)
{
    if (t->children_fd < 0)
        return -ENOSYS;
    char buf[4096];
    int e = reread(t->children_fd, buf, sizeof buf);
    if (e == ESRCH)
        return 0; /* nothing to read: no children (or it ended) */
    if (e)
        return -e;
    int n = 0;
    for (char *p = buf, *end; *p; p = end) {
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        if (v > 0 && n < max)
            pids[n] = (pid_t)v;
        n += v > 0;
    }
    return n;
}

/* ---- listings ---- */

static void sort_pids(pid_t *v, int n)
{
    for (int i = 1; i < n; i++) { /* insertion sort: nearly sorted input */
        pid_t x = v[i];
        int j = i - 1;
        for (; j >= 0 && v[j] > x; j--)
            v[j + 1] = v[j];
        v[j + 1] = x;
    }
}

int probe_open_dir(pid_t pid)
{
    char path[64];
    if (pid > 0)
        snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    else
        snprintf(path, sizeof path, "/proc");
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int probe_list_dir(int dirfd, pid_t *out, int max)
{
    if (lseek(dirfd, 0, SEEK_SET) < 0)
        return -errno;
    char buf[8192] __attribute__((aligned(8)));
    int n = 0;
    for (;;) {
        ssize_t len = getdents64(dirfd, buf, sizeof buf);
        if (len < 0)
            return errno == ENOENT ? -ENOENT : -errno;
        if (len == 0)
            break;
        for (ssize_t off = 0; off < len;) {
            const struct dirent64 *e = (const struct dirent64 *)(buf + off);
            off += e->d_reclen;
            if (!isdigit((unsigned char)e->d_name[0]))
                continue;
            long v = strtol(e->d_name, NULL, 10);
            if (v > 0 && n < max)
                out[n] = (pid_t)v;
            n += v > 0;
        }
    }
    sort_pids(out, n < max ? n : max);
    return n;
}

pid_t probe_parent_pid(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[1024];
    int e = reread(fd, buf, sizeof buf);
    close(fd);
    ProbeTaskStat st;
    if (e || probe_parse_task_stat(buf, &st) != 0)
        return -1;
    return st.ppid;
}
