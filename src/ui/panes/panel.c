/* The panel: the state of the live area for one step, the child it runs
 * (`corelab demo ... --json` for a demo step, the step's command for a run
 * step, each in its own process group), the keys it takes, and the pacing
 * of its redraws (at most 10 Hz while a child runs, 2 Hz otherwise). */
#include "ui/panes/panel.h"
#include "ui/panes/panes.h"
#include "probe/probe.h"
#include "util/spawn.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

enum { KIND_NONE, KIND_DEMO, KIND_RUN };
enum { MAX_LIST = 64 };

#define RUNNING_INTERVAL 0.1 /* 10 Hz */
#define IDLE_INTERVAL 0.5    /* 2 Hz */
#define STOP_GRACE 0.5       /* seconds between SIGTERM and SIGKILL */
/* srun forwards SIGTERM to the step and exits once the step has ended and
 * the allocation is released; killed before that, it would leave the job
 * in the queue. So it gets longer. */
#define NODE_STOP_GRACE 5.0
#define READ_BUDGET (256 * 1024)
#define EXIT_WAIT 2.0        /* seconds from end of output to exit */

static const double zoom_levels[] = {0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2};
enum { ZOOM_N = sizeof zoom_levels / sizeof zoom_levels[0], ZOOM_DEFAULT = 2 };

struct Panel {
    UiCaps caps;
    char *self_exe;
    const Lesson *lesson;
    const LessonStep *step;
    int kind;

    Model model;  /* the child's stream or output */
    Model sys;    /* the system view, from the probe */
    Probe *probe;
    double next_sys;

    Child child;
    bool child_on_node; /* the child is srun running the demo on a node */
    char node_err[MODEL_MSG_LEN]; /* srun's last line that was not JSON */
    bool node_failed;             /* srun ended badly: node_err fills the panes */
    bool running, eof;
    double eof_at;
    LineReader lr;
    double t_start, t_end, deadline;
    bool ended, stopped, timed_out, spawn_failed;
    int status;

    NodeRun node; /* `n`: demos on a compute node through srun */

    /* demo settings, starting from the step's and changed with + - [ ] */
    int base[MAX_LIST], nbase; /* the lesson's list */
    int workers[MAX_LIST], nworkers;
    int max_workers;
    double switch_ms;

    /* run steps */
    bool expect_found, passed;

    /* view */
    int zoom;
    bool paused;
    double paused_t;
    int tl_cells; /* the timeline's width when last drawn, for scrolling */
    int focus;
    bool table_only;

    /* export prompt */
    bool prompting;
    char prompt[512];
    size_t prompt_len;

    char notice[256];
    bool notice_bad;
    bool dirty, urgent, colors_done;
    double last_draw;
    char status_line[160];
};

/* ---- setup ---- */

Panel *panel_new(const UiCaps *caps, const char *self_exe)
{
    Panel *p = xcalloc(1, sizeof *p);
    p->caps = *caps;
    /* A bare name would be looked up on PATH and might find another
     * corelab: run this very binary instead. */
    p->self_exe = xstrdup(self_exe && strchr(self_exe, '/') ? self_exe : "/proc/self/exe");
    model_init(&p->model);
    model_init(&p->sys);
    linereader_init(&p->lr);
    p->child.pid = -1;
    p->child.out_fd = -1;
    p->zoom = ZOOM_DEFAULT;
    p->focus = -1;
    p->dirty = true;
    return p;
}

/* The status bar's line for a running child (panel_status). */
static void set_status_line(Panel *p)
{
    if (p->kind == KIND_DEMO) {
        const LessonDemo *d = p->step->demo;
        snprintf(p->status_line, sizeof p->status_line, "%s %s running, up to %d worker%s%s", d->name,
                 d->variant ? d->variant : "", p->max_workers, p->max_workers == 1 ? "" : "s",
                 p->child_on_node ? " on a node" : "");
    } else {
        snprintf(p->status_line, sizeof p->status_line, "running %.40s", p->step->run->command);
    }
}

static void kill_child(Panel *p)
{
    if (!p->running)
        return;
    child_kill_group(&p->child, p->child_on_node ? NODE_STOP_GRACE : STOP_GRACE);
    p->running = false;
    p->t_end = now_monotonic();
}

void panel_free(Panel *p)
{
    if (!p)
        return;
    kill_child(p);
    model_free(&p->model);
    model_free(&p->sys);
    linereader_free(&p->lr);
    if (p->probe)
        probe_close(p->probe);
    node_run_disable(&p->node);
    free(p->self_exe);
    free(p);
}

