/* demo/workers: starting a team of threads or forked processes. */
#include "demo/kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool demo_gate_wait(DemoGate *g)
{
    pthread_mutex_lock(&g->lock);
    while (!g->open)
        pthread_cond_wait(&g->cond, &g->lock);
    bool ok = !g->failed;
    pthread_mutex_unlock(&g->lock);
    return ok;
}

static void gate_open(DemoGate *g, bool failed)
{
    pthread_mutex_lock(&g->lock);
    g->open = true;
    g->failed = failed;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

int demo_run_threads(int w, void *(*fn)(void *), void *args, size_t size, double *started, DemoGate *gate,
                     double *created)
{
    pthread_t *th = xcalloc((size_t)w, sizeof *th);
    int n = 0, rc = 0;
    for (; n < w; n++) {
        if (started)
            started[n] = now_monotonic();
        rc = pthread_create(&th[n], NULL, fn, (char *)args + (size_t)n * size);
        if (created)
            created[n] = now_monotonic();
        if (rc != 0)
            break;
    }
    if (gate)
        gate_open(gate, rc != 0);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    free(th);
    return rc;
}

typedef struct {
    int (*fn)(void *, int);
    void *arg;
    int fd;
    int *close_fds; /* read ends the child must not keep */
    int nclose;
} ChildStart;

static int child_main(void *p)
{
    ChildStart *cs = p;
    for (int i = 0; i < cs->nclose; i++)
        if (cs->close_fds[i] >= 0)
            close(cs->close_fds[i]);
    return cs->fn(cs->arg, cs->fd);
}

int demo_run_procs(DemoCtx *c, int w, int (*fn)(void *arg, int fd), void *args, size_t size,
                   void *results, size_t rsize, double *started, char *err, size_t errlen)
{
    pid_t *pids = xcalloc((size_t)w, sizeof *pids);
    int *rfd = xcalloc((size_t)w, sizeof *rfd);
    int n = 0, rc = 0;
    for (int i = 0; i < w; i++)
        rfd[i] = -1;
    for (; n < w; n++) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) {
            snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
            rc = -1;
            break;
        }
        ChildStart cs = {fn, (char *)args + (size_t)n * size, fds[1], rfd, n};
        if (started)
            started[n] = now_monotonic();
        pids[n] = demo_fork(c, child_main, &cs);
        int e = errno;
        close(fds[1]);
        if (pids[n] < 0) {
            close(fds[0]);
            if (e != EINTR) /* EINTR: interrupted, reported by the caller */
                snprintf(err, errlen, "cannot start a process: %s", strerror(e));
            else
                snprintf(err, errlen, "interrupted");
            rc = -1;
            break;
        }
        rfd[n] = fds[0];
    }
    for (int i = 0; i < n; i++) {
        if (read_all(rfd[i], (char *)results + (size_t)i * rsize, rsize) != 0 && rc == 0) {
            snprintf(err, errlen, "worker process %d sent no result", i);
            rc = -1;
        }
        close(rfd[i]);
    }
    for (int i = 0; i < n; i++) {
        int st = demo_reap(c, pids[i]);
        if ((st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) && rc == 0) {
            snprintf(err, errlen, "worker process %d %s", i,
                     st >= 0 && WIFSIGNALED(st) ? "was killed" : "failed");
            rc = -1;
        }
    }
    free(pids);
    free(rfd);
    return rc;
}
