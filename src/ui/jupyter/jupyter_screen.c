/* The `j` screen's state machine: the form, submitting, following the job,
 * stopping it. Scheduler commands run through jupyter_op (never on the
 * loop's thread); files (state, host/port, log) are read directly. */
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

static void set_message(JupyterScreen *s, char *m)
{
    free(s->message);
    s->message = m;
}

static void forget_session(JupyterScreen *s)
{
    free(s->jobid);
    s->jobid = NULL;
    s->have_status = false;
    s->port_ok = false;
    s->confirm_stop = false;
}

/* (Re)open the sessions directory for the form's settings. */
static bool open_js(JupyterScreen *s, bool create, char **err)
{
    if (s->session_open)
        jupyter_session_close(&s->js);
    s->session_open = jupyter_session_open(&s->js, &s->cfg, create, err) == 0;
    return s->session_open;
}

void *jupyter_screen_new(void)
{
    JupyterScreen *s = xcalloc(1, sizeof *s);
    jupyter_op_init(&s->op);
    strbuf_init(&s->edit);
    char *err = NULL;
    if (cluster_config_load(&s->cfg, &err) < 0) {
        /* shown on the form; the fields keep what was read before the error */
        s->config_error = err;
    }
    s->focus = jupyter_form_nfields; /* "press j, then Enter" starts */
    /* a session recorded in the sessions dir: reattach */
    char *e2 = NULL;
    if (open_js(s, false, &e2)) {
        s->jobid = jupyter_current_job(&s->js);
        if (s->jobid)
            s->view = JUPYTER_VIEW_SESSION;
    }
    free(e2);
    return s;
}

static bool job_alive(const JupyterScreen *s)
{
    return s->jobid && (!s->have_status || !job_status_final(&s->st));
}

void jupyter_screen_free(void *ctx)
{
    JupyterScreen *s = ctx;
    if (!s)
        return;
    jupyter_op_abandon(&s->op);
    if (job_alive(s) && s->session_open) {
        /* the terminal is restored by now: say what is left running */
        fprintf(stderr, "corelab: your Jupyter job %s keeps running after corelab.\n"
                        "Stop it with: corelab jupyter stop %s (or %s %s)\n",
                s->jobid, s->jobid, s->js.sched->cancel_prog, s->jobid);
    }
    if (s->session_open)
        jupyter_session_close(&s->js);
    cluster_config_free(&s->cfg);
    strbuf_free(&s->edit);
    free(s->config_error);
    free(s->field_error);
    free(s->message);
    free(s->jobid);
    free(s);
}

/* ---- actions ---- */

static void submit(JupyterScreen *s)
{
    char *err = NULL;
    if (!open_js(s, true, &err)) {
        set_message(s, err);
        return;
    }
    if (!jupyter_op_start(&s->op, JUPYTER_OP_SUBMIT, &s->js, NULL)) {
        set_message(s, xstrdup("busy: a scheduler command is still running"));
        return;
    }
    forget_session(s);
    set_message(s, xasprintf("Submitting with %s...", s->js.sched->submit_prog));
    s->view = JUPYTER_VIEW_SESSION;
}

static void poll_status(JupyterScreen *s, double now)
{
    if (!s->jobid || jupyter_op_busy(&s->op) || !s->session_open)
        return;
    if (jupyter_op_start(&s->op, JUPYTER_OP_STATUS, &s->js, s->jobid))
        s->next_poll = now + JUPYTER_POLL_S;
}

/* "Submitted job 12." and a line for each warning the submission returned. */
static char *submitted_message(const JupyterOpResult *r)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "Submitted job %s.", r->jobid);
    for (const char *w = r->warnings; *w;) {
        size_t n = strcspn(w, "\n");
        strbuf_addf(&sb, "\nwarning: %.*s", (int)n, w);
        w += n + (w[n] == '\n');
    }
    return strbuf_detach(&sb);
}

