#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double now_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double now_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0) /* no progress and no reason: do not spin */
                errno = EIO;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t r = read(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = ENODATA;
            return -1;
        }
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

char *read_fd_bounded(int fd, size_t max, size_t *len_out)
{
    size_t cap = max < 4096 ? max + 1 : 4096;
    char *buf = xmalloc(cap + 1);
    size_t len = 0;
    for (;;) {
        if (len == cap) {
            if (cap > max) { /* a byte past max arrived: too large */
                free(buf);
                errno = EFBIG;
                return NULL;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > max) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    buf[len] = '\0';
    if (len_out)
        *len_out = len;
    return buf;
}

char *read_file_bounded(const char *path, size_t max, size_t *len_out, bool nofollow)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return NULL;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) < 0)
        e = errno;
    else if (!S_ISREG(st.st_mode))
        e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    if (e) {
        close(fd);
        errno = e;
        return NULL;
    }
    char *buf = read_fd_bounded(fd, max, len_out);
    e = errno;
    close(fd);
    errno = e;
    return buf;
}

int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return -1;
    }
    if (fchmod(fd, mode) < 0)
        goto fail;
    if (write_all(fd, data, len) < 0)
        goto fail;
    if (fsync(fd) < 0 && errno != EINVAL)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 0;
fail: {
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
}
}

int mkdir_p(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) < 0 && errno != EEXIST) {
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, mode);
    int e = errno;
    free(p);
    if (rc < 0 && e != EEXIST) {
        errno = e;
        return -1;
    }
    return path_is_dir(path) ? 0 : (errno = ENOTDIR, -1);
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return xasprintf("%.*s/%s", (int)n, dir, name);
}

char *home_dir(void)
{
    const char *h = getenv("HOME");
    if (h && *h)
        return xstrdup(h);
    struct passwd *pw = getpwuid(getuid());
    return xstrdup(pw && pw->pw_dir ? pw->pw_dir : "/tmp");
}

static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/')
        return path_join(v, "corelab");
    char *home = home_dir();
    char *base = path_join(home, fallback);
    char *res = path_join(base, "corelab");
    free(home);
    free(base);
    return res;
}

char *xdg_state_dir(void)
{
    return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *xdg_config_dir(void)
{
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *current_user_name(void)
{
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name)
        return xstrdup(pw->pw_name);
    return xasprintf("uid%ld", (long)getuid());
}
