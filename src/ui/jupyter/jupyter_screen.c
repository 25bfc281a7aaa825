/* The `j` screen's state machine: the form, submitting, following the job,
 * stopping it. Scheduler commands run through jupyter_op (never on the
 * loop's thread); files (state, host/port, log) are read directly. */
#include "ui/jupyter/jupyter_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const JsField js_fields[] = {
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
const int js_nfields = (int)(sizeof js_fields / sizeof js_fields[0]);

char *js_field_value(const JupyterScreen *s, int i)
{
    const ClusterConfig *c = &s->cfg;
    const char *k = js_fields[i].key;
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
    if (s->js_open)
        jupyter_session_close(&s->js);
    s->js_open = jupyter_session_open(&s->js, &s->cfg, create, err) == 0;
    return s->js_open;
}

void *jupyter_screen_new(void)
{
    JupyterScreen *s = xcalloc(1, sizeof *s);
    jop_init(&s->op);
    strbuf_init(&s->edit);
    char *err = NULL;
    if (cluster_config_load(&s->cfg, &err) < 0) {
        /* shown on the form; the fields keep what was read before the error */
        s->config_error = err;
    }
    s->focus = js_nfields; /* "press j, then Enter" starts */
    /* a session recorded in the sessions dir: reattach */
    char *e2 = NULL;
    if (open_js(s, false, &e2)) {
        s->jobid = jupyter_current_job(&s->js);
        if (s->jobid)
            s->view = JS_SESSION;
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
    jop_abandon(&s->op);
    if (job_alive(s) && s->js_open) {
        /* the terminal is restored by now: say what is left running */
        fprintf(stderr, "corelab: your Jupyter job %s keeps running after corelab.\n"
                        "Stop it with: corelab jupyter stop %s (or %s %s)\n",
                s->jobid, s->jobid, s->js.sched->cancel_prog, s->jobid);
    }
    if (s->js_open)
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
    if (!jop_start(&s->op, JOP_SUBMIT, &s->js, NULL)) {
        set_message(s, xstrdup("busy: a scheduler command is still running"));
        return;
    }
    forget_session(s);
    set_message(s, xasprintf("Submitting with %s...", s->js.sched->submit_prog));
    s->view = JS_SESSION;
}

static void poll_status(JupyterScreen *s, double now)
{
    if (!s->jobid || jop_busy(&s->op) || !s->js_open)
        return;
    if (jop_start(&s->op, JOP_STATUS, &s->js, s->jobid))
        s->next_poll = now + JS_POLL_S;
}

/* "Submitted job 12." and a line for each warning the submission returned. */
static char *submitted_message(const JopResult *r)
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

static void apply_result(JupyterScreen *s, const JopResult *r, double now)
{
    switch (r->kind) {
    case JOP_SUBMIT:
        if (r->result == SCHED_OK) {
            s->jobid = xstrdup(r->jobid);
            set_message(s, submitted_message(r));
            s->next_poll = now;
        } else if (r->result == SCHED_NOT_FOUND) {
            set_message(s, xasprintf("%s not found on PATH: this needs a %s login node",
                                     s->js.sched->submit_prog, s->js.sched->name));
            s->view = JS_FORM;
        } else {
            set_message(s, xasprintf("%s refused the job: %s", s->js.sched->submit_prog, r->err));
            s->view = JS_FORM;
        }
        break;
    case JOP_STATUS:
        s->st = r->st;
        s->have_status = true;
        s->status_at = now;
        s->conn_seen = r->conn_seen;
        s->port_ok = r->port_ok;
        if (job_status_final(&r->st))
            jupyter_forget_job(&s->js, s->jobid);
        break;
    case JOP_CANCEL:
        if (r->result == SCHED_OK)
            set_message(s, xasprintf("Cancelled job %s.", s->jobid));
        else
            set_message(s, xasprintf("%s failed: %s", s->js.sched->cancel_prog, r->err));
        s->next_poll = now;
        break;
    case JOP_NONE:
        break;
    }
}

/* ---- form keys ---- */

static bool edit_key(JupyterScreen *s, int key)
{
    if (key == 27) {
        s->editing = false;
        free(s->field_error);
        s->field_error = NULL;
        return true;
    }
    if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        char *err = NULL;
        if (cluster_config_set(&s->cfg, js_fields[s->focus].key, s->edit.data ? s->edit.data : "", &err) < 0) {
            free(s->field_error);
            s->field_error = err;
            return true;
        }
        free(s->field_error);
        s->field_error = NULL;
        s->editing = false;
        return true;
    }
    if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        if (s->edit.len > 0)
            s->edit.data[--s->edit.len] = '\0';
        return true;
    }
    if (key >= 0x20 && key < 0x7f && s->edit.len < 256)
        strbuf_addc(&s->edit, (char)key);
    return true; /* every key belongs to the field while editing */
}

