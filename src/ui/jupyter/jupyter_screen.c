/* The `j` screen's life: the form's values, opening the sessions
 * directory, starting (the one start path, which finds the directory's
 * live session before it submits), the hooks the app loop calls, and what
 * is said on the terminal at the end. The job is followed from every
 * screen (jupyter_follow.c): the loop polls and ticks this screen even
 * while it is closed, and its badge sits in the status bar. */
#include "ui/jupyter/jupyter_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const JupyterFormField jupyter_form_fields[] = {
    {"Scheduler", "scheduler", ""},
    {"Partition", "partition", "(the scheduler's default)"},
    {"CPUs", "cpus", ""},
    {"Walltime", "time", ""},
    {"Memory", "mem", "(the partition's default)"},
    {"Account", "account", "(none)"},
    {"Module", "module", "(none)"},
    {"Command", "command", ""},
    {"Sessions dir", "sessions_dir", ""},
    {"Login host", "login_host", "(this host)"},
};
const int jupyter_form_nfields = (int)(sizeof jupyter_form_fields / sizeof jupyter_form_fields[0]);

char *jupyter_form_value(const JupyterScreen *s, int i)
{
    const ClusterConfig *c = &s->cfg;
    const char *k = jupyter_form_fields[i].key;
    if (strcmp(k, "cpus") == 0)
        return xasprintf("%d", c->cpus);
    const char *v = strcmp(k, "scheduler") == 0   ? c->scheduler
                    : strcmp(k, "partition") == 0 ? c->partition
                    : strcmp(k, "time") == 0      ? c->time
                    : strcmp(k, "mem") == 0       ? c->mem
                    : strcmp(k, "account") == 0   ? c->account
                    : strcmp(k, "module") == 0    ? c->module
                    : strcmp(k, "command") == 0   ? c->command
                    : strcmp(k, "sessions_dir") == 0 ? c->sessions_dir
                                                     : c->login_host;
    return xstrdup(v ? v : "");
}

void jupyter_set_message(JupyterScreen *s, char *m)
{
    free(s->message);
    s->message = m;
}

void jupyter_forget_session(JupyterScreen *s)
{
    free(s->jobid);
    s->jobid = NULL;
    s->have_status = false;
    s->known_at = 0;
    s->confirm_stop = false;
    s->cancelled = false;
    s->warned = false;
    if (s->watching)
        path_watch_close(&s->conn_watch);
    s->watching = false;
    memset(&s->conn, 0, sizeof s->conn);
}

bool jupyter_open_js(JupyterScreen *s, bool create, char **err)
{
    if (s->session_open)
        jupyter_session_close(&s->js);
    s->session_open = jupyter_session_open(&s->js, &s->cfg, create, err) == 0;
    return s->session_open;
}

bool jupyter_job_alive(const JupyterScreen *s)
{
    return s->jobid && (!s->have_status || !job_status_final(&s->st));
}

void *jupyter_screen_new(void)
{
    JupyterScreen *s = xcalloc(1, sizeof *s);
    jupyter_op_init(&s->op);
    jupyter_op_init(&s->probe);
    strbuf_init(&s->edit);
    char *err = NULL;
    if (cluster_config_load(&s->cfg, &err) < 0) {
        /* shown on the form; the fields keep what was read before the error */
        s->config_error = err;
    }
    s->focus = jupyter_form_nfields; /* "press j, then Enter" starts */
    /* a session recorded in the sessions dir: reattach, and follow it */
    char *e2 = NULL;
    if (jupyter_open_js(s, false, &e2)) {
        char *jobid = jupyter_current_job(&s->js);
        JobRecord r;
        if (jobid && jupyter_record_read(&s->js, jobid, &r))
            jupyter_session_adopt(&s->js, &r);
        if (jobid) {
            s->view = JUPYTER_VIEW_SESSION;
            jupyter_follow(s, jobid, now_monotonic());
        }
        free(jobid);
    }
    free(e2);
    return s;
}

/* The job's state now, for the words at the end: a fresh answer unless
 * the last one was final. */