static void set_notice(Panel *p, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_notice(Panel *p, bool bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->notice, sizeof p->notice, fmt, ap);
    va_end(ap);
    p->notice_bad = bad;
    p->dirty = p->urgent = true;
}

static void mark(Panel *p)
{
    p->dirty = p->urgent = true;
}

static int max_of(const int *v, int n)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* The list for a new maximum: the lesson's values below it, or powers of
 * two when the lesson gave none, and the maximum itself. */
static void rebuild_workers(Panel *p)
{
    int n = 0;
    if (p->nbase > 0) {
        for (int i = 0; i < p->nbase && n < MAX_LIST - 1; i++)
            if (p->base[i] < p->max_workers)
                p->workers[n++] = p->base[i];
    } else {
        for (int w = 1; w < p->max_workers && n < MAX_LIST - 1; w *= 2)
            p->workers[n++] = w;
    }
    p->workers[n++] = p->max_workers;
    p->nworkers = n;
}

/* A sweep without the lesson's list goes up to the CPUs the demo gets:
 * this process's, or the node's allocation. */
static int default_workers(const Panel *p)
{
    return p->node.on ? p->node.cpus : probe_allowed_workers();
}

static void init_demo_settings(Panel *p, const LessonDemo *d)
{
    p->nbase = d->n_workers < MAX_LIST ? d->n_workers : MAX_LIST;
    memcpy(p->base, d->workers, sizeof(int) * (size_t)p->nbase);
    memcpy(p->workers, p->base, sizeof(int) * (size_t)p->nbase);
    p->nworkers = p->nbase;
    p->max_workers = p->nbase ? max_of(p->base, p->nbase) : default_workers(p);
    if (p->max_workers < 1)
        p->max_workers = 1;
    p->switch_ms = d->switch_interval_ms > 0 ? d->switch_interval_ms : 5.0;
}

void panel_set_step(Panel *p, const Lesson *lesson, const LessonStep *step)
{
    if (step && !step->demo && !step->run)
        step = NULL;
    if (step == p->step && lesson == p->lesson)
        return;
    kill_child(p);
    model_reset(&p->model);
    linereader_free(&p->lr);
    linereader_init(&p->lr);
    p->lesson = lesson;
    p->step = step;
    p->kind = !step ? KIND_NONE : step->demo ? KIND_DEMO : KIND_RUN;
    if (p->kind == KIND_DEMO) /* the chart's view before the first result */
        model_set_demo(&p->model, step->demo->name, step->demo->variant);
    p->ended = p->stopped = p->timed_out = p->spawn_failed = false;
    p->node_failed = false;
    p->expect_found = p->passed = false;
    p->paused = p->prompting = p->table_only = false;
    p->zoom = ZOOM_DEFAULT;
    p->focus = p->kind == KIND_RUN ? PANE_OUTPUT : PANE_METERS;
    p->notice[0] = '\0';
    if (p->kind == KIND_DEMO)
        init_demo_settings(p, step->demo);
    if (p->kind != KIND_NONE && !p->probe)
        p->probe = probe_open();
    p->next_sys = 0;
    mark(p);
}

bool panel_has_content(const Panel *p)
{
    return p->step != NULL;
}

bool panel_running(const Panel *p)
{
    return p->running;
}

bool panel_run_passed(const Panel *p)
{
    return p->kind == KIND_RUN && p->passed;
}

bool panel_wants_all_keys(const Panel *p)
{
    return p->prompting;
}

/* ---- the child ---- */

static char **demo_argv(const Panel *p)
{
    const LessonDemo *d = p->step->demo;
    char **av = xcalloc(24, sizeof *av);
    int n = 0;
    av[n++] = xstrdup(p->self_exe);
    av[n++] = xstrdup("demo");
    av[n++] = xstrdup(d->name);
    if (d->variant) {
        av[n++] = xstrdup("--variant");
        av[n++] = xstrdup(d->variant);
    }
    if (p->nworkers > 0) {
        StrBuf sb;
        strbuf_init(&sb);
        for (int i = 0; i < p->nworkers; i++)
            strbuf_addf(&sb, "%s%d", i ? "," : "", p->workers[i]);
        av[n++] = xstrdup("--workers");
        av[n++] = strbuf_detach(&sb);
    }
    if (d->work > 0) {
        av[n++] = xstrdup("--work");
        av[n++] = xasprintf("%ld", d->work);
    }
    if (d->seconds > 0) {
        av[n++] = xstrdup("--seconds");
        av[n++] = xasprintf("%g", d->seconds);
    }
    if (strcmp(d->name, "gil") == 0) {
        av[n++] = xstrdup("--switch-interval");
        av[n++] = xasprintf("%g", p->switch_ms);
    }
    if (d->chunksize > 0) {
        av[n++] = xstrdup("--chunksize");
        av[n++] = xasprintf("%d", d->chunksize);
    }
    if (d->schedule) {
        av[n++] = xstrdup("--schedule");
        av[n++] = xstrdup(d->schedule);
    }
    av[n++] = xstrdup("--json");
    return av;
}

