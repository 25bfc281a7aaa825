/* util/spawn: start a program from an argv with posix_spawnp -- never a
 * shell -- in its own process group, with stdout and stderr on one pipe. */
#ifndef CORELAB_SPAWN_H
#define CORELAB_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    const char *path;         /* the program to run; NULL: argv[0], looked up on PATH */
    const char *cwd;          /* NULL: inherit */
    char *const *env;         /* NULL: inherit environ */
    bool stdin_devnull;       /* child's stdin from /dev/null (default true via spawn_opts_default) */
    bool merge_stderr;        /* stderr onto the same pipe as stdout */
    bool capture;             /* false: child shares our stdout/stderr */
    bool new_pgroup;          /* own process group, so it can be killed whole */
} SpawnOpts;

typedef struct {
    pid_t pid;
    int out_fd;     /* read end, non-blocking, close-on-exec; -1 when not captured */
    bool exited;
    int status;     /* as from waitpid */
} Child;

SpawnOpts spawn_opts_default(void); /* stdin /dev/null, merged, captured, own group */

/* 0 on success; otherwise an errno value (ENOENT when the program is not on
 * PATH). */
int spawn_child(char *const argv[], const SpawnOpts *opts, Child *out);

/* spawn_child with stdout and stderr on two pipes: stdout's read end in
 * out->out_fd, stderr's in *err_fd (non-blocking, close-on-exec; the
 * caller closes it). The output is captured whatever opts says. */
int spawn_child_split(char *const argv[], const SpawnOpts *opts, Child *out, int *err_fd);

/* Non-blocking reap: true when the child has exited (status filled). */
bool child_poll_exit(Child *c);
/* SIGTERM the whole group and return at once (child_poll_exit reaps it). */
void child_terminate_group(const Child *c);
/* SIGTERM the whole group, wait up to grace_s, then SIGKILL; reaps. Closes out_fd. */
void child_kill_group(Child *c, double grace_s);
/* Blocking wait; closes out_fd. Returns the status as waitpid gives it. */
int child_wait(Child *c);

/* Run argv to completion, collecting at most max_out bytes of its merged
 * output into *out (caller frees; may be NULL to discard), killing it after
 * timeout_s. Returns 0 and fills *status, or an errno value (ETIMEDOUT when
 * killed for time). */
int run_capture(char *const argv[], const SpawnOpts *opts, double timeout_s,
                size_t max_out, char **out, int *status);

/* "exited with status 3", "killed by signal 9 (Killed)" ... static buffer. */
const char *describe_status(int status);

#endif