static JobStatus final_word(JupyterScreen *s)
{
    JobStatus st = s->st;
    if (!s->have_status || !job_status_final(&st)) {
        s->js.sched->status(s->jobid, sched_deadline(SCHED_BUDGET_S / 2), &st);
        jupyter_status_known(&s->js, s->jobid, &st);
        jupyter_record_status(&s->js, s->jobid, &st);
    }
    return st;
}

void jupyter_screen_free(void *ctx)
{
    JupyterScreen *s = ctx;
    if (!s)
        return;
    jupyter_op_abandon(&s->op);
    jupyter_op_abandon(&s->probe);
    if (s->jobid && s->session_open) {
        /* the terminal is restored by now: say what is left running */
        JobStatus st = final_word(s);
        if (job_status_alive(&st))
            fprintf(stderr, "corelab: your Jupyter job %s keeps running after corelab (%s).\n"
                            "Stop it with: corelab jupyter stop %s (or %s %s)\n",
                    s->jobid, st.state, s->jobid, s->js.sched->cancel_prog, s->jobid);
        else if (st.phase == JOB_UNKNOWN)
            fprintf(stderr, "corelab: the scheduler did not answer: your Jupyter job %s may still be running.\n"
                            "Check with: corelab jupyter status %s\n", s->jobid, s->jobid);
    }
    jupyter_forget_session(s);
    if (s->session_open)
        jupyter_session_close(&s->js);
    cluster_config_free(&s->cfg);
    strbuf_free(&s->edit);
    free(s->config_error);
    free(s->field_error);
    free(s->message);
    free(s);
}

void jupyter_submit(JupyterScreen *s)
{
    char *err = NULL;
    if (!jupyter_open_js(s, true, &err)) {
        jupyter_set_message(s, err);
        return;
    }
    if (!jupyter_op_start(&s->op, JUPYTER_OP_START, &s->js, NULL)) {
        jupyter_set_message(s, xstrdup("busy: a scheduler command is still running"));
        return;
    }
    jupyter_forget_session(s);
    jupyter_set_message(s, xasprintf("Starting: looking for a session in %s, else submitting with %s...",
                                     s->js.dir, s->js.sched->submit_prog));
    s->view = JUPYTER_VIEW_SESSION;
}

/* ---- hooks ---- */

static void hook_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    jupyter_screen_draw(ctx, app_caps(app), win, y, x, h, w);
}

/* A field being edited or the stop question takes every key. */
static bool hook_take_key(void *ctx, App *app, int key)
{
    (void)app;
    JupyterScreen *s = ctx;
    if (s->view == JUPYTER_VIEW_FORM && s->editing) {
        keys_dispatch(jupyter_edit_keys, s, key);
        return true;
    }
    if (s->view == JUPYTER_VIEW_SESSION && s->confirm_stop) {
        s->confirm_stop = false;
        if (!keys_dispatch(jupyter_confirm_keys, s, key))
            jupyter_set_message(s, xstrdup("Not stopped."));
        return true;
    }
    return false;
}

static double hook_wake_in(void *ctx, double now)
{
    return jupyter_follow_wake_in(ctx, now);
}

static bool hook_tick(void *ctx, App *app, double now)
{
    return jupyter_follow_tick(ctx, app, now);
}

static int hook_pollfds(void *ctx, struct pollfd *fds, int max)
{
    return jupyter_follow_pollfds(ctx, fds, max);
}

static bool hook_on_poll(void *ctx, App *app, const struct pollfd *fds, int n)
{
    return jupyter_follow_on_poll(ctx, app, fds, n);
}

static const char *hook_status_text(void *ctx, App *app)
{
    (void)app;
    return jupyter_badge(ctx, now_monotonic());
}

const UiScreen jupyter_live_screen = {
    .name = "jupyter", .keys = jupyter_sections, .draw = hook_draw, .take_key = hook_take_key,
    /* followed while closed too: the loop polls and ticks it, the status bar
     * shows its badge */
    .wake_in = hook_wake_in, .tick = hook_tick, .pollfds = hook_pollfds, .on_poll = hook_on_poll,
    .status_text = hook_status_text,
};
