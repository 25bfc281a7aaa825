/* class/trust: the path to a class directory, checked as OpenSSH's
 * StrictModes checks ~/.ssh: whoever may write a directory above DIR may
 * rename DIR and put their own in its place, so every one of them must be
 * owned by root or the class's owner and not writable by group or others
 * unless sticky (in a sticky directory only an entry's owner may rename
 * it). The walk opens one component at a time from / with O_NOFOLLOW; a
 * symlink on the way is read (its directory is checked already) and its
 * target walked and checked in turn, so no directory is taken on trust. */
#include "class/class_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class/class.h"
#include "util/util.h"

#define WALK_DEPTH 128
#define WALK_LINKS 40

/* One directory on the way, kept open while the walk is inside it. */
typedef struct {
    int fd;
    size_t len;     /* length of shown before this level's name */
    uid_t uid;
    mode_t mode;
    char *path;     /* for messages */
    bool checked;
} Level;

/* Directories are judged when they are known to matter: those on the
 * final path (at the end), and those holding a symlink we follow (when we
 * follow it); one left again through ".." decides nothing. */
typedef struct {
    Level lv[WALK_DEPTH];   /* lv[0] is "/" */
    int depth;
    StrBuf shown;           /* the physical path walked so far */
    uid_t owner;            /* (uid_t)-1: the owner of DIR, learned at the end */
    uid_t other_uid[2];     /* non-root owners seen while owner is unknown */
    char *other_path[2];
    int n_other;
    char *err;
} Walk;

static char *user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    return pw && pw->pw_name ? xstrdup(pw->pw_name) : xasprintf("uid %ld", (long)uid);
}

static const char *here(const Walk *w)
{
    return w->shown.len ? w->shown.data : "/";
}

static char *not_owned(const char *path, uid_t uid, uid_t owner)
{
    char *a = user_name(uid), *b = user_name(owner);
    char *e = xasprintf("%s belongs to %s, not to root or %s, so %s could move the class "
                        "directory away", path, a, b, a);
    free(a);
    free(b);
    return e;
}

/* Not writable by others unless sticky; owned by root or the owner
 * (remembered for the end while the owner is unknown). */
static bool check_level(Walk *w, Level *l)
{
    l->checked = true;
    if ((l->mode & (S_IWGRP | S_IWOTH)) && !(l->mode & S_ISVTX)) {
        w->err = xasprintf("%s is writable by %s (mode %04o), so others could move the class "
                           "directory away", l->path, l->mode & S_IWOTH ? "others" : "its group",
                           (unsigned)(l->mode & 07777));
        return false;
    }
    if (l->uid == 0 || l->uid == w->owner)
        return true;
    if (w->owner != (uid_t)-1) {
        w->err = not_owned(l->path, l->uid, w->owner);
        return false;
    }
    for (int i = 0; i < w->n_other; i++)
        if (w->other_uid[i] == l->uid)
            return true;
    if (w->n_other == 2) { /* three owners: two of them are not DIR's */
        w->err = not_owned(l->path, l->uid, w->other_uid[0]);
        return false;
    }
    w->other_uid[w->n_other] = l->uid;
    w->other_path[w->n_other++] = xstrdup(l->path);
    return true;
}

/* Every directory now on the way that was not judged yet. */
static bool check_stack(Walk *w)
{
    for (int i = 0; i < w->depth; i++)
        if (!w->lv[i].checked && !check_level(w, &w->lv[i]))
            return false;
    return true;
}

static bool push(Walk *w, int fd, const char *name)
{
    struct stat st;
    if (w->depth == WALK_DEPTH || fstat(fd, &st) < 0) {
        if (w->depth == WALK_DEPTH)
            errno = ENAMETOOLONG;
        close(fd);
        return false;
    }
    Level *l = &w->lv[w->depth++];
    l->fd = fd;
    l->len = w->shown.len;
    if (name) {
        strbuf_addc(&w->shown, '/');
        strbuf_adds(&w->shown, name);
    }
    l->uid = st.st_uid;
    l->mode = st.st_mode;
    l->path = xstrdup(here(w));
    l->checked = false;
    return true;
}

static void pop(Walk *w)
{
    Level *l = &w->lv[--w->depth];
    close(l->fd);
    free(l->path);
    w->shown.len = l->len;
    if (w->shown.data)
        w->shown.data[w->shown.len] = '\0';
}

/* The next component of *rest (skipping empty ones), NUL-terminated in
 * place; NULL at the end. */
static char *next_component(char **rest)
{
    char *p = *rest;
    while (*p == '/')
        p++;
    if (!*p)
        return NULL;
    char *end = strchr(p, '/');
    if (end) {
        *end = '\0';
        *rest = end + 1;
    } else {
        *rest = p + strlen(p);
    }
    return p;
}

