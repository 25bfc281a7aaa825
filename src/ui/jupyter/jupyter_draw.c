/* Drawing the `j` screen: the form, or the session with its state, the
 * connection lines and the log's tail. Attributes only (bold, reverse,
 * dim), so it reads the same with NO_COLOR and on monochrome terminals;
 * text from the log is reduced to printable ASCII before it is drawn. */
#include "ui/jupyter/jupyter_int.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

typedef struct {
    WINDOW *win;
    int y, x, h, w;
    int row;
} Pen;

/* One line at the pen's row, clipped to the width; control bytes and
 * non-ASCII become '?' so that a log cannot move the cursor. */
static void put(Pen *p, int indent, const char *text, attr_t a)
{
    if (p->row >= p->h || indent >= p->w)
        return;
    int width = p->w - indent;
    char *buf = xmalloc((size_t)width + 1);
    int n = 0;
    for (const char *c = text; *c && *c != '\n' && n < width; c++)
        buf[n++] = ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f) ? (*c == '\t' ? ' ' : '?') : *c;
    buf[n] = '\0';
    wattrset(p->win, a);
    mvwaddstr(p->win, p->y + p->row, p->x + indent, buf);
    wattrset(p->win, A_NORMAL);
    free(buf);
    p->row++;
}

static void put_lines(Pen *p, int indent, const char *text, attr_t a)
{
    for (const char *c = text; *c && p->row < p->h;) {
        size_t n = strcspn(c, "\n");
        char *line = xstrndup(c, n);
        put(p, indent, line, a);
        free(line);
        c += n;
        if (*c == '\n')
            c++;
    }
}

/* Like put_lines, but a line too long for the width continues on the next
 * rows instead of being cut: every character of a URL stays visible. */
static void put_wrapped(Pen *p, int indent, const char *text, attr_t a)
{
    int width = p->w - indent;
    if (width < 10)
        width = 10;
    for (const char *c = text; *c && p->row < p->h;) {
        size_t n = strcspn(c, "\n");
        for (size_t off = 0; off < n || (n == 0 && off == 0); off += (size_t)width) {
            size_t len = n - off < (size_t)width ? n - off : (size_t)width;
            char *piece = xstrndup(c + off, len);
            put(p, indent, piece, a);
            free(piece);
            if (n == 0)
                break;
        }
        c += n;
        if (*c == '\n')
            c++;
    }
}

static void footer(Pen *p, const char *text, attr_t a)
{
    int keep = p->row;
    p->row = p->h - 1;
    put(p, 1, text, a);
    p->row = keep;
}

/* ---- the form ---- */

static void draw_form(JupyterScreen *s, Pen *p)
{
    put(p, 1, "Jupyter on the cluster", A_BOLD);
    put(p, 1, "A batch job runs Jupyter on a compute node; corelab tells you how to reach it.", A_DIM);
    if (s->config_error)
        put(p, 1, s->config_error, A_BOLD);
    p->row++;
    for (int i = 0; i < jupyter_form_nfields; i++) {
        bool focused = s->focus == i;
        char *v = focused && s->editing ? xasprintf("%s_", s->edit.data ? s->edit.data : "")
                                        : jupyter_form_value(s, i);
        const char *shown = v[0] || (focused && s->editing) ? v : jupyter_form_fields[i].empty;
        char *line = xasprintf("%c %-14s %s", focused ? '>' : ' ', jupyter_form_fields[i].label, shown);
        put(p, 2, line, focused ? A_REVERSE : (v[0] ? A_NORMAL : A_DIM));
        free(line);
        free(v);
    }
    p->row++;
    put(p, 4, "[ Start Jupyter ]", s->focus == jupyter_form_nfields ? A_REVERSE | A_BOLD : A_BOLD);
    p->row++;
    if (s->field_error)
        put_lines(p, 2, s->field_error, A_BOLD);
    else if (s->message)
        put_lines(p, 2, s->message, A_BOLD);
    char keys[256] = "";
    if (s->editing) {
        snprintf(keys, sizeof keys, "type the value   ");
        keys_hints(jupyter_edit_keys, "   ", keys, sizeof keys);
    } else {
        keys_hints(jupyter_form_keys, "   ", keys, sizeof keys);
        strcat(keys, "   ");
        keys_hints(jupyter_screen_keys, "   ", keys, sizeof keys);
    }
    footer(p, keys, A_DIM);
}

/* ---- the session ---- */

