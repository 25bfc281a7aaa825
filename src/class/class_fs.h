/* class/class_fs: file-system primitives of the class directory, private to
 * class/. Everything works relative to an open directory fd, never follows a
 * symlink, and bounds every read. */
#ifndef CORELAB_CLASS_FS_H
#define CORELAB_CLASS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Open path as a directory (O_PATH: enough for *at calls and fstat, and
 * works on the 1733 students/ where others may not read) without following
 * a final symlink. readable: O_RDONLY instead (listing, fchmod). -1/errno;
 * ENOTDIR when it is a symlink or not a directory. */
int class_fs_open_dir(int atfd, const char *path, bool readable);
/* Open name in dirfd for reading: O_NOFOLLOW, O_NONBLOCK (a planted FIFO
 * must not block us), then fstat and require a regular file. Reads at most
 * max bytes (EFBIG beyond). Returns the NUL-terminated text or NULL/errno;
 * *st is the fstat of the opened file. */
char *class_fs_read_at(int dirfd, const char *name, size_t max, size_t *len, struct stat *st);
#define CLASS_FS_TMP_MAX 96

/* Replace dirfd/name atomically with data: a fresh temp file (O_EXCL,
 * a name starting with '.' and not guessable in advance), fchmod mode,
 * renameat. In a sticky directory renameat fails with EPERM/EACCES when
 * name belongs to another user. -1/errno. */
int class_fs_write_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode);
/* Whether group or others may write (the mode bits alone). */
bool class_fs_writable_by_others(const struct stat *st);

/* Open the directory path (its last component never a symlink) after
 * walking to it from / one component at a time, without following any
 * symlink blindly: a symlink met on the way is read and its target walked
 * in turn. Every directory passed through, and every directory holding a
 * symlink followed, must be owned by root or by owner and not writable by
 * group or others unless sticky (OpenSSH's StrictModes). owner (uid_t)-1:
 * whoever owns path itself (a follower trusts the owner of DIR). *st is
 * the fstat of the result. -1 with errno: ENOENT (with *err NULL) when
 * path or a directory above it does not exist; otherwise *err says which
 * directory is not trusted and why (caller frees). */
int class_fs_open_checked(const char *path, uid_t owner, bool readable, struct stat *st,
                          char **err);
/* Random hex (8 chars + NUL) for temp and fallback names. */
void class_fs_random_hex(char out[9]);

#endif