static void apply_result(JupyterScreen *s, const JupyterOpResult *r, double now)
{
    switch (r->kind) {
    case JUPYTER_OP_SUBMIT:
        if (r->result == SCHED_OK) {
            s->jobid = xstrdup(r->jobid);
            set_message(s, submitted_message(r));
            s->next_poll = now;
        } else if (r->result == SCHED_NOT_FOUND) {
            set_message(s, xasprintf("%s not found on PATH: this needs a %s login node",
                                     s->js.sched->submit_prog, s->js.sched->name));
            s->view = JUPYTER_VIEW_FORM;
        } else {
            set_message(s, xasprintf("%s refused the job: %s", s->js.sched->submit_prog, r->err));
            s->view = JUPYTER_VIEW_FORM;
        }
        break;
    case JUPYTER_OP_STATUS:
        s->st = r->st;
        s->have_status = true;
        s->status_at = now;
        s->conn_seen = r->conn_seen;
        s->port_ok = r->port_ok;
        if (job_status_final(&r->st))
            jupyter_forget_job(&s->js, s->jobid);
        break;
    case JUPYTER_OP_CANCEL:
        if (r->result == SCHED_OK)
            set_message(s, xasprintf("Cancelled job %s.", s->jobid));
        else
            set_message(s, xasprintf("%s failed: %s", s->js.sched->cancel_prog, r->err));
        s->next_poll = now;
        break;
    case JUPYTER_OP_NONE:
        break;
    }
}

/* ---- keys (ctx: UiKeyCtx; the tables are in jupyter_int.h) ---- */

static JupyterScreen *screen_of(void *ctx) { return ((UiKeyCtx *)ctx)->ctx; }

/* While a field is edited: every key belongs to it (ctx: JupyterScreen). */
static bool edit_cancel(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = ctx;
    s->editing = false;
    free(s->field_error);
    s->field_error = NULL;
    return true;
}

static bool edit_accept(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = ctx;
    char *err = NULL;
    if (cluster_config_set(&s->cfg, jupyter_form_fields[s->focus].key, s->edit.data ? s->edit.data : "", &err) < 0) {
        free(s->field_error);
        s->field_error = err;
        return true;
    }
    return edit_cancel(s, key);
}

static bool edit_erase(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = ctx;
    if (s->edit.len > 0)
        s->edit.data[--s->edit.len] = '\0';
    return true;
}

static bool edit_type(void *ctx, int key)
{
    JupyterScreen *s = ctx;
    if (s->edit.len < 256)
        strbuf_addc(&s->edit, (char)key);
    return true;
}

const KeyBinding jupyter_edit_keys[] = {
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .hint = "accept", .what = "keep the value",
     .run = edit_accept},
    {.keys = {27}, .names = "Esc", .hint = "cancel", .what = "leave the field as it was", .run = edit_cancel},
    {.keys = {KEY_BACKSPACE, 127, 8}, .names = "Backspace", .what = "delete a character",
     .run = edit_erase},
    {.range_lo = 0x20, .range_hi = 0x7e, .names = "text", .what = "the value", .run = edit_type},
    {.names = NULL},
};

static bool form_move(void *ctx, int key)
{
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_FORM)
        return false;
    if (key == KEY_UP || key == 'k')
        s->focus = s->focus > 0 ? s->focus - 1 : jupyter_form_nfields;
    else
        s->focus = s->focus < jupyter_form_nfields ? s->focus + 1 : 0;
    return true;
}

static bool form_enter(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_FORM)
        return false;
    if (s->focus == jupyter_form_nfields) {
        submit(s);
    } else {
        char *v = jupyter_form_value(s, s->focus);
        strbuf_reset(&s->edit);
        strbuf_adds(&s->edit, v);
        free(v);
        s->editing = true;
    }
    return true;
}

const KeyBinding jupyter_form_keys[] = {
    {.keys = {KEY_UP, 'k', KEY_DOWN, '\t'}, .names = "Up  Down", .hint = "choose",
     .what = "choose a field or Start (k and Tab too)", .run = form_move},
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .hint = "edit a field or start",
     .what = "edit the field, or on Start submit the job", .run = form_enter},
    {.names = NULL},
};

/* `y` answers the question to stop the job; any other key says no. */
static bool confirm_yes(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = ctx;
    if (s->jobid && jupyter_op_start(&s->op, JUPYTER_OP_CANCEL, &s->js, s->jobid))
        set_message(s, xasprintf("Stopping job %s...", s->jobid));
    else
        set_message(s, xstrdup("busy: try again in a moment"));
    return true;
}