static void draw_state(JupyterScreen *s, Pen *p, double now)
{
    if (!s->have_status) {
        put(p, 2, jupyter_op_busy(&s->op) ? "State:  asking the scheduler..." : "State:  not known yet",
            A_NORMAL);
        return;
    }
    JobStatus st = s->st;
    if (st.phase == JOB_RUNNING && st.time_left_s >= 0) {
        long spent = (long)(now - s->status_at);
        st.time_left_s = st.time_left_s > spent ? st.time_left_s - spent : 0;
    }
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "State:  ");
    job_status_text(&sb, &st);
    if (st.phase == JOB_UNKNOWN)
        strbuf_adds(&sb, "; retrying");
    put(p, 2, sb.data, A_BOLD);
    strbuf_free(&sb);
    if (st.phase == JOB_RUNNING && st.time_left_s >= 0 && st.time_left_s <= 600)
        put(p, 2, "WARNING: less than 10 minutes of walltime left: save your work now.", A_BOLD | A_REVERSE);
}

static void draw_connection(JupyterScreen *s, Pen *p)
{
    char *host = NULL, *path = NULL;
    int port = 0;
    if (!(s->have_status && s->st.phase == JOB_RUNNING)) {
        if (s->have_status && s->st.phase == JOB_PENDING)
            put(p, 2, "Jupyter starts when the job does; this screen follows it.", A_DIM);
        return;
    }
    if (!jupyter_conn_read(&s->js, s->jobid, &host, &port, &path)) {
        put(p, 2, "The job runs; Jupyter is starting...", A_DIM);
        return;
    }
    char *token = jupyter_token_read(&s->js);
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_connection_text(&sb, &s->js, host, port, path, token ? token : "(token file missing)");
    put_wrapped(p, 2, sb.data, A_NORMAL);
    if (s->conn_seen && !s->port_ok)
        put(p, 2, "(the port does not answer from this host yet; the ssh tunnel may still work)", A_DIM);
    strbuf_free(&sb);
    free(token);
    free(path);
    free(host);
}

static void draw_log(JupyterScreen *s, Pen *p)
{
    int room = p->h - 1 - p->row - 1; /* keep the footer row */
    if (room < 2)
        return;
    char *path = jupyter_log_path(&s->js, s->jobid);
    char *title = xasprintf("Log: %s", path);
    put(p, 2, title, A_DIM);
    free(title);
    free(path);
    char *tail = jupyter_log_tail(&s->js, s->jobid, room - 1);
    if (!tail) {
        put(p, 4, "(no log yet)", A_DIM);
        return;
    }
    put_lines(p, 4, tail, A_NORMAL);
    free(tail);
}

static void draw_session(JupyterScreen *s, Pen *p)
{
    double now = now_monotonic();
    char *title = s->jobid ? xasprintf("Jupyter on the cluster: job %s (%s)", s->jobid, s->js.sched->name)
                           : xstrdup("Jupyter on the cluster");
    put(p, 1, title, A_BOLD);
    free(title);
    p->row++;
    if (s->jobid)
        draw_state(s, p, now);
    if (s->message)
        put_wrapped(p, 2, s->message, A_NORMAL);
    p->row++;
    if (s->jobid) {
        draw_connection(s, p);
        p->row++;
        draw_log(s, p);
    }
    char *keys;
    char stop[64], refresh[64], fresh[64], back[64];
    keys_hint(keys_find(jupyter_job_keys, 's'), stop, sizeof stop);
    keys_hint(keys_find(jupyter_job_keys, 'r'), refresh, sizeof refresh);
    keys_hint(keys_find(jupyter_job_keys, 'n'), fresh, sizeof fresh);
    keys_hint(jupyter_screen_keys, back, sizeof back);
    bool alive = s->jobid && (!s->have_status || !job_status_final(&s->st));
    if (s->confirm_stop)
        keys = xasprintf("Stop job %s? y/N", s->jobid);
    else if (alive)
        keys = xasprintf("%s   %s   %s (the job keeps running; corelab jupyter stop %s ends it)", stop,
                         refresh, back, s->jobid);
    else
        keys = xasprintf("%s   %s", fresh, back);
    footer(p, keys, s->confirm_stop ? A_BOLD | A_REVERSE : A_DIM);
    free(keys);
}

void jupyter_screen_draw(JupyterScreen *s, const UiCaps *caps, WINDOW *win, int y, int x, int h, int w)
{
    (void)caps; /* attributes only: the same in ASCII and colour */
    for (int r = 0; r < h; r++)
        mvwhline(win, y + r, x, ' ', w);
    Pen p = {.win = win, .y = y, .x = x, .h = h, .w = w - 1};
    if (s->view == JUPYTER_VIEW_FORM)
        draw_form(s, &p);
    else
        draw_session(s, &p);
}
