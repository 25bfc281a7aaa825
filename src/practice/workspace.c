/* practice/workspace: the learner's own copy of an exercise's starter, in
 * ROOT/<lesson-id>/ (ROOT: --workspace DIR, the config key `workspace`,
 * else ~/corelab-work). The lesson's folder is only ever read, so installed
 * lessons may be read-only. The learner's file is written in two cases
 * only: when it does not exist (the starter is copied in, never over a
 * file), and on reset, after a backup of it was made. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "practice/practice.h"
#include "util/util.h"

enum { STARTER_MAX = 1 << 20, BACKUPS_MAX = 9999 };

char *practice_workspace_root(const char *root)
{
    if (!root || !*root) {
        char *h = home_dir();
        char *r = path_join(h, "corelab-work");
        free(h);
        return r;
    }
    if (root[0] == '~' && (root[1] == '/' || root[1] == '\0')) {
        char *h = home_dir();
        char *r = root[1] ? path_join(h, root + 2) : xstrdup(h);
        free(h);
        return r;
    }
    return xstrdup(root);
}

void practice_files_init(PracticeFiles *f, const char *root, const Lesson *l, const LessonExercise *ex)
{
    char *r = practice_workspace_root(root);
    f->dir = path_join(r, l->id);
    f->file = path_join(f->dir, lesson_exercise_name(ex));
    f->starter = path_join(l->dir, ex->file);
    f->solution = path_join(l->dir, ex->solution);
    free(r);
}

void practice_files_free(PracticeFiles *f)
{
    FREE_ALL(f->dir, f->file, f->starter, f->solution);
    memset(f, 0, sizeof *f);
}

char *practice_display_path(const char *path)
{
    char *h = home_dir();
    size_t n = strlen(h);
    char *r = n > 1 && strncmp(path, h, n) == 0 && (path[n] == '/' || path[n] == '\0')
                  ? xasprintf("~%s", path + n)
                  : xstrdup(path);
    free(h);
    return r;
}

static char *read_starter(const PracticeFiles *f, size_t *len, char **err)
{
    char *data = read_file_bounded(f->starter, STARTER_MAX, len, false);
    if (!data)
        *err = xasprintf("the starter %s cannot be read (%s); the lesson's folder is incomplete", f->starter,
                         errno == EFBIG ? "over 1 MiB" : strerror(errno));
    return data;
}

static int make_dir(const PracticeFiles *f, char **err)
{
    if (mkdir_p(f->dir, 0700) == 0)
        return 0;
    char *shown = practice_display_path(f->dir);
    *err = xasprintf("cannot create the workspace %s: %s", shown, strerror(errno));
    free(shown);
    return -1;
}

/* Write data to a new file at path: never over an existing one. 0, or -1
 * with errno (EEXIST when there is one). */
static int write_new(const char *path, const char *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = errno;
            close(fd);
            unlink(path);
            errno = e;
            return -1;
        }
        off += (size_t)w;
    }
    if (close(fd) < 0) {
        int e = errno;
        unlink(path);
        errno = e;
        return -1;
    }
    return 0;
}

/* The learner's file exists: it must be a file we can write. */
static int usable(const PracticeFiles *f, const struct stat *st, char **err)
{
    char *shown = practice_display_path(f->file);
    if (!S_ISREG(st->st_mode))
        *err = xasprintf("%s is not a file; move it away and the starter is copied there", shown);
    else if (access(f->file, R_OK | W_OK) != 0)
        *err = xasprintf("%s is not writable (%s); your editor could not save it", shown, strerror(errno));
    free(shown);
    return *err ? -1 : 0;
}

int practice_workspace_prepare(const PracticeFiles *f, bool *copied, char **err)
{
    *copied = false;
    *err = NULL;
    if (make_dir(f, err) < 0)
        return -1;
    struct stat st;
    if (stat(f->file, &st) == 0)
        return usable(f, &st, err);
    if (errno != ENOENT) {
        char *shown = practice_display_path(f->file);
        *err = xasprintf("cannot use %s: %s", shown, strerror(errno));
        free(shown);
        return -1;
    }
    size_t len;
    char *data = read_starter(f, &len, err);
    if (!data)
        return -1;
    int rc = write_new(f->file, data, len, 0600);
    int e = errno;
    free(data);
    if (rc == 0) {
        *copied = true;
        return 0;
    }
    if (e == EEXIST) /* the learner's editor was quicker: theirs stays */
        return 0;
    char *shown = practice_display_path(f->dir);
    *err = xasprintf("cannot write in the workspace %s: %s", shown, strerror(e));
    free(shown);
    return -1;
}

/* A copy of the learner's file at the first free FILE.~N~; a hard link
 * when the file system allows it (the reset then renames a new file over
 * the name, so the link keeps the learner's version). */
static char *backup(const PracticeFiles *f, char **err)
{
    for (int n = 1; n <= BACKUPS_MAX; n++) {
        char *b = xasprintf("%s.~%d~", f->file, n);
        if (link(f->file, b) == 0)
            return b;
        if (errno != EEXIST) {
            size_t len;
            char *data = read_file_bounded(f->file, 64u << 20, &len, false);
            int rc = data ? write_new(b, data, len, 0600) : -1;
            int e = errno;
            free(data);
            if (rc == 0)
                return b;
            if (e != EEXIST) {
                char *shown = practice_display_path(b);
                *err = xasprintf("cannot keep your file as %s (%s); nothing was reset", shown, strerror(e));
                free(shown);
                free(b);
                return NULL;
            }
        }
        free(b);
    }
    *err = xasprintf("%d backups of %s already; delete some, nothing was reset", BACKUPS_MAX, f->file);
    return NULL;
}

int practice_workspace_reset(const PracticeFiles *f, char **backup_path, char **err)
{
    *backup_path = NULL;
    *err = NULL;
    size_t len;
    char *data = read_starter(f, &len, err);
    if (!data)
        return -1;
    int rc = make_dir(f, err);
    if (rc == 0 && path_is_file(f->file)) {
        *backup_path = backup(f, err);
        rc = *backup_path ? 0 : -1;
    }
    if (rc == 0 && write_file_atomic(f->file, data, len, 0600) < 0) {
        char *shown = practice_display_path(f->file);
        *err = xasprintf("cannot write %s: %s", shown, strerror(errno));
        free(shown);
        rc = -1;
    }
    free(data);
    return rc;
}

char *practice_solution_text(const PracticeFiles *f, char **err)
{
    *err = NULL;
    char *data = read_file_bounded(f->solution, STARTER_MAX, NULL, false);
    if (!data)
        *err = xasprintf("the solution %s cannot be read (%s)", f->solution,
                         errno == EFBIG ? "over 1 MiB" : strerror(errno));
    return data;
}