static void run_line(void *ctx, const char *line, size_t len, bool cut)
{
    Panel *p = ctx;
    model_add_output(&p->model, line, len);
    (void)cut;
    const char *want = p->step->run->expect;
    if (want && *want && !p->expect_found && memmem(line, len, want, strlen(want)))
        p->expect_found = true;
}

static void explain_spawn_error(Panel *p, const char *prog, int err)
{
    const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    char msg[MODEL_MSG_LEN];
    if (err == ENOENT && strncmp(base, "python", 6) == 0)
        snprintf(msg, sizeof msg,
                 "%s was not found: this exercise needs Python 3 on your PATH "
                 "(on a cluster, load it first, e.g. `module load python`).", base);
    else if (err == ENOENT)
        snprintf(msg, sizeof msg, "%s was not found on your PATH, so this step cannot run.", base);
    else
        snprintf(msg, sizeof msg, "cannot start %s: %s", base, strerror(err));
    model_message(&p->model, "%s", msg);
    if (p->kind == KIND_RUN)
        model_add_output(&p->model, msg, strlen(msg));
}

extern char **environ;

/* Our environment plus PYTHONUNBUFFERED=1, so that a Python exercise's
 * prints reach the pane as they happen rather than when its pipe buffer
 * fills or it exits. The strings stay environ's; free only the array. */
static char **run_environment(void)
{
    size_t n = 0;
    bool has = false;
    for (char **e = environ; e && *e; e++, n++)
        has |= strncmp(*e, "PYTHONUNBUFFERED=", 17) == 0;
    char **env = xcalloc(n + 2, sizeof *env);
    memcpy(env, environ, n * sizeof *env);
    if (!has)
        env[n] = "PYTHONUNBUFFERED=1";
    return env;
}

void panel_start(Panel *p)
{
    if (!p->step)
        return;
    kill_child(p);
    model_reset(&p->model);
    if (p->kind == KIND_DEMO)
        model_set_demo(&p->model, p->step->demo->name, p->step->demo->variant);
    linereader_free(&p->lr);
    linereader_init(&p->lr);
    p->ended = p->stopped = p->timed_out = p->spawn_failed = false;
    p->eof = false;
    p->expect_found = p->passed = false;
    p->paused = false;
    p->notice[0] = '\0';
    char **argv = NULL;
    SpawnOpts o = spawn_opts_default();
    p->child_on_node = p->node_failed = false;
    p->node_err[0] = '\0';
    if (p->kind == KIND_DEMO) {
        argv = demo_argv(p);
        if (p->node.on) {
            char **wrapped = node_run_wrap(&p->node, argv);
            argv_free(argv);
            argv = wrapped;
            p->child_on_node = true;
        }
    } else {
        argv = lesson_run_argv(p->step->run->command);
        o.cwd = p->lesson ? p->lesson->dir : NULL;
    }
    mark(p);
    if (!argv || !argv[0]) {
        model_message(&p->model, "this step's command is empty");
        p->spawn_failed = true;
        argv_free(argv);
        return;
    }
    char **env = p->kind == KIND_RUN ? run_environment() : NULL;
    o.env = env;
    int rc = spawn_child(argv, &o, &p->child);
    free(env);
    if (rc) {
        explain_spawn_error(p, p->kind == KIND_RUN || p->child_on_node ? argv[0] : "corelab", rc);
        p->spawn_failed = true;
        argv_free(argv);
        return;
    }
    argv_free(argv);
    p->running = true;
    p->t_start = now_monotonic();
    set_status_line(p);
    /* A local demo runs in our cgroup: its quota is ours (the stream may say
     * too). On a node only the stream knows. */
    if (p->probe && !p->child_on_node)
        p->model.quota_cpus = probe_quota(p->probe);
    int timeout = p->kind == KIND_RUN ? (p->step->run->timeout > 0 ? p->step->run->timeout : 30) : 0;
    p->deadline = timeout ? p->t_start + timeout : 0;
}

