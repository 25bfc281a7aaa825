/* Spawning children without a shell. posix_spawnp takes the argv as given,
 * so no value is ever re-parsed by /bin/sh. */
#include "util/spawn.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

SpawnOpts spawn_opts_default(void)
{
    SpawnOpts o = {0};
    o.stdin_devnull = true;
    o.merge_stderr = true;
    o.capture = true;
    o.new_pgroup = true;
    return o;
}

/* err_fd: NULL, or where the read end of a second pipe, the child's
 * stderr, goes (capture only). */
static int spawn_pipes(char *const argv[], const SpawnOpts *opts, Child *out, int *err_fd)
{
    SpawnOpts def = spawn_opts_default();
    if (!opts)
        opts = &def;
    int pipefd[2] = {-1, -1}, errpipe[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc;

    memset(out, 0, sizeof *out);
    out->out_fd = -1;
    if (opts->capture && pipe2(pipefd, O_CLOEXEC) < 0)
        return errno;
    if (opts->capture && err_fd && pipe2(errpipe, O_CLOEXEC) < 0) {
        rc = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        return rc;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    if (opts->stdin_devnull)
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (opts->capture) {
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
        posix_spawn_file_actions_adddup2(&fa, errpipe[1] >= 0 ? errpipe[1] : opts->merge_stderr ? pipefd[1] : 2, 2);
    }
    if (opts->cwd)
        posix_spawn_file_actions_addchdir_np(&fa, opts->cwd);

    /* The child starts with default signal dispositions and an empty mask,
     * whatever the TUI has set up for itself. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    if (opts->new_pgroup) {
        flags |= POSIX_SPAWN_SETPGROUP;
        posix_spawnattr_setpgroup(&attr, 0);
    }
    posix_spawnattr_setflags(&attr, flags);

    const char *prog = opts->path ? opts->path : argv[0];
    rc = posix_spawnp(&out->pid, prog, &fa, &attr, argv, opts->env ? opts->env : environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (opts->capture)
        close(pipefd[1]);
    if (errpipe[1] >= 0)
        close(errpipe[1]);
    if (rc != 0) {
        if (opts->capture)
            close(pipefd[0]);
        if (errpipe[0] >= 0)
            close(errpipe[0]);
        out->pid = -1;
        return rc;
    }
    if (opts->capture) {
        out->out_fd = pipefd[0];
        fcntl(out->out_fd, F_SETFL, fcntl(out->out_fd, F_GETFL) | O_NONBLOCK);
    }
    if (errpipe[0] >= 0) {
        *err_fd = errpipe[0];
        fcntl(*err_fd, F_SETFL, fcntl(*err_fd, F_GETFL) | O_NONBLOCK);
    }
    return 0;
}

int spawn_child(char *const argv[], const SpawnOpts *opts, Child *out)
{
    return spawn_pipes(argv, opts, out, NULL);
}

int spawn_child_split(char *const argv[], const SpawnOpts *opts, Child *out, int *err_fd)
{
    *err_fd = -1;
    SpawnOpts o = opts ? *opts : spawn_opts_default();
    o.capture = true;
    return spawn_pipes(argv, &o, out, err_fd);
}

bool child_poll_exit(Child *c)
{
    if (c->exited)
        return true;
    if (c->pid <= 0)
        return true;
    int st;
    pid_t r = waitpid(c->pid, &st, WNOHANG);
    if (r == c->pid) {
        c->exited = true;
        c->status = st;
    }
    return c->exited;
}

static void close_out(Child *c)
{
    if (c->out_fd >= 0) {
        close(c->out_fd);
        c->out_fd = -1;
    }
}

void child_terminate_group(const Child *c)
{
    if (c->pid > 0 && !c->exited) {
        kill(-c->pid, SIGTERM);
        kill(c->pid, SIGTERM);
    }
}

void child_kill_group(Child *c, double grace_s)
{
    if (c->pid > 0 && !c->exited) {
        child_terminate_group(c);
        double end = now_monotonic() + grace_s;
        while (!child_poll_exit(c) && now_monotonic() < end)
            poll(NULL, 0, 10);
        if (!c->exited) {
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            child_wait(c);
        }
    }
    /* Whatever the leader left in its group goes too. */
    if (c->pid > 0)
        kill(-c->pid, SIGKILL);
    close_out(c);
}

int child_wait(Child *c)
{
    while (!c->exited && c->pid > 0) {
        int st;
        pid_t r = waitpid(c->pid, &st, 0);
        if (r == c->pid) {
            c->exited = true;
            c->status = st;
        } else if (r < 0 && errno != EINTR) {
            break;
        }
    }
    close_out(c);
    return c->status;
}

int run_capture(char *const argv[], const SpawnOpts *opts, double timeout_s,
                size_t max_out, char **out, int *status)
{
    SpawnOpts o = opts ? *opts : spawn_opts_default();
    o.capture = true;
    Child c;
    int rc = spawn_child(argv, &o, &c);
    if (rc)
        return rc;
    StrBuf sb;
    strbuf_init(&sb);
    double end = now_monotonic() + timeout_s;
    bool timed_out = false;
    for (;;) {
        double left = end - now_monotonic();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd p = {.fd = c.out_fd, .events = POLLIN};
        int pr = poll(&p, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            continue;
        char buf[4096];
        ssize_t n = read(c.out_fd, buf, sizeof buf);
        if (n > 0) {
            if (sb.len < max_out)
                strbuf_add(&sb, buf, (size_t)n < max_out - sb.len ? (size_t)n : max_out - sb.len);
        } else if (n == 0) {
            break;
        } else if (errno != EAGAIN && errno != EINTR) {
            break;
        }
    }
    if (timed_out) {
        child_kill_group(&c, 1.0);
        strbuf_free(&sb);
        return ETIMEDOUT;
    }
    /* Output closed; the child may still be running briefly. */
    while (!child_poll_exit(&c)) {
        if (now_monotonic() > end) {
            child_kill_group(&c, 1.0);
            strbuf_free(&sb);
            return ETIMEDOUT;
        }
        poll(NULL, 0, 5);
    }
    close_out(&c);
    *status = c.status;
    if (out)
        *out = strbuf_detach(&sb);
    else
        strbuf_free(&sb);
    return 0;
}

const char *describe_status(int status)
{
    static char buf[96];
    if (WIFEXITED(status))
        snprintf(buf, sizeof buf, "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof buf, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(buf, sizeof buf, "ended (status %d)", status);
    return buf;
}
