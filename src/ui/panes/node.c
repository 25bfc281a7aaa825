/* Demos on a compute node: the panel's `n` setting. Turning it on reads the
 * cluster settings (the Jupyter form's: scheduler, partition, cpus) and
 * checks that the scheduler's node program (Slurm's srun) can be run; while
 * it is on, the demo's argv is wrapped by the scheduler's node_run_argv
 * (`srun --cpus-per-task=N --ntasks=1 CORELAB demo ...`, or
 * `... CORELAB trace --json -- COMMAND` for a traced run step) and the
 * node's JSON stream comes back through the same pipe. While srun's job
 * waits in the queue (srun says so, with the job's id), the scheduler is
 * asked why, and the panel says queued, the reason and the job id, not
 * "running". */
#include "ui/panes/panes.h"
#include "cluster/cluster.h"
#include "util/utf8.h"
#include "util/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether prog is an executable file in one of PATH's directories. */
static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        /* An empty entry means the current directory. */
        char *file = n ? xasprintf("%.*s/%s", (int)n, path, prog) : xasprintf("./%s", prog);
        bool ok = access(file, X_OK) == 0;
        free(file);
        if (ok)
            return true;
        path += n;
        if (*path == ':')
            path++;
    }
    return false;
}

int node_run_enable(NodeRun *n, const char *self_exe, char *msg, size_t len)
{
    ClusterConfig cfg;
    char *err = NULL;
    int rc = -1;
    if (cluster_config_load(&cfg, &err) != 0) {
        snprintf(msg, len, "cannot read the cluster settings (%s): demos stay on this machine",
                 err ? err : "unknown error");
        free(err);
        return -1;
    }
    /* srun execs this path on the node: it must name the binary itself, not
     * /proc/self/exe (which would be srun there) or a relative path. */
    char real[PATH_MAX];
    const Scheduler *s = scheduler_find(cfg.scheduler);
    if (!s || !s->node_run_argv) {
        snprintf(msg, len, "%s; the scheduler set is %s: they stay here",
                 s ? s->node_run_refusal : "demos on a node need a scheduler corelab knows", cfg.scheduler);
    } else if (!on_path(s->node_run_prog)) {
        snprintf(msg, len, "%s: demos stay on this machine", s->node_run_missing);
    } else if (!realpath(self_exe, real)) {
        snprintf(msg, len, "cannot tell where corelab is (%s): demos stay on this machine", self_exe);
    } else {
        node_run_disable(n);
        n->on = true;
        n->sched = s;
        n->cpus = cfg.cpus;
        n->partition = xstrdup(cfg.partition ? cfg.partition : "");
        n->exe = xstrdup(real);
        rc = 0;
    }
    cluster_config_free(&cfg);
    return rc;
}

void node_run_disable(NodeRun *n)
{
    node_run_reset(n);
    free(n->partition);
    free(n->exe);
    memset(n, 0, sizeof *n);
}

char **node_run_wrap(const NodeRun *n, char *const self_argv[])
{
    /* self_argv is CORELAB SUBCOMMAND ARGS...: the node's corelab gets
     * SUBCOMMAND ARGS. */
    return n->sched->node_run_argv(n->exe, n->cpus, n->partition, self_argv[1], self_argv + 2);
}

void node_run_describe(const NodeRun *n, char *buf, size_t len)
{
    snprintf(buf, len, "on a node via %s, %d CPU%s", n->sched->node_run_prog, n->cpus,
             n->cpus == 1 ? "" : "s");
}

/* Word-wrap text into rows y.. of r (at most to its last row); returns the
 * next free row. Breaks at spaces; a word wider than the row is cut. */
static int wrap_text(WINDOW *win, const DrawCtx *dc, const Rect *r, int y, const char *text, attr_t attr)
{
    int w = r->w - 2;
    if (w < 8)
        return y;
    const char *s = text;
    while (*s && y < r->y + r->h) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        size_t cut = text_wrap_row(s, strlen(s), w);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(cut < sizeof line - 1 ? cut : sizeof line - 1), s);
        pane_line(win, dc, y++, r->x + 1, r->w - 1, line, attr);
        s += cut;
    }
    return y;
}

