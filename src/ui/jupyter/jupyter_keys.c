/* The `j` screen's keys: the form (choose a field, edit it, Start), the
 * job's page (stop with a question, refresh, the lines to copy, a new
 * session once it ended) and the way back. The tables are what `?` and
 * the man page list (ui/keys.h). */
#include "ui/jupyter/jupyter_int.h"

#include <stdlib.h>
#include <string.h>

static JupyterScreen *screen_of(void *ctx) { return ((UiKeyCtx *)ctx)->ctx; }

/* ---- while a field is edited: every key belongs to it (ctx: JupyterScreen) ---- */

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

/* ---- the form ---- */

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
        jupyter_submit(s);
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
     .what = "edit the field, or on Start submit the job (or show the one running here)", .run = form_enter},
    {.names = NULL},
};

/* ---- the job's page ---- */

/* `y` answers the question to stop the job; any other key says no. */
static bool confirm_yes(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = ctx;
    if (s->jobid && jupyter_op_start(&s->op, JUPYTER_OP_CANCEL, &s->js, s->jobid))
        jupyter_set_message(s, xasprintf("Stopping job %s...", s->jobid));
    else
        jupyter_set_message(s, xstrdup("busy: try again in a moment"));
    return true;
}

const KeyBinding jupyter_confirm_keys[] = {
    {.keys = {'y', 'Y'}, .names = "y", .what = "stop the job", .run = confirm_yes},
    {.names = NULL},
};

static bool job_stop(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    if (jupyter_job_alive(s))
        s->confirm_stop = true;
    return true;
}

static bool job_refresh(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    jupyter_poll_now(s, now_monotonic());
    return true;
}

static bool job_copy(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    if (s->conn.known)
        jupyter_copy_lines(s, ((UiKeyCtx *)ctx)->app);
    else
        jupyter_set_message(s, xstrdup("No connection lines yet: Jupyter is not serving."));
    return true;
}

static bool job_new(void *ctx, int key)
{
    (void)key;
    JupyterScreen *s = screen_of(ctx);
    if (s->view != JUPYTER_VIEW_SESSION)
        return false;
    if (jupyter_job_alive(s))
        return true;
    /* The job has ended: a status check still in flight can only say so
     * again, so it need not hold the form back; a stop or a start must. */
    if (jupyter_op_busy(&s->op) && s->op.kind == JUPYTER_OP_STATUS)
        jupyter_op_abandon(&s->op);
    if (jupyter_op_busy(&s->op)) {
        jupyter_set_message(s, xstrdup("busy: try again in a moment"));
        return true;
    }
    jupyter_forget_session(s);
    jupyter_set_message(s, NULL);
    s->view = JUPYTER_VIEW_FORM;
    s->focus = jupyter_form_nfields;
    return true;
}

const KeyBinding jupyter_job_keys[] = {
    {.keys = {'c'}, .names = "c", .hint = "lines to copy",
     .what = "print the connection lines whole below the screen, to copy (OSC 52 too)",
     .run = job_copy},
    {.keys = {'s'}, .names = "s", .hint = "stop", .what = "stop the job (asks first)", .run = job_stop},
    {.keys = {'r'}, .names = "r", .hint = "refresh", .what = "ask the scheduler now", .run = job_refresh},
    {.keys = {'n'}, .names = "n", .hint = "new session", .what = "the form again, once the job has ended",
     .run = job_new},
    {.names = NULL},
};

const KeyBinding jupyter_screen_keys[] = {
    {.keys = {27, 'q', 'j'}, .names = "Esc  q  j", .hint = "back to the lesson",
     .what = "back to the lesson (the job keeps running, and the status bar follows it)",
     .run = ui_key_close},
    {.names = NULL},
};

const KeySection jupyter_sections[] = {
    {"Jupyter screen", jupyter_screen_keys},
    {"On the Jupyter form", jupyter_form_keys},
    {"On the Jupyter job's page", jupyter_job_keys},
    {0},
};
