/* A file watched for appearing or changing: inotify on its directory tells
 * at once where the kernel sees the write (a local file system, or the job
 * on this very machine); a stat every 100 ms covers a shared file system
 * written from a compute node, which inotify does not hear of. */
#include "cluster/cluster.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAT_INTERVAL_S 0.1

/* Size and modification time together: what "changed" compares. */
static bool file_stamp(const char *path, long long *stamp)
{
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    *stamp = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec + (long long)st.st_size * 7919;
    return true;
}

void path_watch_open(PathWatch *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->path = xstrdup(path);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd >= 0) {
        char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM;
        if (inotify_add_watch(w->fd, slash ? dir : ".", mask) < 0) {
            close(w->fd);
            w->fd = -1;
        }
        free(dir);
    }
    w->existed = file_stamp(path, &w->stamp);
    w->next_stat = now_monotonic() + STAT_INTERVAL_S;
}

void path_watch_close(PathWatch *w)
{
    if (w->fd >= 0)
        close(w->fd);
    free(w->path);
    memset(w, 0, sizeof *w);
    w->fd = -1;
}

int path_watch_fd(const PathWatch *w)
{
    return w->fd;
}

int path_watch_timeout_ms(const PathWatch *w, double now)
{
    double t = w->next_stat - now;
    return t <= 0 ? 0 : (int)(t * 1000) + 1;
}

bool path_watch_changed(PathWatch *w, double now)
{
    if (w->fd >= 0) { /* drained: what happened is found by stat below */
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
        while (read(w->fd, buf, sizeof buf) > 0)
            ;
    }
    w->next_stat = now + STAT_INTERVAL_S;
    long long stamp = 0;
    bool exists = file_stamp(w->path, &stamp);
    bool changed = exists && (!w->existed || stamp != w->stamp);
    w->existed = exists;
    w->stamp = stamp;
    return changed;
}