static bool form_key(JupyterScreen *s, int key)
{
    if (s->editing)
        return edit_key(s, key);
    switch (key) {
    case KEY_UP:
    case 'k':
        s->focus = s->focus > 0 ? s->focus - 1 : js_nfields;
        return true;
    case KEY_DOWN:
    case '\t':
        s->focus = s->focus < js_nfields ? s->focus + 1 : 0;
        return true;
    case '\n':
    case '\r':
    case KEY_ENTER:
        if (s->focus == js_nfields) {
            submit(s);
        } else {
            char *v = js_field_value(s, s->focus);
            strbuf_reset(&s->edit);
            strbuf_adds(&s->edit, v);
            free(v);
            s->editing = true;
        }
        return true;
    default:
        return false;
    }
}

/* ---- session keys ---- */

static bool session_key(JupyterScreen *s, int key, double now)
{
    if (s->confirm_stop) {
        s->confirm_stop = false;
        if ((key == 'y' || key == 'Y') && s->jobid && jop_start(&s->op, JOP_CANCEL, &s->js, s->jobid))
            set_message(s, xasprintf("Stopping job %s...", s->jobid));
        else if (key == 'y' || key == 'Y')
            set_message(s, xstrdup("busy: try again in a moment"));
        else
            set_message(s, xstrdup("Not stopped."));
        return true;
    }
    switch (key) {
    case 's':
        if (job_alive(s))
            s->confirm_stop = true;
        return true;
    case 'r':
        s->next_poll = now;
        return true;
    case 'n':
        if (!job_alive(s) && !jop_busy(&s->op)) {
            forget_session(s);
            set_message(s, NULL);
            s->view = JS_FORM;
            s->focus = js_nfields;
        }
        return true;
    default:
        return false;
    }
}

/* ---- hooks ---- */

static void hook_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    js_draw(ctx, app_caps(app), win, y, x, h, w);
}

static bool hook_key(void *ctx, App *app, int key, bool *close)
{
    (void)app;
    (void)close;
    JupyterScreen *s = ctx;
    if (s->view == JS_FORM)
        return form_key(s, key);
    return session_key(s, key, now_monotonic());
}

static double hook_wake_in(void *ctx, double now)
{
    JupyterScreen *s = ctx;
    if (s->view != JS_SESSION || !job_alive(s))
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
    if (jop_busy(&s->op) && now - s->op.started > JS_OP_LIMIT_S) {
        jop_abandon(&s->op);
        s->st.phase = JOB_UNKNOWN;
        snprintf(s->st.detail, sizeof s->st.detail, "no answer within %.0f s", JS_OP_LIMIT_S);
        changed = true;
    }
    if (s->view == JS_SESSION && job_alive(s) && now >= s->next_poll)
        poll_status(s, now);
    /* the time left counts down between two status checks */
    return changed || (s->view == JS_SESSION && s->have_status && s->st.phase == JOB_RUNNING);
}

static int hook_pollfds(void *ctx, struct pollfd *fds, int max)
{
    JupyterScreen *s = ctx;
    if (!jop_busy(&s->op) || max < 1)
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
    JopResult r;
    if (!jop_read(&s->op, &r))
        return false;
    apply_result(s, &r, now_monotonic());
    return true;
}

const UiScreen jupyter_live_screen = {
    .name = "jupyter",
    .draw = hook_draw,
    .key = hook_key,
    .wake_in = hook_wake_in,
    .tick = hook_tick,
    .pollfds = hook_pollfds,
    .on_poll = hook_on_poll,
};