void panel_stop(Panel *p)
{
    if (!p->running)
        return;
    kill_child(p);
    p->stopped = true;
    p->ended = true;
    model_message(&p->model, "stopped");
    mark(p);
}

/* srun's output is the node's JSON stream plus srun's own complaints on
 * stderr: keep the last of those to show if the run fails. */
static void node_line(void *ctx, const char *line, size_t len, bool cut)
{
    Panel *p = ctx;
    size_t n = len;
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    if (n > 0 && line[0] != '{')
        snprintf(p->node_err, sizeof p->node_err, "%.*s", (int)n, line);
    stream_line_fn(&p->model, line, len, cut);
}

static void read_child(Panel *p)
{
    if (p->eof || p->child.out_fd < 0)
        return;
    LineFn fn = p->kind == KIND_RUN ? run_line : p->child_on_node ? node_line : stream_line_fn;
    void *ctx = p->kind == KIND_DEMO && !p->child_on_node ? (void *)&p->model : (void *)p;
    unsigned long before = p->model.n_records + p->model.n_garbage + p->model.out_total + p->model.n_spans;
    LrStatus st = linereader_read(&p->lr, p->child.out_fd, READ_BUDGET, fn, ctx);
    if (st != LR_AGAIN) {
        linereader_finish(&p->lr, fn, ctx);
        p->eof = true;
        p->eof_at = now_monotonic();
    }
    if (p->model.n_records + p->model.n_garbage + p->model.out_total + p->model.n_spans != before || p->eof)
        p->dirty = true;
    /* A local demo samples the CPUs of our affinity mask, in order: name
     * them as the system view does (the stream gives indices). */
    if (p->probe && !p->child_on_node && p->model.ncpu == probe_ncpus(p->probe) && p->model.ncpu > 0 &&
        p->model.cpu_ids[p->model.ncpu - 1] == p->model.ncpu - 1)
        for (int i = 0; i < p->model.ncpu; i++)
            p->model.cpu_ids[i] = probe_cpu_id(p->probe, i);
}

/* The child has exited: say how, and for a run whether it passed. */
static void finish(Panel *p)
{
    p->running = false;
    p->ended = true;
    p->t_end = now_monotonic();
    p->status = p->child.status;
    /* Whatever it left in its group goes with it; also closes the pipe. */
    child_kill_group(&p->child, 0);
    int st = p->status;
    double secs = p->t_end - p->t_start;
    if (p->kind == KIND_DEMO) {
        if (p->child_on_node && !(WIFEXITED(st) && WEXITSTATUS(st) == 0) && !p->model.saw_error &&
            p->node_err[0]) {
            model_message(&p->model, "%s", p->node_err); /* srun's own words */
            p->node_failed = true;
        } else if (WIFSIGNALED(st))
            model_message(&p->model, "the demo crashed: %s", describe_status(st));
        else if (WIFEXITED(st) && WEXITSTATUS(st) != 0 && !p->model.saw_error)
            model_message(&p->model, "the demo %s", describe_status(st));
        else if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && p->model.n_garbage)
            model_message(&p->model, "done in %.1f s; ignored %lu line%s that were not demo records", secs,
                          p->model.n_garbage, p->model.n_garbage == 1 ? "" : "s");
        else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            model_message(&p->model, "done in %.1f s", secs);
    } else {
        const char *want = p->step->run->expect;
        p->passed = WIFEXITED(st) && WEXITSTATUS(st) == 0 && (!want || !*want || p->expect_found);
        char line[160];
        snprintf(line, sizeof line, "[%s after %.1f s]", describe_status(st), secs);
        model_add_output(&p->model, line, strlen(line));
    }
    mark(p);
}