static const KeyBinding confirm_keys[] = {
    {.keys = {'y', 'Y'}, .names = "y", .what = "stop the job", .run = confirm_yes},
    {.names = NULL},
};

static bool job_stop(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    if (job_alive(s))
        s->confirm_stop = true;
    return true;
}

static bool job_refresh(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    s->next_poll = now_monotonic();
    return true;
}

static bool job_new(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    if (!job_alive(s) && !jupyter_op_busy(&s->op)) {
        forget_session(s);
        set_message(s, NULL);
        s->view = JUPYTER_VIEW_FORM;
        s->focus = jupyter_form_nfields;
    }
    return true;
}

const KeyBinding jupyter_job_keys[] = {
    {.keys = {'s'}, .names = "s", .hint = "stop", .what = "stop the job (asks first)", .run = job_stop},
    {.keys = {'r'}, .names = "r", .hint = "refresh", .what = "ask the scheduler now", .run = job_refresh},
    {.keys = {'n'}, .names = "n", .hint = "new session", .what = "the form again, once the job has ended",
     .run = job_new},
    {.names = NULL},
};

const KeyBinding jupyter_screen_keys[] = {
    {.keys = {27, 'q', 'j'}, .names = "Esc  q  j", .hint = "back to the lesson",
     .what = "back to the lesson (the job keeps running)", .run = ui_key_close},
    {.names = NULL},
};

static const KeySection jupyter_sections[] = {
    {"Jupyter screen", jupyter_screen_keys},
    {"On the Jupyter form", jupyter_form_keys},
    {"On the Jupyter job's page", jupyter_job_keys},
    {0},
};

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
        if (!keys_dispatch(confirm_keys, s, key))
            set_message(s, xstrdup("Not stopped."));
        return true;
    }
    return false;
}

static double hook_wake_in(void *ctx, double now)
{
    JupyterScreen *s = ctx;
    if (s->view != JUPYTER_VIEW_SESSION || !job_alive(s))
        return -1;
    if (s->have_status && s->st.phase == JOB_RUNNING)
        return 1.0; /* the time left counts down */
    double t = s->next_poll - now;
    return t < 0.1 ? 0.1 : t;
}

static bool hook_tick(void *ctx, App *app, double now)
{
    (void)app;
    JupyterScreen *s = ctx;
    bool changed = false;
    if (jupyter_op_busy(&s->op) && now - s->op.started > JUPYTER_OP_LIMIT_S) {
        jupyter_op_abandon(&s->op);
        s->st.phase = JOB_UNKNOWN;
        snprintf(s->st.detail, sizeof s->st.detail, "no answer within %.0f s", JUPYTER_OP_LIMIT_S);
        changed = true;
    }
    if (s->view == JUPYTER_VIEW_SESSION && job_alive(s) && now >= s->next_poll)
        poll_status(s, now);
    /* the time left counts down between two status checks */
    return changed || (s->view == JUPYTER_VIEW_SESSION && s->have_status && s->st.phase == JOB_RUNNING);
}

static int hook_pollfds(void *ctx, struct pollfd *fds, int max)
{
    JupyterScreen *s = ctx;
    if (!jupyter_op_busy(&s->op) || max < 1)
        return 0;
    fds[0] = (struct pollfd){.fd = s->op.fd, .events = POLLIN};
    return 1;
}

static bool hook_on_poll(void *ctx, App *app, const struct pollfd *fds, int n)
{
    (void)app;
    JupyterScreen *s = ctx;
    if (n < 1 || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
        return false;
    JupyterOpResult r;
    if (!jupyter_op_read(&s->op, &r))
        return false;
    apply_result(s, &r, now_monotonic());
    return true;
}

const UiScreen jupyter_live_screen = {
    .name = "jupyter",
    .keys = jupyter_sections,
    .draw = hook_draw,
    .take_key = hook_take_key,
    .wake_in = hook_wake_in,
    .tick = hook_tick,
    .pollfds = hook_pollfds,
    .on_poll = hook_on_poll,
};
