/* The panel: the state of the live area for one step, the child it runs
 * (`corelab demo ... --json` for a demo step, the step's command for a run
 * step, each in its own process group), and the pacing of its redraws (at
 * most 10 Hz while a child runs, 2 Hz otherwise). Its keys are in
 * panel_keys.c, its drawing in panel_draw.c, a run step's child (traced or
 * not) in panel_run.c. */
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STOP_GRACE 0.5       /* seconds between SIGTERM and SIGKILL */
/* srun forwards SIGTERM to the step and exits once the step has ended and
 * the allocation is released; killed before that, it would leave the job
 * in the queue. So it gets longer. */
#define NODE_STOP_GRACE 5.0
#define READ_BUDGET (256 * 1024)
#define EXIT_WAIT 2.0        /* seconds from end of output to exit */

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
    linereader_init(&p->err_lr);
    p->child.pid = -1;
    p->child.out_fd = -1;
    p->err_fd = -1;
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
        snprintf(p->status_line, sizeof p->status_line, "%s %.40s%s", p->traced ? "tracing" : "running",
                 p->step->run->command, p->child_on_node ? " on a node" : "");
    }
}

/* Ends the running child without waiting for it: SIGTERM to its group
 * now, the rest in panel_reap. */
static void kill_child(Panel *p)
{
    if (!p->running)
        return;
    double now = now_monotonic();
    if (p->ndying == MAX_DYING) { /* stopped in quick succession: the oldest must go now */
        DyingChild *old = &p->dying[0];
        child_kill_group(&old->child, old->kill_at > now ? old->kill_at - now : 0);
        if (old->err_fd >= 0)
            close(old->err_fd);
        memmove(&p->dying[0], &p->dying[1], sizeof p->dying[0] * (MAX_DYING - 1));
        p->ndying--;
    }
    child_terminate_group(&p->child);
    p->dying[p->ndying++] = (DyingChild){p->child, p->err_fd,
                                         now + (p->child_on_node ? NODE_STOP_GRACE : STOP_GRACE), p->child_on_node};
    p->child = (Child){.pid = -1, .out_fd = -1};
    p->err_fd = -1;
    p->running = false;
    p->t_end = now;
}

/* What a stopped child still writes goes nowhere, but must be read: srun
 * blocked on a full pipe could not finish releasing its step. */
static void drain(int fd)
{
    char buf[16384];
    for (int i = 0; i < 4 && fd >= 0; i++)
        if (read(fd, buf, sizeof buf) <= 0)
            break;
}

double panel_reap(Panel *p, double now)
{
    int kept = 0;
    for (int i = 0; i < p->ndying; i++) {
        DyingChild *d = &p->dying[i];
        drain(d->child.out_fd);
        drain(d->err_fd);
        if (child_poll_exit(&d->child) || now >= d->kill_at) {
            child_kill_group(&d->child, 0); /* what is left of its group, then the pipes */
            if (d->err_fd >= 0)
                close(d->err_fd);
        } else
            p->dying[kept++] = *d;
    }
    p->ndying = kept;
    return kept ? 0.1 : -1;
}

void panel_free(Panel *p)
{
    if (!p)
        return;
    kill_child(p);
    /* Quitting: each stopped child still gets the rest of its grace. The
     * terminal is restored by now: say why the shell waits, if it does. */
    double now = now_monotonic();
    for (int i = 0; i < p->ndying; i++) {
        DyingChild *d = &p->dying[i];
        if (d->on_node && d->kill_at > now && !child_poll_exit(&d->child))
            fprintf(stderr, "corelab: waiting up to %.0f s for srun to release its job step\n",
                    ceil(d->kill_at - now));
        child_kill_group(&d->child, d->kill_at > now ? d->kill_at - now : 0);
        if (d->err_fd >= 0)
            close(d->err_fd);
    }
    model_free(&p->model);
    model_free(&p->sys);
    panel_memo_free(p);
    linereader_free(&p->lr);
    linereader_free(&p->err_lr);
    if (p->probe)
        probe_close(p->probe);
    node_run_disable(&p->node);
    free(p->self_exe);
    free(p);
}