static void service(Panel *p, double now)
{
    if (p->running) {
        read_child(p);
        if (p->eof && child_poll_exit(&p->child)) {
            finish(p);
        } else if (p->eof && p->kind == KIND_DEMO && now - p->eof_at > EXIT_WAIT) {
            /* A demo's output closed long ago but it has not exited (or
             * cannot be waited for): end its group rather than wait
             * forever. A run step has its timeout for that. */
            child_kill_group(&p->child, p->child_on_node ? NODE_STOP_GRACE : 0);
            finish(p);
        } else if (!p->eof && child_poll_exit(&p->child)) {
            /* Exited, but something in its group still holds the pipe:
             * take what is there now and end it. */
            read_child(p);
            finish(p);
        } else if (p->deadline > 0 && now >= p->deadline) {
            kill_child(p);
            p->timed_out = p->ended = true;
            char line[96];
            snprintf(line, sizeof line, "[stopped: still running after the step's timeout of %d s]",
                     p->step->run->timeout > 0 ? p->step->run->timeout : 30);
            model_add_output(&p->model, line, strlen(line));
            mark(p);
        }
    }
    bool want_sys = p->probe && p->kind != KIND_NONE && (!p->running || p->kind == KIND_RUN);
    if (want_sys && now >= p->next_sys) {
        double pct[PROBE_MAX_CPUS];
        int ids[MODEL_MAX_CPUS];
        int n = probe_ncpus(p->probe);
        if (n > MODEL_MAX_CPUS)
            n = MODEL_MAX_CPUS;
        if (probe_sample(p->probe, pct) == 0) {
            for (int i = 0; i < n; i++) {
                ids[i] = probe_cpu_id(p->probe, i);
                if (pct[i] < 0)
                    pct[i] = 0;
            }
            p->sys.quota_cpus = probe_quota(p->probe);
            model_add_sample(&p->sys, now, pct, n, ids);
            p->dirty = true;
        }
        p->next_sys = now + IDLE_INTERVAL;
    }
}

void panel_on_poll(Panel *p, const struct pollfd *fds, int n)
{
    (void)fds;
    (void)n;
    service(p, now_monotonic());
}

int panel_pollfds(Panel *p, struct pollfd *fds, int max)
{
    if (!p->running || p->eof || p->child.out_fd < 0 || max < 1)
        return 0;
    fds[0].fd = p->child.out_fd;
    fds[0].events = POLLIN;
    fds[0].revents = 0;
    return 1;
}

static double min_interval(const Panel *p)
{
    return p->running ? RUNNING_INTERVAL : IDLE_INTERVAL;
}

static bool sys_wanted(const Panel *p)
{
    return p->probe && p->kind != KIND_NONE && (!p->running || p->kind == KIND_RUN);
}

double panel_timeout(const Panel *p, double now)
{
    if (!p->step)
        return 1.0;
    double t = p->running ? RUNNING_INTERVAL : IDLE_INTERVAL;
    if (p->dirty) {
        double d = p->urgent ? 0 : p->last_draw + min_interval(p) - now;
        if (d < t)
            t = d;
    }
    if (sys_wanted(p) && p->next_sys - now < t)
        t = p->next_sys - now;
    if (p->running && p->deadline > 0 && p->deadline - now < t)
        t = p->deadline - now;
    return t < 0 ? 0 : t;
}

bool panel_dirty(const Panel *p)
{
    if (!p->step)
        return p->dirty;
    double now = now_monotonic();
    if (p->dirty && (p->urgent || now - p->last_draw >= min_interval(p)))
        return true;
    /* Work that is due also comes through a redraw, whichever of
     * panel_on_poll or panel_draw the walker calls next. */
    if (sys_wanted(p) && now >= p->next_sys && now - p->last_draw >= min_interval(p))
        return true;
    if (p->running && (p->deadline > 0 && now >= p->deadline))
        return true;
    return false;
}

/* ---- keys ---- */

static void restart_if_running(Panel *p)
{
    if (p->running)
        panel_start(p);
}

