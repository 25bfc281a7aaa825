/* class/teach: the instructor's side of the class directory: making DIR and
 * students/ with the right owner and modes, and writing pace. */
#include "teach_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class/class_fs.h"
#include "util/util.h"

static char *owner_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    return pw && pw->pw_name ? xstrdup(pw->pw_name) : xasprintf("uid %ld", (long)uid);
}

/* An existing DIR must hold nothing but a class (pace, students/, our temp
 * files): `teach --class ~` or `--class /etc` must not scatter files there. */
static bool only_class_files(int fd)
{
    int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return false;
    }
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        ok = strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "pace") == 0
            || strcmp(n, "students") == 0 || strncmp(n, ".pace.", 6) == 0;
    }
    closedir(d);
    return ok;
}

/* DIR must be ours and not writable by group/others, and so must be the
 * path to it (class_fs_open_checked); a new one is 0755. */
static int open_class_dir(const char *dir, uid_t me, char **err)
{
    bool created = false;
    char *parent = xstrdup(dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (!path_is_dir(parent) && mkdir_p(parent, 0755) < 0) {
            *err = xasprintf("cannot create %s: %s", parent, strerror(errno));
            free(parent);
            return -1;
        }
    }
    free(parent);
    if (mkdir(dir, 0755) == 0)
        created = true;
    else if (errno != EEXIST) {
        *err = xasprintf("cannot create class directory %s: %s", dir, strerror(errno));
        return -1;
    }
    struct stat st;
    char *why = NULL;
    int fd = class_fs_open_checked(dir, me, true, &st, &why);
    if (fd < 0) {
        *err = errno == ENOTDIR ? xasprintf("%s is a symlink or not a directory; refusing", dir)
             : why ? xasprintf("students could not trust %s: %s", dir, why)
             : xasprintf("cannot open class directory %s: %s", dir, strerror(errno));
        free(why);
        return -1;
    }
    if (st.st_uid != me) {
        char *o = owner_name(st.st_uid);
        *err = xasprintf("%s belongs to %s, not to you; choose another --class directory", dir, o);
        free(o);
        close(fd);
        return -1;
    }
    /* A fresh directory gets exactly 0755 whatever the umask. */
    if (created && fchmod(fd, 0755) < 0) {
        *err = xasprintf("cannot chmod %s: %s", dir, strerror(errno));
        close(fd);
        return -1;
    }
    if (!created && class_fs_writable_by_others(&st)) {
        *err = xasprintf("%s is writable by group or others (mode %04o), so students could "
                         "not trust it; run chmod go-w %s", dir, (unsigned)(st.st_mode & 07777), dir);
        close(fd);
        return -1;
    }
    if (!created && !only_class_files(fd)) {
        *err = xasprintf("%s holds other files, so it is not a class directory; choose a new "
                         "or empty one", dir);
        close(fd);
        return -1;
    }
    return fd;
}