void panel_notice(Panel *p, bool bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->notice, sizeof p->notice, fmt, ap);
    va_end(ap);
    p->notice_bad = bad;
    p->dirty = p->urgent = true;
}

void panel_mark(Panel *p)
{
    p->dirty = p->urgent = true;
}

void panel_set_step(Panel *p, const Lesson *lesson, const LessonStep *step)
{
    if (step && !step->demo && !step->run)
        step = NULL;
    if (step == p->step && lesson == p->lesson)
        return;
    panel_memo_save(p); /* before the child goes: a run cut short is kept as stopped */
    kill_child(p);
    model_reset(&p->model);
    linereader_free(&p->lr);
    linereader_init(&p->lr);
    p->lesson = lesson;
    p->step = step;
    p->kind = !step ? KIND_NONE : step->demo ? KIND_DEMO : KIND_RUN;
    p->traced = p->kind == KIND_RUN && step->run->trace;
    if (p->kind == KIND_DEMO) /* the chart's view before the first result */
        model_set_demo(&p->model, step->demo->name, step->demo->variant);
    p->ended = p->stopped = p->timed_out = p->spawn_failed = false;
    p->node_failed = false;
    p->expect_found = p->passed = false;
    p->prompting = false;
    panes_reset(&p->panes, p->kind == KIND_DEMO, &p->model, &p->sys);
    p->panes.scene.traced = p->traced;
    p->notice[0] = '\0';
    p->busy_others = NAN;
    if (p->kind == KIND_DEMO)
        panel_init_demo_settings(p, step->demo);
    if (p->kind != KIND_NONE)
        panel_memo_restore(p);
    if (p->kind != KIND_NONE && !p->probe)
        p->probe = probe_open();
    p->next_sys = 0;
    panel_mark(p);
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

/* The demo's child: `SELF demo ... --json`, through srun when `n` is on.
 * 0, or non-zero with the reason in the panes. */
static int start_demo(Panel *p)
{
    char why[256];
    char **argv = panel_demo_argv(p, why, sizeof why);
    if (!argv) { /* the step gives its demo an option it does not take */
        panel_notice(p, true, "%s", why);
        return -1;
    }
    if (p->node.on) {
        char **wrapped = node_run_wrap(&p->node, argv);
        argv_free(argv);
        argv = wrapped;
        p->child_on_node = true;
    }
    SpawnOpts o = spawn_opts_default();
    if (!p->child_on_node) {
        /* ps and htop show `corelab demo ...`, not the path we run. */
        o.path = p->self_exe;
        free(argv[0]);
        argv[0] = xstrdup("corelab");
    }
    int rc = spawn_child(argv, &o, &p->child);
    if (rc)
        panel_explain_spawn_error(p, p->child_on_node ? argv[0] : "corelab", rc);
    argv_free(argv);
    return rc;
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
    linereader_free(&p->err_lr);
    linereader_init(&p->err_lr);
    p->ended = p->stopped = p->timed_out = p->spawn_failed = false;
    p->eof = p->out_eof = p->err_eof = p->term_sent = false;
    p->expect_found = p->passed = false;
    panes_follow(&p->panes);
    p->notice[0] = '\0';
    p->child_on_node = p->node_failed = false;
    p->node_err[0] = '\0';
    node_run_reset(&p->node);
    panel_mark(p);
    if ((p->kind == KIND_DEMO ? start_demo(p) : panel_run_spawn(p)) != 0) {
        p->spawn_failed = true;
        return;
    }
    p->running = true;
    p->t_start = now_monotonic();
    busy_mark(&p->busy_from);
    p->busy_others = NAN;
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
    panel_mark(p);
}

/* srun's output is the node's JSON stream plus srun's own complaints on
 * stderr: keep the last of those to show if the run fails. */
static void node_line(void *ctx, const char *line, size_t len, bool cut)
{
    Panel *p = ctx;
    size_t n = len;
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    if (n > 0 && line[0] != '{') {
        snprintf(p->node_err, sizeof p->node_err, "%.*s", (int)n, line);
        node_run_note(&p->node, line, n); /* "job N queued and waiting" */
    }
    stream_line_fn(&p->model, line, len, cut);
}

static void read_child(Panel *p)
{
    if (p->eof || p->child.out_fd < 0)
        return;
    bool records = p->kind == KIND_DEMO || p->traced; /* JSON lines on its stdout */
    LineFn fn = !records ? panel_run_line : p->child_on_node ? node_line : stream_line_fn;
    void *ctx = records && !p->child_on_node ? (void *)&p->model : (void *)p;
    unsigned long before = p->model.n_records + p->model.n_garbage + p->model.out_total + p->model.n_spans;
    if (!p->out_eof) {
        LrStatus st = linereader_read(&p->lr, p->child.out_fd, READ_BUDGET, fn, ctx);
        if (st != LR_AGAIN) {
            linereader_finish(&p->lr, fn, ctx);
            p->out_eof = true;
        }
    }
    bool output = p->traced && panel_run_read_output(p);
    if (p->out_eof && (!p->traced || p->err_eof)) {
        p->eof = true;
        p->eof_at = now_monotonic();
    }
    if (p->model.n_records + p->model.n_garbage + p->model.out_total + p->model.n_spans != before || p->eof ||
        output)
        p->dirty = true;
    /* A local demo samples the CPUs of our affinity mask, in order: name
     * them as the system view does (the stream gives indices). */
    if (p->probe && !p->child_on_node && p->model.ncpu == probe_ncpus(p->probe) && p->model.ncpu > 0 &&
        p->model.cpu_ids[p->model.ncpu - 1] == p->model.ncpu - 1)
        for (int i = 0; i < p->model.ncpu; i++)
            p->model.cpu_ids[i] = probe_cpu_id(p->probe, i);
}

/* The CPUs' worth other programs held since the run began (the child,
 * reaped by now, counts as ours). */
static void note_busy(Panel *p)
{
    BusyMark to;
    busy_mark(&to);
    p->busy_others = busy_others(&p->busy_from, &to);
}

/* The child has exited: say how, and for a run whether it passed. */
static void finish(Panel *p)
{
    p->running = false;
    p->ended = true;
    p->t_end = now_monotonic();
    p->status = p->child.status;
    /* Whatever it left in its group goes with it; also closes the pipes. */
    child_kill_group(&p->child, 0);
    panel_run_close(p);
    note_busy(p);
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
        panel_run_ended(p, st, secs);
    }
    panel_mark(p);
}

