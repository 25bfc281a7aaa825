/* practice/watch: noticing that the learner saved their file.
 *
 * inotify watches the file's folder, not the file: editors save by writing
 * a new file and renaming it over the old one (vim, VS Code, nano with
 * backups), which a watch on the file itself would lose. inotify only sees
 * changes made through this machine's kernel, so a stat poll runs besides
 * it: a file saved from another login node on an NFS home still counts.
 *
 * A change is reported once the file has looked the same (mtime, size,
 * inode) for SETTLE_S: an editor that writes in pieces, or a copy in
 * progress, is not checked half-written. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "practice/practice.h"
#include "util/util.h"

#define POLL_S 0.5   /* the stat poll's period */
#define SETTLE_S 0.1 /* how long a save must stay unchanged */

typedef struct {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    struct timespec ctime;
} FileSig;

struct FileWatch {
    char *path;
    char *name;       /* the file's name in its folder */
    int ifd;          /* inotify, or -1 */
    bool events;      /* inotify spoke of our file since the last stat */
    FileSig reported; /* as last reported (or as found at open) */
    FileSig pending;  /* a newer state, settling */
    bool settling;
    double settle_since;
    double next_poll;
};

static FileSig sig_of(const char *path)
{
    FileSig s;
    memset(&s, 0, sizeof s);
    struct stat st;
    if (stat(path, &st) == 0) {
        s.exists = true;
        s.dev = st.st_dev;
        s.ino = st.st_ino;
        s.size = st.st_size;
        s.mtime = st.st_mtim;
        s.ctime = st.st_ctim;
    }
    return s;
}

static bool sig_equal(const FileSig *a, const FileSig *b)
{
    if (a->exists != b->exists)
        return false;
    return !a->exists ||
           (a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
            a->mtime.tv_nsec == b->mtime.tv_nsec && a->ctime.tv_sec == b->ctime.tv_sec &&
            a->ctime.tv_nsec == b->ctime.tv_nsec);
}

static int inotify_on_dir(const char *path)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return -1;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    const char *d = slash ? dir : ".";
    uint32_t mask = IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                    IN_DELETE_SELF | IN_MOVE_SELF;
    int wd = inotify_add_watch(fd, d, mask);
    free(dir);
    if (wd < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

FileWatch *file_watch_open(const char *path, bool force_poll)
{
    FileWatch *w = xcalloc(1, sizeof *w);
    w->path = xstrdup(path);
    const char *slash = strrchr(path, '/');
    w->name = xstrdup(slash ? slash + 1 : path);
    const char *env = getenv("CORELAB_WATCH");
    bool poll_only = force_poll || (env && strcmp(env, "poll") == 0);
    w->ifd = poll_only ? -1 : inotify_on_dir(path);
    w->reported = sig_of(path);
    w->next_poll = now_monotonic() + POLL_S;
    return w;
}

void file_watch_close(FileWatch *w)
{
    if (!w)
        return;
    FREE_ALL(w->path, w->name);
    if (w->ifd >= 0)
        close(w->ifd);
    free(w);
}

int file_watch_fd(const FileWatch *w) { return w->ifd; }

bool file_watch_uses_inotify(const FileWatch *w) { return w->ifd >= 0; }

/* Read every queued event; note those about our file or the folder. */
static void drain_events(FileWatch *w)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(w->ifd, buf, sizeof buf);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return;
        }
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            bool ours = ev->len > 0 && strcmp(ev->name, w->name) == 0;
            if (ours || (ev->mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)))
                w->events = true;
            p += sizeof *ev + ev->len;
        }
    }
}

bool file_watch_changed(FileWatch *w, double now)
{
    if (w->ifd >= 0)
        drain_events(w);
    bool poll_due = now >= w->next_poll;
    if (!w->events && !w->settling && !poll_due)
        return false;
    w->events = false;
    if (poll_due)
        w->next_poll = now + POLL_S;
    FileSig s = sig_of(w->path);
    if (!w->settling) {
        if (sig_equal(&s, &w->reported))
            return false;
        w->settling = true;
        w->pending = s;
        w->settle_since = now;
        return false;
    }
    if (!sig_equal(&s, &w->pending)) { /* still being written */
        w->pending = s;
        w->settle_since = now;
        return false;
    }
    if (now - w->settle_since < SETTLE_S)
        return false;
    w->settling = false;
    w->reported = s;
    return true;
}

double file_watch_timeout(const FileWatch *w, double now)
{
    double t = w->settling ? w->settle_since + SETTLE_S - now : w->next_poll - now;
    return t < 0 ? 0 : t;
}
