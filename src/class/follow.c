/* class/follow: the student's side: watching pace with one stat per poll,
 * trusting it only as class.h says, and writing our own status file. */
#include "class/class.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "class/class_fs.h"
#include "util/util.h"

#define REOPEN_S 1.0 /* retry a missing DIR this often (not every poll) */

struct ClassFollow {
    char *dir;
    int dirfd;            /* O_PATH on DIR; -1 while it does not exist */
    int studfd;           /* O_PATH on students/; -1 until the first write */
    double last_open_try;
    uid_t owner;          /* DIR's owner: the instructor */
    bool owner_known;
    char owner_name[CLASS_NAME_MAX];
    bool have_pace;
    ClassPace pace;
    struct { ino_t ino; dev_t dev; off_t size; struct timespec mtim; bool valid; } sig;
    double changed_at;    /* our clock when pace last changed */
    char user[CLASS_NAME_MAX];
    uid_t uid;
    char entry[CLASS_ENTRY_MAX]; /* students/ name we write */
    char encoded[3 * CLASS_NAME_MAX]; /* our user name as an entry name */
    long beat;
    double status_written;
    unsigned long stats, reads;
};

/* getpwuid reads nsswitch.conf and passwd (two stats and more): only when
 * the owner changes, not on every read of pace. */
static void set_owner_name(ClassFollow *f, uid_t uid)
{
    if (f->owner_known && f->owner == uid)
        return;
    f->owner = uid;
    f->owner_known = true;
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name)
        snprintf(f->owner_name, sizeof f->owner_name, "%s", pw->pw_name);
    else
        snprintf(f->owner_name, sizeof f->owner_name, "uid %ld", (long)uid);
}

/* DIR itself: not writable by group/others (else anyone could swap pace). */
static int check_dir(ClassFollow *f, char **err)
{
    struct stat st;
    f->stats++;
    if (fstat(f->dirfd, &st) < 0) {
        *err = xasprintf("cannot stat %s: %s", f->dir, strerror(errno));
        return -1;
    }
    if (class_fs_writable_by_others(&st)) {
        *err = xasprintf("refusing %s: it is writable by group or others (mode %04o), so "
                         "anyone could fake the instructor's pace", f->dir,
                         (unsigned)(st.st_mode & 07777));
        return -1;
    }
    set_owner_name(f, st.st_uid);
    return 0;
}

/* 0 opened, 1 not there yet, -1 refused. Every directory above DIR is
 * checked on the way (class_fs_open_checked): this runs at start and when
 * DIR must be looked up again, not on every poll. */
static int open_dir(ClassFollow *f, double now, char **err)
{
    f->last_open_try = now;
    struct stat st;
    char *why = NULL;
    int fd = class_fs_open_checked(f->dir, (uid_t)-1, false, &st, &why);
    f->stats += 4; /* a walk from /: a few lookups (counted roughly) */
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        *err = errno == ENOTDIR
            ? xasprintf("refusing %s: it is a symlink or not a directory", f->dir)
            : xasprintf("refusing %s: %s", f->dir, why ? why : strerror(errno));
        free(why);
        return -1;
    }
    if (f->dirfd >= 0)
        close(f->dirfd);
    if (f->studfd >= 0)
        close(f->studfd);
    f->studfd = -1;
    f->dirfd = fd;
    f->sig.valid = false;
    return check_dir(f, err) < 0 ? -1 : 0;
}

ClassFollow *class_follow_open(const char *dir, double now, char **err)
{
    ClassFollow *f = xcalloc(1, sizeof *f);
    f->dir = xstrdup(dir);
    f->dirfd = f->studfd = -1;
    f->uid = geteuid();
    char *me = current_user_name();
    bool fits = strlen(me) < sizeof f->user;
    snprintf(f->user, sizeof f->user, "%s", me);
    free(me);
    if (!fits || !class_name_encode(f->user, f->encoded, sizeof f->encoded)) {
        *err = xasprintf("your user name is too long for a class (%zu bytes at most)",
                         (size_t)CLASS_NAME_MAX - 1);
        class_follow_close(f);
        return NULL;
    }
    if (open_dir(f, now, err) < 0 || class_follow_poll(f, now, err) == CLASS_POLL_ERROR) {
        class_follow_close(f);
        return NULL;
    }
    return f;
}

