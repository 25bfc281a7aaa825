/* A function in a child process, its fixed-size result back through a
 * pipe: the screen's loop and the waiting command line poll the pipe like
 * any other descriptor, so a scheduler that takes seconds to answer (or
 * does not answer) never blocks them. The child is fork()ed from a process
 * without threads and may use everything the parent could. */
#include "cluster/cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void cluster_task_init(ClusterTask *t)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
}

bool cluster_task_busy(const ClusterTask *t)
{
    return t->pid > 0;
}

static void child_main(int wfd, void (*fn)(void *, void *), void *arg, size_t size)
{
    /* the parent's handlers (resize, quit) are not ours; our own group so
     * that the parent can end us and what we spawned together */
    setpgid(0, 0);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
    void *out = xcalloc(1, size);
    fn(arg, out);
    (void)write_all(wfd, out, size); /* the parent reports a short result */
    _exit(0); /* no atexit handlers: they belong to the parent's terminal */
}

bool cluster_task_start(ClusterTask *t, void (*fn)(void *arg, void *out), void *arg, size_t size)
{
    if (cluster_task_busy(t))
        return false;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        close(p[0]);
        child_main(p[1], fn, arg, size);
    }
    close(p[1]);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    t->pid = pid;
    t->fd = p[0];
    t->started = now_monotonic();
    t->size = size;
    t->got = 0;
    free(t->buf);
    t->buf = xcalloc(1, size);
    return true;
}

static void finish(ClusterTask *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    if (t->pid > 0) {
        int st;
        while (waitpid(t->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    t->pid = 0;
    free(t->buf);
    t->buf = NULL;
}

int cluster_task_read(ClusterTask *t, void *out)
{
    if (!cluster_task_busy(t))
        return 0;
    for (;;) {
        ssize_t n = read(t->fd, (char *)t->buf + t->got, t->size - t->got);
        if (n > 0) {
            t->got += (size_t)n;
            if (t->got < t->size)
                continue;
            memcpy(out, t->buf, t->size);
            finish(t);
            return 1;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        finish(t); /* end of the pipe before a whole result: the child died */
        return -1;
    }
}

void cluster_task_abandon(ClusterTask *t)
{
    if (t->pid > 0) {
        kill(-t->pid, SIGKILL);
        kill(t->pid, SIGKILL);
    }
    finish(t);
}

bool text_next_line(const char **cursor, const char **line, size_t *len)
{
    const char *c = *cursor;
    if (!c || !*c)
        return false;
    size_t n = strcspn(c, "\n");
    *line = c;
    *len = n;
    *cursor = c + n + (c[n] == '\n');
    return true;
}
