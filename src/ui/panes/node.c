/* Demos on a compute node: the panel's `n` setting. Turning it on reads the
 * cluster settings (the Jupyter form's: scheduler, partition, cpus) and
 * checks that the scheduler's node program (Slurm's srun) can be run; while
 * it is on, the demo's argv is wrapped by the scheduler's node_run_argv
 * (`srun --cpus-per-task=N --ntasks=1 --quiet CORELAB demo ...`, or
 * `... CORELAB trace --json -- COMMAND` for a traced run step) and the
 * node's JSON stream comes back through the same pipe. */
#include "ui/panes/panes.h"
#include "cluster/cluster.h"
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
        size_t len = strlen(s), cut = len;
        if (pane_cols(s) > w) {
            /* the last space within w bytes (srun writes ASCII) */
            cut = (size_t)w < len ? (size_t)w : len;
            while (cut > 0 && s[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = (size_t)w < len ? (size_t)w : len;
        }
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