static bool at_end(const char *rest)
{
    while (*rest == '/')
        rest++;
    return *rest == '\0';
}

/* name in the top directory is a symlink: continue with its target, then
 * the rest of the path. */
static bool follow_link(Walk *w, const char *name, char **buf, char **rest, int *links)
{
    if (!check_stack(w)) { /* whoever may write here may change the link */
        errno = EACCES;
        return false;
    }
    char target[PATH_MAX];
    ssize_t n = readlinkat(w->lv[w->depth - 1].fd, name, target, sizeof target - 1);
    if (n < 0 || ++*links > WALK_LINKS) {
        if (n >= 0)
            errno = ELOOP;
        return false;
    }
    target[n] = '\0';
    char *next = xasprintf("%s/%s", target, *rest);
    free(*buf);
    *buf = *rest = next;
    if (target[0] == '/')
        while (w->depth > 1)
            pop(w);
    return true;
}

/* Walk to the directory that holds the last component; returns that
 * component (inside *buf), or NULL with errno/err. */
static char *walk_to_parent(Walk *w, char **buf, bool *dot_last)
{
    char *rest = *buf;
    int links = 0;
    for (;;) {
        char *c = next_component(&rest);
        if (!c) {
            *dot_last = true; /* "DIR/." or "DIR/..": DIR is the top */
            return NULL;
        }
        if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0) {
            if (c[1] == '.' && w->depth > 1)
                pop(w);
            continue;
        }
        if (at_end(rest))
            return c;
        int fd = openat(w->lv[w->depth - 1].fd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            if (!push(w, fd, c))
                return NULL;
            continue;
        }
        struct stat st;
        if ((errno != ELOOP && errno != ENOTDIR)
            || fstatat(w->lv[w->depth - 1].fd, c, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(st.st_mode)) {
            if (errno != ENOENT && !w->err)
                w->err = xasprintf("%s/%s is not a directory", w->shown.len ? w->shown.data : "", c);
            return NULL;
        }
        if (!follow_link(w, c, buf, &rest, &links))
            return NULL;
    }
}

/* DIR's owner is known at last: the owners seen above must be it. */
static bool check_owner(Walk *w, uid_t owner)
{
    for (int i = 0; i < w->n_other; i++) {
        if (w->other_uid[i] != owner) {
            w->err = not_owned(w->other_path[i], w->other_uid[i], owner);
            return false;
        }
    }
    return true;
}

static int open_last(Walk *w, const char *name, bool dot_last, bool readable)
{
    int flags = (readable ? O_RDONLY : O_PATH) | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    if (dot_last) {
        if (w->depth < 2) {
            errno = EINVAL;
            w->err = xstrdup("/ cannot be a class directory");
            return -1;
        }
        int fd = openat(w->lv[w->depth - 1].fd, ".", flags);
        pop(w);
        return fd;
    }
    int fd = openat(w->lv[w->depth - 1].fd, name, flags);
    if (fd < 0 && errno == ELOOP)
        errno = ENOTDIR; /* a symlink: as class_fs_open_dir says it */
    return fd;
}

int class_fs_open_checked(const char *path, uid_t owner, bool readable, struct stat *st, char **err)
{
    Walk w = {.owner = owner};
    strbuf_init(&w.shown);
    *err = NULL;
    char *buf = NULL;
    if (path[0] == '/') {
        buf = xstrdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        if (!cwd) {
            *err = xasprintf("cannot find the current directory: %s", strerror(errno));
            return -1;
        }
        buf = xasprintf("%s/%s", cwd, path);
        free(cwd);
    }
    int fd = -1, root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    bool dot_last = false;
    if (root >= 0 && push(&w, root, NULL)) {
        char *last = walk_to_parent(&w, &buf, &dot_last);
        if (last || dot_last)
            fd = open_last(&w, last, dot_last, readable);
    }
    int e = errno;
    if (fd >= 0 && (fstat(fd, st) < 0 || !check_stack(&w) || !check_owner(&w, st->st_uid))) {
        e = w.err ? EACCES : errno;
        close(fd);
        fd = -1;
    }
    if (fd < 0 && w.err && e != ENOENT)
        e = EACCES;
    while (w.depth > 0)
        pop(&w);
    for (int i = 0; i < w.n_other; i++)
        free(w.other_path[i]);
    strbuf_free(&w.shown);
    free(buf);
    if (fd < 0 && e != ENOENT && e != ENOTDIR)
        *err = w.err ? w.err : xasprintf("cannot open %s: %s", path, strerror(e));
    else
        free(w.err);
    errno = e;
    return fd;
}
