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
        pthread_setname_np(th[n], DEMO_WORKER_NAME); /* what top -H and htop call it */
    }
    if (gate)
        gate_open(gate, rc != 0);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    free(th);
    return rc;
}

/* What a forked worker runs first: close what is not its own, then fn. */
typedef struct {
    int (*fn)(void *, int);
    void *arg;
    int fd;                      /* its pipe's write end */
    const int *other_fds;        /* the pipe ends of the workers before it, and its own read end */
    int nother;
    const int *close_in_child;   /* the parent's that it must not keep */
    int nclose;
} ChildStart;

static int child_main(void *p)
{
    ChildStart *cs = p;
    for (int i = 0; i < cs->nother; i++)
        if (cs->other_fds[i] >= 0)
            close(cs->other_fds[i]);
    for (int i = 0; i < cs->nclose; i++)
        if (cs->close_in_child[i] >= 0)
            close(cs->close_in_child[i]);
    return cs->fn(cs->arg, cs->fd);
}

int demo_procs_start(DemoCtx *c, DemoProcs *t, int w, int (*fn)(void *arg, int fd), void *args, size_t size,
                     const int *close_in_child, int nclose, double *started, double *created, char *err,
                     size_t errlen)
{
    t->n = 0;
    t->pids = xcalloc((size_t)w, sizeof *t->pids);
    /* One more slot: a child also closes its own read end, kept there. */
    t->fds = xcalloc((size_t)w + 1, sizeof *t->fds);
    for (; t->n < w; t->n++) {
        int i = t->n, fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) {
            snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
            return -1;
        }
        t->fds[i] = fds[0];
        ChildStart cs = {fn, (char *)args + (size_t)i * size, fds[1], t->fds, i + 1, close_in_child, nclose};
        if (started)
            started[i] = now_monotonic();
        t->pids[i] = demo_fork(c, child_main, &cs);
        int e = errno;
        if (created)
            created[i] = now_monotonic();
        close(fds[1]);
        if (t->pids[i] < 0) {
            close(fds[0]);
            if (e == EINTR) /* a signal stops the session: reported by the caller */
                snprintf(err, errlen, "interrupted");
            else
                snprintf(err, errlen, "cannot start a process: %s", strerror(e));
            return -1;
        }
    }
    return 0;
}

int demo_procs_end(DemoCtx *c, DemoProcs *t, int rc, char *err, size_t errlen)
{
    for (int i = 0; i < t->n; i++) {
        close(t->fds[i]);
        if (rc != 0) /* the run has failed: the others' work is of no use */
            kill(t->pids[i], SIGKILL);
    }
    for (int i = 0; i < t->n; i++) {
        int st = demo_reap(c, t->pids[i]);
        if ((st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) && rc == 0) {
            snprintf(err, errlen, "worker process %d %s", i, st >= 0 && WIFSIGNALED(st) ? "was killed" : "failed");
            rc = -1;
        }
    }
    free(t->pids);
    free(t->fds);
    memset(t, 0, sizeof *t);
    return rc;
}

int demo_run_procs(DemoCtx *c, int w, int (*fn)(void *arg, int fd), void *args, size_t size, void *results,
                   size_t rsize, char *err, size_t errlen)
{
    DemoProcs t;
    int rc = demo_procs_start(c, &t, w, fn, args, size, NULL, 0, NULL, NULL, err, errlen);
    for (int i = 0; i < t.n && rc == 0; i++)
        if (read_all(t.fds[i], (char *)results + (size_t)i * rsize, rsize) != 0) {
            snprintf(err, errlen, "worker process %d sent no result", i);
            rc = -1;
        }
    return demo_procs_end(c, &t, rc, err, errlen);
}