void node_run_draw_failure(WINDOW *win, const DrawCtx *dc, const Rect *r, const char *err, bool started)
{
    pane_blank(win, r);
    if (r->h < 2 || r->w < 10)
        return;
    pane_line(win, dc, r->y, r->x, r->w,
              started ? " the demo on the node ended with an error:" : " srun could not run the demo on a node:",
              A_BOLD);
    int y = wrap_text(win, dc, r, r->y + 1, err, A_BOLD | pane_pair(dc, PANE_PAIR_ERROR));
    wrap_text(win, dc, r, y + 1,
              "Check scheduler, partition and cpus in your corelab config (config.yaml), "
              "or press n to run demos on this machine.",
              A_NORMAL);
}

/* ---- while srun's job waits in the queue ---- */

#define QUEUE_CHECK_S 3.0

struct NodeQueue {
    char job[32];
    bool waiting;      /* queued, no node yet */
    JobStatus st;      /* the scheduler's last word on it */
    bool have_status;
    ClusterTask task;  /* squeue, off the UI's loop */
    double next_check;
    char text[320];
};

typedef struct {
    const Scheduler *sched;
    char job[32];
} QueueArg;

static void queue_status(void *arg, void *out)
{
    const QueueArg *a = arg;
    a->sched->status(a->job, sched_deadline(SCHED_BUDGET_S), out);
}

void node_run_reset(NodeRun *n)
{
    if (!n->queue)
        return;
    cluster_task_abandon(&n->queue->task);
    free(n->queue);
    n->queue = NULL;
}

/* srun's "job 123 queued and waiting for resources" and "job 123 has been
 * allocated resources". */
void node_run_note(NodeRun *n, const char *line, size_t len)
{
    char text[256];
    snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text ? len : sizeof text - 1), line);
    char job[32];
    int end = 0;
    if (sscanf(text, "srun: job %31[0-9_] %n", job, &end) != 1 || end == 0)
        return;
    bool queued = strstr(text + end, "queued and waiting for resources") != NULL;
    bool allocated = strstr(text + end, "has been allocated resources") != NULL;
    if (!queued && !allocated)
        return;
    if (!n->queue) {
        n->queue = xcalloc(1, sizeof *n->queue);
        cluster_task_init(&n->queue->task);
    }
    snprintf(n->queue->job, sizeof n->queue->job, "%s", job);
    n->queue->waiting = queued;
    n->queue->next_check = 0;
}

static void queue_text(struct NodeQueue *q)
{
    int k = snprintf(q->text, sizeof q->text, "queued as job %s", q->job);
    bool never = false;
    const char *why = q->have_status && q->st.reason[0] ? job_reason_text(q->st.reason, &never) : NULL;
    if (k > 0 && q->have_status && q->st.reason[0])
        k += snprintf(q->text + k, sizeof q->text - (size_t)k, " (%s)", q->st.reason);
    if (k > 0 && (size_t)k < sizeof q->text && why)
        snprintf(q->text + k, sizeof q->text - (size_t)k, ": %s%s", why, never ? "; it cannot start as asked" : "");
}

bool node_run_service(NodeRun *n, double now)
{
    struct NodeQueue *q = n->queue;
    if (!q || !q->waiting)
        return false;
    bool changed = false;
    JobStatus st;
    if (cluster_task_busy(&q->task) && cluster_task_read(&q->task, &st) > 0 && st.phase == JOB_PENDING) {
        q->st = st;
        q->have_status = true;
        changed = true;
    }
    if (!cluster_task_busy(&q->task) && now >= q->next_check && n->sched) {
        QueueArg arg = {n->sched, ""};
        snprintf(arg.job, sizeof arg.job, "%s", q->job);
        cluster_task_start(&q->task, queue_status, &arg, sizeof(JobStatus));
        q->next_check = now + QUEUE_CHECK_S;
    }
    char before[sizeof q->text];
    snprintf(before, sizeof before, "%s", q->text);
    queue_text(q);
    return changed || strcmp(before, q->text) != 0;
}

const char *node_run_queued(const NodeRun *n)
{
    return n->queue && n->queue->waiting && n->queue->text[0] ? n->queue->text : NULL;
}