void class_follow_close(ClassFollow *f)
{
    if (!f)
        return;
    if (f->dirfd >= 0)
        close(f->dirfd);
    if (f->studfd >= 0)
        close(f->studfd);
    free(f->dir);
    free(f);
}

/* pace changed: check and read it. */
static ClassPollResult read_pace(ClassFollow *f, double now, char **err)
{
    if (check_dir(f, err) < 0)
        return CLASS_POLL_ERROR;
    struct stat st;
    size_t len;
    f->stats++; /* the fstat inside */
    f->reads++;
    char *text = class_fs_read_at(f->dirfd, "pace", CLASS_PACE_MAX, &len, &st);
    if (!text) {
        if (errno == ENOENT) /* replaced between stat and open: next poll */
            return CLASS_POLL_SAME;
        *err = errno == ELOOP ? xasprintf("refusing %s/pace: it is a symlink", f->dir)
             : errno == EINVAL ? xasprintf("refusing %s/pace: not a regular file", f->dir)
             : xasprintf("cannot read %s/pace: %s", f->dir, strerror(errno));
        return CLASS_POLL_ERROR;
    }
    if (st.st_uid != f->owner) {
        struct passwd *pw = getpwuid(st.st_uid);
        char *pace_owner = pw && pw->pw_name ? xstrdup(pw->pw_name)
                                             : xasprintf("uid %ld", (long)st.st_uid);
        *err = xasprintf("refusing %s/pace: it belongs to %s but the directory belongs to %s",
                         f->dir, pace_owner, f->owner_name);
        free(pace_owner);
        free(text);
        return CLASS_POLL_ERROR;
    }
    const char *why;
    ClassPace p;
    int rc = class_pace_from_json(text, len, &p, &why);
    free(text);
    if (rc < 0) {
        *err = xasprintf("cannot use %s/pace: %s", f->dir, why);
        return CLASS_POLL_ERROR;
    }
    f->pace = p;
    f->have_pace = true;
    f->sig.ino = st.st_ino;
    f->sig.dev = st.st_dev;
    f->sig.size = st.st_size;
    f->sig.mtim = st.st_mtim;
    f->sig.valid = true;
    f->changed_at = now;
    return CLASS_POLL_CHANGED;
}

ClassPollResult class_follow_poll(ClassFollow *f, double now, char **err)
{
    if (f->dirfd < 0) {
        if (now - f->last_open_try < REOPEN_S && now >= f->last_open_try)
            return CLASS_POLL_WAITING;
        int rc = open_dir(f, now, err);
        if (rc != 0)
            return rc > 0 ? CLASS_POLL_WAITING : CLASS_POLL_ERROR;
    }
    struct stat st;
    f->stats++;
    if (fstatat(f->dirfd, "pace", &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno != ENOENT) {
            *err = xasprintf("cannot stat %s/pace: %s", f->dir, strerror(errno));
            return CLASS_POLL_ERROR;
        }
        /* DIR may have been removed and made again: look it up anew now
         * and then, not on every poll. */
        if (now - f->last_open_try >= REOPEN_S || now < f->last_open_try) {
            int rc = open_dir(f, now, err);
            if (rc < 0)
                return CLASS_POLL_ERROR;
            if (rc > 0) {
                close(f->dirfd);
                f->dirfd = -1;
            }
        }
        return f->have_pace ? CLASS_POLL_SAME : CLASS_POLL_WAITING;
    }
    if (S_ISLNK(st.st_mode)) {
        *err = xasprintf("refusing %s/pace: it is a symlink", f->dir);
        return CLASS_POLL_ERROR;
    }
    if (f->sig.valid && st.st_ino == f->sig.ino && st.st_dev == f->sig.dev
        && st.st_size == f->sig.size && st.st_mtim.tv_sec == f->sig.mtim.tv_sec
        && st.st_mtim.tv_nsec == f->sig.mtim.tv_nsec)
        return CLASS_POLL_SAME;
    return read_pace(f, now, err);
}

