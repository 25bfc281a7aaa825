/* util/: small helpers every folder may use. Nothing here knows about
 * lessons, demos, clusters or the screen. One header a concern:
 *   util/util.h      memory, growable strings, argv arrays, numbers from
 *                    the command line, time, whole reads and writes of a
 *                    file descriptor, files, XDG directories, the user
 *   util/utf8.h      the UTF-8 decoder and terminal display widths
 *   util/json_out.h  writing JSON, and one-line records {"type":...}
 *   util/spawn.h     starting programs from an argv (never a shell) */
#ifndef CORELAB_UTIL_H
#define CORELAB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- memory: abort with a message on exhaustion (nothing sane to do) ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free a NULL-terminated array of strings and the array itself (NULL is
 * fine). */
void argv_free(char **argv);

/* free() of each argument, in order: FREE_ALL(s->title, s->text, s). */
#define FREE_ALL(...) free_all((void *[]){__VA_ARGS__}, sizeof((void *[]){__VA_ARGS__}) / sizeof(void *))
void free_all(void *const *p, size_t n);

/* ---- growable string ---- */
typedef struct {
    char *data; /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} StrBuf;

void strbuf_init(StrBuf *sb);
void strbuf_free(StrBuf *sb);
void strbuf_reset(StrBuf *sb);
void strbuf_add(StrBuf *sb, const char *s, size_t n);
void strbuf_adds(StrBuf *sb, const char *s);
void strbuf_addc(StrBuf *sb, char c);
void strbuf_addf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(StrBuf *sb, const char *fmt, va_list ap);
char *strbuf_detach(StrBuf *sb); /* caller frees; sb is reset */

/* ---- numbers from the command line: whole string, range-checked ---- */
bool parse_long(const char *s, long min, long max, long *out);
bool parse_double(const char *s, double min, double max, double *out);
/* "4", "1,2,4" or "1-8" (combinations "1,4-6" too); at most max_n values,
 * each within [min,max]. Returns the count, or -1 with *err set to a static
 * description of what is wrong. */
int parse_int_list(const char *s, int min, int max, int *out, int max_n, const char **err);

/* ---- time ---- */
double now_monotonic(void); /* seconds */
double now_wall(void);      /* seconds since the epoch */

/* ---- whole reads and writes of a file descriptor ---- */
/* Write all len bytes, going on after short writes and EINTR. 0, or -1 with
 * errno set. */
int write_all(int fd, const void *buf, size_t len);
/* Read exactly len bytes, going on after short reads and EINTR. 0, or -1
 * with errno set: ENODATA when the end of the file comes first. */
int read_all(int fd, void *buf, size_t len);

/* ---- files ---- */
/* Read a whole regular file of at most max bytes. NULL with errno set on
 * failure (EFBIG when larger). Does not follow a final symlink when
 * nofollow is true. */
char *read_file_bounded(const char *path, size_t max, size_t *len_out, bool nofollow);
/* Read from an open fd up to EOF, at most max bytes; NULL with errno EFBIG
 * when there is more. The fd stays open. */
char *read_fd_bounded(int fd, size_t max, size_t *len_out);
/* Write data to path atomically (temp file in the same directory, fsync,
 * rename) with the given mode. 0 on success, -1 with errno set. */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode);
/* mkdir -p with mode for the directories it creates. */
int mkdir_p(const char *path, mode_t mode);
bool path_is_dir(const char *path);
bool path_is_file(const char *path);
/* Join dir and name with one '/', caller frees. */
char *path_join(const char *dir, const char *name);

/* ---- the user's folders (caller frees) ---- */
char *home_dir(void);       /* $HOME, else the password entry's, else /tmp */
char *xdg_state_dir(void);  /* $XDG_STATE_HOME/corelab or ~/.local/state/corelab */
char *xdg_config_dir(void); /* $XDG_CONFIG_HOME/corelab or ~/.config/corelab */

/* ---- user ---- */
/* Name of the real user (getpwuid), or "uid<N>" when unknown. Caller frees. */
char *current_user_name(void);

#endif