/* students/: ours, a directory, exactly 1733. */
static int open_students(int dirfd, const char *dir, uid_t me, char **err)
{
    if (mkdirat(dirfd, "students", 01733) < 0 && errno != EEXIST) {
        *err = xasprintf("cannot create %s/students: %s", dir, strerror(errno));
        return -1;
    }
    int fd = class_fs_open_dir(dirfd, "students", true);
    if (fd < 0) {
        *err = xasprintf("cannot open %s/students: %s", dir,
                         errno == ENOTDIR ? "a symlink or not a directory" : strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_uid != me) {
        *err = xasprintf("%s/students does not belong to you; refusing", dir);
        close(fd);
        return -1;
    }
    if ((st.st_mode & 07777) != 01733 && fchmod(fd, 01733) < 0) {
        *err = xasprintf("cannot chmod %s/students: %s", dir, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Whether the teach that wrote `old` still paces DIR: it did not quit, it
 * wrote within CLASS_AWAY_S (after which followers call it away anyway),
 * and, when it ran on this host, its process is still there. A teach on
 * another login node can only be judged by its heartbeat. */
static bool still_teaching(const ClassPace *old, const ClassPace *me, double now)
{
    if (old->away || now - old->heartbeat >= CLASS_AWAY_S)
        return false;
    if (old->pid > 0 && strcmp(old->host, me->host) == 0) {
        if (old->pid == (long)getpid())
            return false;
        return kill((pid_t)old->pid, 0) == 0 || errno == EPERM;
    }
    return true;
}

/* A pace left by an earlier run: keep its seq (so old flags stay old) and
 * its place in the lesson. Refuses (-1) while another teach paces DIR: two
 * would overwrite each other's step under the followers. */
static int load_old_pace(ClassTeach *t, double now, char **err)
{
    struct stat st;
    size_t len;
    char *text = class_fs_read_at(t->dirfd, "pace", CLASS_PACE_MAX, &len, &st);
    if (!text)
        return 0;
    const char *why;
    ClassPace old;
    int rc = 0;
    if (st.st_uid == t->uid && class_pace_from_json(text, len, &old, &why) == 0) {
        if (still_teaching(&old, &t->pace, now)) {
            double age = now > old.heartbeat ? now - old.heartbeat : 0;
            *err = xasprintf("another corelab teach already paces %s (pid %ld on %s, heard from %.0f s "
                             "ago); quit that one first, or if it died, try again in %.0f s",
                             t->dir, old.pid, old.host[0] ? old.host : "an unknown host", age,
                             CLASS_AWAY_S - age + 1);
            rc = -1;
        } else {
            snprintf(t->pace.lesson, sizeof t->pace.lesson, "%s", old.lesson);
            t->pace.step = old.step;
            t->pace.seq = old.seq;
            t->pace.lesson_started = old.lesson_started;
            t->pace.step_started = old.step_started;
            t->pace.timer_end = old.timer_end;
            t->pace.reveal = old.reveal;
        }
    }
    free(text);
    return rc;
}

/* The state around DIR's and students/'s fds (closed on failure). */
static ClassTeach *teach_new(const char *dir, int dirfd, int studfd, uid_t me, char **err)
{
    struct stat st;
    DIR *d = fstat(dirfd, &st) == 0 ? fdopendir(studfd) : NULL;
    if (!d) {
        *err = xasprintf("cannot list %s/students: %s", dir, strerror(errno));
        close(studfd);
        close(dirfd);
        return NULL;
    }
    ClassTeach *t = xcalloc(1, sizeof *t);
    t->dir = xstrdup(dir);
    t->dirfd = dirfd;
    t->studfd = studfd;
    t->stud_dir = d;
    t->uid = me;
    t->dev = st.st_dev;
    t->ino = st.st_ino;
    return t;
}

ClassTeach *class_teach_open(const char *dir, bool clear_flags_on_step, double now, char **err)
{
    uid_t me = geteuid();
    int dirfd = open_class_dir(dir, me, err);
    if (dirfd < 0)
        return NULL;
    int studfd = open_students(dirfd, dir, me, err);
    if (studfd < 0) {
        close(dirfd);
        return NULL;
    }
    ClassTeach *t = teach_new(dir, dirfd, studfd, me, err);
    if (!t)
        return NULL;
    t->pace.clear_flags_on_step = clear_flags_on_step;
    char *name = owner_name(me);
    snprintf(t->pace.instructor, sizeof t->pace.instructor, "%s", name);
    free(name);
    if (gethostname(t->pace.host, sizeof t->pace.host) < 0)
        t->pace.host[0] = '\0';
    t->pace.host[sizeof t->pace.host - 1] = '\0';
    t->pace.pid = (long)getpid();
    if (load_old_pace(t, now, err) < 0 || class_teach_write_pace(t, now, err) < 0) {
        class_teach_free(t);
        return NULL;
    }
    return t;
}

/* The roster of DIR for reading only: DIR is ours (or we are root), its
 * pace is believed only from DIR's owner. */
ClassTeach *class_teach_open_reader(const char *dir, double now, char **err)
{
    uid_t me = geteuid();
    int dirfd = class_fs_open_dir(AT_FDCWD, dir, true);
    struct stat st;
    if (dirfd < 0 || fstat(dirfd, &st) < 0) {
        *err = errno == ENOTDIR ? xasprintf("%s is a symlink or not a directory; refusing", dir)
                                : xasprintf("cannot open class directory %s: %s", dir, strerror(errno));
        if (dirfd >= 0)
            close(dirfd);
        return NULL;
    }
    if (st.st_uid != me && me != 0) {
        char *o = owner_name(st.st_uid);
        *err = xasprintf("%s belongs to %s: only its instructor can read the class", dir, o);
        free(o);
        close(dirfd);
        return NULL;
    }
    int studfd = class_fs_open_dir(dirfd, "students", true);
    if (studfd < 0) {
        *err = xasprintf("cannot open %s/students: %s", dir,
                         errno == ENOTDIR ? "a symlink or not a directory" : strerror(errno));
        close(dirfd);
        return NULL;
    }
    ClassTeach *t = teach_new(dir, dirfd, studfd, st.st_uid, err);
    if (!t)
        return NULL;
    t->reader = true;
    struct stat pst;
    size_t len;
    const char *why;
    char *text = class_fs_read_at(dirfd, "pace", CLASS_PACE_MAX, &len, &pst);
    if (text && pst.st_uid == st.st_uid)
        class_pace_from_json(text, len, &t->pace, &why); /* else: no lesson known */
    free(text);
    (void)now;
    return t;
}

int class_teach_write_pace(ClassTeach *t, double now, char **err)
{
    if (t->reader) {
        *err = xasprintf("%s is open for reading only", t->dir);
        return -1;
    }
    t->pace.heartbeat = now;
    char *json = class_pace_to_json(&t->pace);
    int rc = class_fs_write_at(t->dirfd, "pace", json, strlen(json), 0644);
    if (rc < 0)
        *err = xasprintf("cannot write %s/pace: %s", t->dir, strerror(errno));
    free(json);
    return rc;
}

void class_teach_close(ClassTeach *t, double now)
{
    if (!t)
        return;
    char *err = NULL;
    t->pace.away = true;
    if (!t->reader && class_teach_write_pace(t, now, &err) < 0)
        free(err); /* quitting anyway; followers notice the silence */
    class_teach_free(t);
}

void class_teach_free(ClassTeach *t)
{
    if (!t)
        return;
    close(t->dirfd);
    if (t->stud_dir)
        closedir(t->stud_dir);
    scan_index_free(&t->index);
    class_roster_free(&t->roster);
    free(t->problem);
    free(t->path_problem);
    free(t->dir);
    free(t);
}

const ClassPace *class_teach_pace(const ClassTeach *t)
{
    return &t->pace;
}

int class_teach_set_step(ClassTeach *t, const char *lesson, int step, double now, char **err)
{
    if (strlen(lesson) >= sizeof t->pace.lesson) {
        *err = xasprintf("lesson id too long: %s", lesson);
        return -1;
    }
    bool new_lesson = strcmp(lesson, t->pace.lesson) != 0;
    if (!new_lesson && step == t->pace.step && !t->pace.away)
        return 0;
    if (new_lesson || t->pace.lesson_started <= 0) {
        snprintf(t->pace.lesson, sizeof t->pace.lesson, "%s", lesson);
        t->pace.lesson_started = now;
        t->pace.timer_end = 0;
        t->pace.reveal = 0;
    }
    if (new_lesson || step != t->pace.step) {
        t->pace.step = step;
        t->pace.step_started = now;
        t->pace.seq++;
    }
    t->pace.away = false;
    return class_teach_write_pace(t, now, err);
}

int class_teach_set_timer(ClassTeach *t, double seconds, double now, char **err)
{
    t->pace.timer_end = seconds > 0 ? now + seconds : 0;
    return class_teach_write_pace(t, now, err);
}

int class_teach_reveal(ClassTeach *t, int step, bool on, double now, char **err)
{
    if (step < 1 || step > CLASS_REVEAL_MAX) {
        *err = xasprintf("only steps 1 to %d can be revealed", CLASS_REVEAL_MAX);
        return -1;
    }
    unsigned long long bit = 1ULL << (step - 1);
    t->pace.reveal = on ? t->pace.reveal | bit : t->pace.reveal & ~bit;
    return class_teach_write_pace(t, now, err);
}

/* The walk of the path (class_fs_open_checked) each heartbeat: why it
 * cannot be trusted, or NULL; *moved when it leads elsewhere. */
static char *walk_path(ClassTeach *t, bool *moved)
{
    struct stat st;
    char *why = NULL;
    int fd = class_fs_open_checked(t->dir, t->uid, false, &st, &why);
    if (fd < 0) {
        *moved = !why;
        char *problem = why ? xasprintf("the path to the class directory can no longer be "
                                        "trusted: %s", why) : NULL;
        free(why);
        return problem;
    }
    close(fd);
    *moved = st.st_dev != t->dev || st.st_ino != t->ino;
    return NULL;
}

/* Why students who start following now would not see this class, or NULL:
 * DIR's path names another directory (one stat each tick), or the path to
 * it can no longer be trusted (walked each heartbeat). */
static char *check_place(ClassTeach *t, double now)
{
    struct stat st;
    bool moved = fstatat(AT_FDCWD, t->dir, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != t->dev
        || st.st_ino != t->ino;
    if (!moved && (now - t->checked_path_at >= CLASS_PACE_HEARTBEAT_S || now < t->checked_path_at)) {
        t->checked_path_at = now;
        free(t->path_problem);
        t->path_problem = walk_path(t, &moved);
    }
    if (moved)
        return xasprintf("the class directory was moved or replaced: students who follow %s now "
                         "do not see this class (quit, and teach again)", t->dir);
    return t->path_problem ? xstrdup(t->path_problem) : NULL;
}

int class_teach_tick(ClassTeach *t, double now, char **err)
{
    int rc = 0;
    if (now - t->pace.heartbeat >= CLASS_PACE_HEARTBEAT_S || now < t->pace.heartbeat)
        rc = class_teach_write_pace(t, now, err) < 0 ? -1 : 1;
    if (rc < 0 || t->reader)
        return rc;
    char *problem = check_place(t, now);
    bool news = problem && (!t->problem || strcmp(problem, t->problem) != 0);
    free(t->problem);
    t->problem = problem;
    if (news) {
        *err = xstrdup(problem);
        return -1;
    }
    return rc;
}

const char *class_teach_problem(const ClassTeach *t)
{
    return t->problem;
}
