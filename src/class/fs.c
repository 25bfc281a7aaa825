/* class/fs: no-follow, bounded file access relative to directory fds. */
#include "class/class_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

int class_fs_open_dir(int atfd, const char *path, bool readable)
{
    int fd = openat(atfd, path, (readable ? O_RDONLY : O_PATH) | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ELOOP)
        errno = ENOTDIR;
    return fd;
}

char *class_fs_read_at(int dirfd, const char *name, size_t max, size_t *len, struct stat *st)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, st) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    char *buf = read_fd_bounded(fd, max, len);
    int e = errno;
    close(fd);
    errno = e;
    return buf;
}

void class_fs_random_hex(char out[9])
{
    unsigned int v;
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        v = (unsigned int)ts.tv_nsec ^ ((unsigned int)getpid() << 16);
    }
    snprintf(out, 9, "%08x", v);
}

int class_fs_write_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode)
{
    char tmp[CLASS_FS_TMP_MAX];
    int fd = -1;
    /* Someone may have planted our next temp name: try a few fresh ones. */
    for (int tries = 0; tries < 8 && fd < 0; tries++) {
        char hex[9];
        class_fs_random_hex(hex);
        snprintf(tmp, sizeof tmp, ".%.64s.%s.tmp", name, hex);
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST)
            return -1;
    }
    if (fd < 0)
        return -1;
    /* No fsync: a status or pace lost in a crash is rewritten within
     * seconds, and 60 students syncing would load the file server. */
    if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0) {
        int e = errno;
        close(fd);
        unlinkat(dirfd, tmp, 0);
        errno = e;
        return -1;
    }
    if (close(fd) < 0 || renameat(dirfd, tmp, dirfd, name) < 0) {
        int e = errno;
        unlinkat(dirfd, tmp, 0);
        errno = e;
        return -1;
    }
    return 0;
}

bool class_fs_writable_by_others(const struct stat *st)
{
    return (st->st_mode & (S_IWGRP | S_IWOTH)) != 0;
}