const ClassPace *class_follow_pace(const ClassFollow *f)
{
    return f->have_pace ? &f->pace : NULL;
}

const char *class_follow_instructor(const ClassFollow *f)
{
    return f->owner_name;
}

bool class_follow_instructor_away(const ClassFollow *f, double now)
{
    if (!f->have_pace)
        return false;
    return f->pace.away || now - f->changed_at > CLASS_AWAY_S;
}

double class_follow_timer_left(const ClassFollow *f, double now)
{
    if (!f->have_pace || f->pace.timer_end <= 0)
        return -1;
    /* Measured from the heartbeat the record carries and our own clock since
     * we read it: login nodes' clocks need not agree. */
    double left = f->pace.timer_end - f->pace.heartbeat - (now - f->changed_at);
    return left > 0 ? left : 0; /* bounded: the reader checked timer_end */
}

const char *class_follow_entry_name(const ClassFollow *f)
{
    return f->entry;
}

unsigned long class_follow_stat_calls(const ClassFollow *f)
{
    return f->stats;
}

unsigned long class_follow_reads(const ClassFollow *f)
{
    return f->reads;
}

/* Names we may write, in order: NAME, NAME+UID, NAME+UID+HEX (NAME
 * encoded). */
static void entry_candidate(const ClassFollow *f, int k, char *out, size_t cap)
{
    if (k == 0) {
        snprintf(out, cap, "%s", f->encoded);
    } else if (k == 1) {
        snprintf(out, cap, "%s+%ld", f->encoded, (long)f->uid);
    } else {
        char hex[9];
        class_fs_random_hex(hex);
        snprintf(out, cap, "%s+%ld+%s", f->encoded, (long)f->uid, hex);
    }
}

static bool squatted_errno(int e)
{
    return e == EPERM || e == EACCES || e == EISDIR || e == ENOTEMPTY || e == EEXIST;
}

int class_follow_write_status(ClassFollow *f, ClassStatus *s, double now, char **err)
{
    if (f->dirfd < 0) {
        *err = xasprintf("%s does not exist yet", f->dir);
        return -1;
    }
    if (f->studfd < 0) {
        f->studfd = class_fs_open_dir(f->dirfd, "students", false);
        if (f->studfd < 0) {
            *err = xasprintf("cannot open %s/students: %s", f->dir,
                             errno == ENOTDIR ? "a symlink or not a directory" : strerror(errno));
            return -1;
        }
    }
    snprintf(s->user, sizeof s->user, "%s", f->user);
    s->heartbeat = now;
    s->beat = ++f->beat;
    char *json = class_status_to_json(s);
    int rc = -1;
    if (f->entry[0]) {
        rc = class_fs_write_at(f->studfd, f->entry, json, strlen(json), 0644);
        if (rc < 0 && !squatted_errno(errno))
            goto out;
    }
    /* First write, or our name was taken from under us: try the names in
     * order; the sticky bit makes a rename onto another user's file fail. */
    for (int k = 0; rc < 0 && k < 6; k++) {
        char name[sizeof f->entry];
        entry_candidate(f, k < 2 ? k : 2, name, sizeof name);
        rc = class_fs_write_at(f->studfd, name, json, strlen(json), 0644);
        if (rc == 0)
            snprintf(f->entry, sizeof f->entry, "%s", name);
        else if (!squatted_errno(errno))
            break;
    }
out:
    if (rc < 0)
        *err = xasprintf("cannot write %s/students/%s: %s", f->dir,
                         f->entry[0] ? f->entry : f->user, strerror(errno));
    else
        f->status_written = now;
    free(json);
    return rc;
}

bool class_follow_heartbeat_due(const ClassFollow *f, double now)
{
    if (f->status_written > 0 && now - f->status_written < CLASS_STUDENT_HEARTBEAT_S
        && now >= f->status_written)
        return false;
    return f->dirfd >= 0 && f->have_pace;
}

int class_follow_tick(ClassFollow *f, ClassStatus *s, double now, char **err)
{
    if (!class_follow_heartbeat_due(f, now))
        return 0;
    return class_follow_write_status(f, s, now, err) < 0 ? -1 : 1;
}