static void change_workers(Panel *p, int delta)
{
    int nw = p->max_workers + delta;
    if (nw < 1 || nw > MAX_LIST) {
        set_notice(p, true, "workers stay between 1 and %d", MAX_LIST);
        return;
    }
    p->max_workers = nw;
    rebuild_workers(p);
    set_notice(p, false, "workers up to %d%s", nw, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

static void change_interval(Panel *p, double factor)
{
    if (strcmp(p->step->demo->name, "gil") != 0) {
        set_notice(p, true, "the switch interval belongs to the gil demo");
        return;
    }
    double v = p->switch_ms * factor;
    if (v < 0.001 || v > 1000) {
        set_notice(p, true, "the switch interval stays between 0.001 and 1000 ms");
        return;
    }
    p->switch_ms = v;
    set_notice(p, false, "switch interval %g ms%s", v, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

static void cycle_focus(Panel *p, int dir)
{
    static const int demo_order[] = {PANE_METERS, PANE_CHART, PANE_TIMELINE};
    static const int run_order[] = {PANE_OUTPUT, PANE_METERS};
    const int *order = p->kind == KIND_DEMO ? demo_order : run_order;
    int n = p->kind == KIND_DEMO ? 3 : 2;
    int at = 0;
    for (int i = 0; i < n; i++)
        if (order[i] == p->focus)
            at = i;
    p->focus = order[(at + dir + n) % n];
    mark(p);
}

/* `n`: demos on a compute node through srun, or here again. */
static void toggle_node(Panel *p)
{
    if (p->kind != KIND_DEMO) {
        set_notice(p, true, "only a demo runs on a node; this step's command runs here");
        return;
    }
    char msg[256];
    p->node_failed = false;
    if (p->node.on) {
        node_run_disable(&p->node);
        snprintf(msg, sizeof msg, "demos run on this machine again");
    } else if (node_run_enable(&p->node, p->self_exe, msg, sizeof msg) == 0) {
        char where[64];
        node_run_describe(&p->node, where, sizeof where);
        snprintf(msg, sizeof msg, "demos run %s%s%s", where, p->node.partition[0] ? " in " : "",
                 p->node.partition);
    } else {
        set_notice(p, true, "%s", msg);
        return;
    }
    if (p->nbase == 0) { /* the sweep's top follows where it runs */
        p->max_workers = default_workers(p);
        p->nworkers = 0;
    }
    set_notice(p, false, "%s%s", msg, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

static char *default_export_path(const Panel *p)
{
    return xasprintf("./corelab-results-%s.csv", p->step->demo->name);
}

static void prompt_key(Panel *p, int key)
{
    if (key == 27) {
        p->prompting = false;
        set_notice(p, false, "export cancelled");
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        p->prompting = false;
        p->prompt[p->prompt_len] = '\0';
        int err = export_csv(&p->model, p->prompt);
        if (err)
            set_notice(p, true, "cannot write %s: %s", p->prompt, strerror(err));
        else
            set_notice(p, false, "wrote %d result%s to %s", p->model.nresults, p->model.nresults == 1 ? "" : "s",
                       p->prompt);
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        /* Drop a whole UTF-8 character. */
        while (p->prompt_len > 0 && ((unsigned char)p->prompt[p->prompt_len - 1] & 0xc0) == 0x80)
            p->prompt_len--;
        if (p->prompt_len > 0)
            p->prompt_len--;
    } else if (key == 21) { /* ^U */
        p->prompt_len = 0;
    } else if (key >= 0x20 && key < 0x100 && key != 0x7f && p->prompt_len + 1 < sizeof p->prompt) {
        p->prompt[p->prompt_len++] = (char)key;
    }
    p->prompt[p->prompt_len] = '\0';
    mark(p);
}

static void start_export(Panel *p)
{
    if (p->model.nresults == 0) {
        set_notice(p, true, "no results to export yet: press r and let the demo finish a run");
        return;
    }
    char *def = default_export_path(p);
    snprintf(p->prompt, sizeof p->prompt, "%s", def);
    p->prompt_len = strlen(p->prompt);
    free(def);
    p->prompting = true;
    mark(p);
}

/* Half a window back or forward in time; scrolling pauses the timeline. */
static void scroll_timeline(Panel *p, int dir)
{
    double cell = zoom_levels[p->zoom];
    double half = (p->tl_cells > 2 ? p->tl_cells / 2 : 1) * cell;
    if (!p->paused)
        p->paused_t = p->model.t_spans;
    p->paused = true;
    p->paused_t += dir * half;
    if (p->paused_t > p->model.t_spans)
        p->paused_t = p->model.t_spans;
    if (p->paused_t < half)
        p->paused_t = half;
    set_notice(p, false, "timeline paused at %.3f s (< > scroll, p follows the demo)", p->paused_t);
}

bool panel_key(Panel *p, int key)
{
    if (!p->step)
        return false;
    if (p->prompting) {
        prompt_key(p, key);
        return true;
    }
    if (key == '\t') {
        cycle_focus(p, 1);
        return true;
    }
    if (key == KEY_BTAB) {
        cycle_focus(p, -1);
        return true;
    }
    if (key == 'n') {
        toggle_node(p);
        return true;
    }
    if (p->kind != KIND_DEMO)
        return false;
    switch (key) {
    case '+':
    case '=':
        change_workers(p, 1);
        return true;
    case '-':
    case '_':
        change_workers(p, -1);
        return true;
    case '[':
        change_interval(p, 0.5);
        return true;
    case ']':
        change_interval(p, 2.0);
        return true;
    case 'z':
        p->zoom = (p->zoom + ZOOM_N - 1) % ZOOM_N;
        mark(p);
        return true;
    case 'Z':
        p->zoom = (p->zoom + 1) % ZOOM_N;
        mark(p);
        return true;
    case 'p':
        p->paused = !p->paused;
        p->paused_t = p->model.t_spans;
        set_notice(p, false, p->paused ? "timeline paused (p resumes)" : "timeline follows the demo again");
        return true;
    case '<':
    case '>':
        scroll_timeline(p, key == '<' ? -1 : 1);
        return true;
    case 't':
        p->table_only = !p->table_only;
        mark(p);
        return true;
    case 'e':
        start_export(p);
        return true;
    default:
        return false;
    }
}

/* ---- drawing ---- */

static void state_text(const Panel *p, char *buf, size_t n, double now)
{
    if (p->running)
        snprintf(buf, n, "running %.1f s", now - p->t_start);
    else if (p->spawn_failed)
        snprintf(buf, n, "could not start");
    else if (p->timed_out)
        snprintf(buf, n, "timed out");
    else if (p->stopped)
        snprintf(buf, n, "stopped");
    else if (p->ended && WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0)
        snprintf(buf, n, "done in %.1f s", p->t_end - p->t_start);
    else if (p->ended)
        snprintf(buf, n, "%s after %.1f s", describe_status(p->status), p->t_end - p->t_start);
    else
        snprintf(buf, n, "press r to run");
}

static void draw_header(Panel *p, WINDOW *win, const DrawCtx *dc, const PaneRect *r, double now)
{
    char left[256], right[96];
    if (p->kind == KIND_DEMO) {
        const LessonDemo *d = p->step->demo;
        char where[64] = "";
        if (p->node.on) /* before the workers: it must not be cut off */
            node_run_describe(&p->node, where, sizeof where);
        int k = snprintf(left, sizeof left, " demo %s%s%s, %s%sworkers ", d->name, d->variant ? " " : "",
                         d->variant ? d->variant : "", where, where[0] ? ", " : "");
        if (p->nworkers == 0 && k > 0)
            k += snprintf(left + k, sizeof left - (size_t)k, "1-%d", p->max_workers);
        for (int i = 0; i < p->nworkers && k > 0 && (size_t)k < sizeof left - 8; i++)
            k += snprintf(left + k, sizeof left - (size_t)k, "%s%d", i ? "," : "", p->workers[i]);
        if (strcmp(d->name, "gil") == 0 && k > 0 && (size_t)k < sizeof left)
            snprintf(left + k, sizeof left - (size_t)k, ", switch %g ms", p->switch_ms);
    } else {
        snprintf(left, sizeof left, " run: %s", p->step->run->command);
    }
    state_text(p, right, sizeof right, now);
    attr_t ra = A_BOLD;
    if (p->running)
        ra |= pane_pair(dc, PP_GOOD);
    else if (p->spawn_failed || p->timed_out || (p->ended && !p->stopped && p->status != 0))
        ra |= pane_pair(dc, PP_ERROR);
    int rl = pane_cols(right) + 2; /* a gap, the state, a space */
    if (rl + 10 > r->w)
        rl = 0;
    pane_line(win, dc, r->y, r->x, r->w - rl, left, A_BOLD);
    if (rl) {
        mvwaddch(win, r->y, r->x + r->w - rl, ' ');
        pane_line(win, dc, r->y, r->x + r->w - rl + 1, rl - 1, right, ra);
    }
}

static void draw_footer(Panel *p, WINDOW *win, const DrawCtx *dc, const PaneRect *r)
{
    char buf[640];
    attr_t a = A_NORMAL;
    const char *last = model_msg(&p->model, 0);
    if (p->prompting) {
        snprintf(buf, sizeof buf, " export CSV to: %s_", p->prompt);
        a = A_REVERSE;
    } else if (p->notice[0]) {
        snprintf(buf, sizeof buf, " %s", p->notice);
        a = p->notice_bad ? pane_pair(dc, PP_ERROR) | A_BOLD : A_BOLD;
    } else if (p->node_failed) { /* srun's error fills the panes above */
        snprintf(buf, sizeof buf, " r tries again  n runs demos here");
        a = A_DIM;
    } else if (p->kind == KIND_RUN && p->ended && !p->spawn_failed) {
        const char *want = p->step->run->expect;
        if (want && *want)
            snprintf(buf, sizeof buf, " expected \"%s\": %s", want,
                     p->passed ? "passed" : p->expect_found ? "found, but the command failed" : "failed, not in the output");
        else
            snprintf(buf, sizeof buf, " %s", p->passed ? "passed (exit status 0)" : "failed");
        a = A_BOLD | pane_pair(dc, p->passed ? PP_GOOD : PP_ERROR);
    } else if (p->model.saw_error) { /* the demo's own words first, not its stderr */
        snprintf(buf, sizeof buf, " %s", p->model.last_error);
        a = A_BOLD | pane_pair(dc, PP_ERROR);
    } else if (last && (p->spawn_failed || p->ended || p->model.n_garbage)) {
        snprintf(buf, sizeof buf, " %s", last);
        bool bad = p->spawn_failed || strncmp(last, "the demo", 8) == 0 ||
                   (p->ended && !p->stopped && p->status != 0);
        a = bad ? A_BOLD | pane_pair(dc, PP_ERROR) : A_NORMAL;
    } else if (p->running && p->child_on_node && p->model.n_samples == 0) {
        /* srun may wait in the queue for a while before the node answers. */
        snprintf(buf, sizeof buf, " waiting for srun and the node (the job may be queued; s cancels)");
        a = A_BOLD;
    } else if (p->kind == KIND_DEMO) {
        snprintf(buf, sizeof buf, " r run  s stop  +/- workers  [/] interval  Tab focus  z/Z zoom  p pause  < > scroll  t table  e export  n node");
        a = A_DIM;
    } else {
        snprintf(buf, sizeof buf, " r run  s stop  Tab focus");
        a = A_DIM;
    }
    pane_line(win, dc, r->y, r->x, r->w, buf, a);
}

void panel_draw(Panel *p, WINDOW *win, int y, int x, int h, int w)
{
    double now = now_monotonic();
    service(p, now);
    p->dirty = p->urgent = false;
    p->last_draw = now;
    if (!p->step || h <= 0 || w <= 0)
        return;
    if (!p->colors_done) {
        if (p->caps.color && has_colors())
            pane_init_colors();
        p->colors_done = true;
    }
    DrawCtx dc = {p->caps, p->caps.color && has_colors(), false};
    bool demo = p->kind == KIND_DEMO;
    /* The demo's own samples while it runs; the whole system otherwise. */
    const Model *meters = (demo && p->running) || p->sys.ncpu == 0 ? &p->model : &p->sys;
    const char *mtitle = meters != &p->model ? (demo ? "system, no demo running" : "system")
                         : p->child_on_node ? "the node's cores" : "cores";
    Layout l;
    if (!layout_panel(&l, y, x, h, w, demo, meters->ncpu, p->model.nthreads, p->focus)) {
        PaneRect all = {y, x, h, w};
        pane_blank(win, &all);
        pane_text(win, &dc, y, x, w, "enlarge the terminal for the live panes", A_BOLD);
        return;
    }
    draw_header(p, win, &dc, &l.header, now);
    if (p->node_failed) {
        PaneRect body = {l.header.y + 1, x, l.footer.y - l.header.y - 1, w};
        node_run_draw_failure(win, &dc, &body, p->node_err, p->model.n_records > 0);
        draw_footer(p, win, &dc, &l.footer);
        return;
    }
    for (int i = 0; i < PANE_COUNT; i++) {
        if (!l.shown[i])
            continue;
        dc.focused = i == p->focus;
        const PaneRect *r = &l.pane[i];
        switch (i) {
        case PANE_METERS:
            meters_draw(win, r, meters, &dc, mtitle);
            break;
        case PANE_CHART:
            chart_draw(win, r, &p->model, &dc, p->max_workers, p->table_only);
            break;
        case PANE_TIMELINE: {
            TimelineView v = {zoom_levels[p->zoom], p->paused, p->paused_t};
            p->tl_cells = r->w - 4;
            timeline_draw(win, r, &p->model, &dc, &v);
            break;
        }
        case PANE_OUTPUT:
            output_draw(win, r, &p->model, &dc, "output", p->running && !p->lr.skipping ? p->lr.buf : NULL,
                        p->lr.len);
            break;
        default:
            break;
        }
    }
    dc.focused = false;
    draw_footer(p, win, &dc, &l.footer);
}

const char *panel_status(const Panel *p)
{
    return p->running ? p->status_line : "";
}