void panel_service(Panel *p, double now)
{
    if (p->running && p->child_on_node && node_run_service(&p->node, now))
        panel_mark(p); /* queued: the job and why */
    if (p->running) {
        read_child(p);
        if (p->eof && child_poll_exit(&p->child)) {
            finish(p);
        } else if (p->eof && p->kind == KIND_DEMO && now - p->eof_at > EXIT_WAIT) {
            /* A demo's output closed long ago but it has not exited (or
             * cannot be waited for): end its group rather than wait
             * forever; srun gets its grace to release the step first,
             * on later turns of the loop. A run step has its timeout. */
            if (!p->term_sent)
                child_terminate_group(&p->child);
            p->term_sent = true;
            if (now - p->eof_at > EXIT_WAIT + (p->child_on_node ? NODE_STOP_GRACE : 0)) {
                child_kill_group(&p->child, 0);
                finish(p);
            }
        } else if (!p->eof && child_poll_exit(&p->child)) {
            /* Exited, but something in its group still holds the pipe:
             * take what is there now and end it. */
            read_child(p);
            finish(p);
        } else if (p->deadline > 0 && now >= p->deadline) {
            kill_child(p);
            note_busy(p);
            p->timed_out = p->ended = true;
            char line[96];
            snprintf(line, sizeof line, "[stopped: still running after the step's timeout of %d s]",
                     p->step->run->timeout > 0 ? p->step->run->timeout : 30);
            model_add_output(&p->model, line, strlen(line));
            panel_mark(p);
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
    panel_service(p, now_monotonic());
}

int panel_pollfds(Panel *p, struct pollfd *fds, int max)
{
    if (!p->running || p->eof || p->child.out_fd < 0 || max < 1)
        return 0;
    int n = 0;
    if (!p->out_eof)
        fds[n++] = (struct pollfd){.fd = p->child.out_fd, .events = POLLIN};
    if (n < max) /* a traced run's output */
        n += panel_run_pollfd(p, &fds[n]);
    return n;
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
