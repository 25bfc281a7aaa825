/* Drawing the `j` screen: the form, or the session with its state, the
 * connection lines and the log's tail. Attributes only (bold, reverse,
 * dim), so it reads the same with NO_COLOR and on monochrome terminals;
 * text from the log is reduced to printable ASCII before it is drawn. */
#include "ui/jupyter/jupyter_int.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Like put_lines, but a line too long for the width goes on at the next
 * rows, broken after a space where there is one: for messages and the
 * state (the scheduler's words), never for a URL or a command. */
static void put_wrapped(Pen *p, int indent, const char *text, attr_t a)
{
    size_t width = p->w - indent < 10 ? 10 : (size_t)(p->w - indent);
    const char *cur = text, *line;
    size_t len;
    while (text_next_line(&cur, &line, &len) && p->row < p->h) {
        while (len > 0 && p->row < p->h) {
            size_t n = len;
            if (n > width) {
                n = width;
                while (n > width / 2 && line[n - 1] != ' ')
                    n--;
                if (line[n - 1] != ' ')
                    n = width;
            }
            char *piece = xstrndup(line, n);
            put(p, indent, piece, a);
            free(piece);
            line += n;
            len -= n;
        }
    }
}

/* A line that must not be broken (a URL, a command): drawn whole when it
 * fits, else cut with a mark at the end -- `c` shows it whole. true when
 * it was cut. */
static bool put_unbroken(Pen *p, int indent, const char *text, attr_t a, bool ascii)
{
    int width = p->w - indent;
    if ((int)strlen(text) <= width || width < 4) {
        put(p, indent, text, a);
        return false;
    }
    char *cut = xstrndup(text, (size_t)width - 1);
    put(p, indent, cut, a);
    free(cut);
    wattrset(p->win, A_BOLD);
    mvwaddstr(p->win, p->y + p->row - 1, p->x + p->w - 1, ascii ? ">" : "\xe2\x80\xa6");
    wattrset(p->win, A_NORMAL);
    return true;
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
        put_wrapped(p, 2, s->message, A_BOLD);
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
    JobStatus st = jupyter_state_now(s, now);
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "State:  ");
    job_status_text(&sb, &st);
    if (st.phase == JOB_UNKNOWN)
        strbuf_adds(&sb, "; retrying");
    put_wrapped(p, 2, sb.data, A_BOLD);
    if (st.phase == JOB_UNKNOWN && s->known_at > 0) {
        time_t t = (time_t)s->known_at;
        struct tm tm;
        char when[16] = "?";
        if (localtime_r(&t, &tm))
            strftime(when, sizeof when, "%H:%M:%S", &tm);
        strbuf_reset(&sb);
        strbuf_addf(&sb, "Last known at %s: ", when);
        job_status_text(&sb, &s->known);
        put_wrapped(p, 2, sb.data, A_NORMAL);
    }
    strbuf_free(&sb);
    if (st.phase == JOB_RUNNING && st.time_left_s >= 0 && st.time_left_s <= JUPYTER_WARN_S)
        put(p, 2, "WARNING: less than 10 minutes of walltime left: save your work now.", A_BOLD | A_REVERSE);
}

/* The copy-ready lines, each on one row whatever its length. */
static void draw_lines(JupyterScreen *s, Pen *p, bool ascii)
{
    JupyterConn c = {.host = s->conn.host, .port = s->conn.port, .path = s->conn.path};
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_connection_text(&sb, &s->js, &c, s->conn.token[0] ? s->conn.token : "(token file missing)");
    bool cut = false;
    const char *cur = sb.data, *line;
    size_t len;
    while (text_next_line(&cur, &line, &len) && p->row < p->h - 1) {
        char *l = xstrndup(line, len);
        bool command = l[0] == ' ';
        if (command)
            cut |= put_unbroken(p, 2, l, A_NORMAL, ascii);
        else
            put(p, 2, l, A_DIM);
        free(l);
    }
    strbuf_free(&sb);
    if (!s->conn.reachable)
        put(p, 2, "(the port does not answer from this host; the ssh tunnel may still work)", A_DIM);
    put(p, 2, cut ? "A line is cut at the edge: press c to see the lines whole, to copy them."
                  : "Press c to see these lines alone, to copy them.", cut ? A_BOLD : A_DIM);
}

static void draw_connection(JupyterScreen *s, Pen *p, bool ascii)
{
    bool running = s->have_status && s->st.phase == JOB_RUNNING;
    if (s->conn.known && (running || (s->have_status && s->st.phase == JOB_UNKNOWN))) {
        draw_lines(s, p, ascii);
    } else if (s->have_status && s->st.phase == JOB_PENDING) {
        put(p, 2, "Jupyter starts when the job does; this screen follows it.", A_DIM);
    } else if (running && s->conn.wrong[0]) {
        put(p, 2, "Something else answers on the job's port; waiting for the job's Jupyter:", A_BOLD);
        put(p, 4, s->conn.wrong, A_NORMAL);
    } else if (running) {
        put(p, 2, "The job runs; Jupyter is starting...", A_DIM);
    }
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

static void draw_session(JupyterScreen *s, Pen *p, bool ascii)
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
        draw_connection(s, p, ascii);
        p->row++;
        draw_log(s, p);
    }
    char *keys;
    char stop[64], refresh[64], fresh[64], back[64];
    keys_hint(keys_find(jupyter_job_keys, 's'), stop, sizeof stop);
    keys_hint(keys_find(jupyter_job_keys, 'r'), refresh, sizeof refresh);
    keys_hint(keys_find(jupyter_job_keys, 'n'), fresh, sizeof fresh);
    keys_hint(jupyter_screen_keys, back, sizeof back);
    bool alive = jupyter_job_alive(s);
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
    /* attributes only: the same in ASCII and colour; caps says which mark
     * ends a cut line */
    for (int r = 0; r < h; r++)
        mvwhline(win, y + r, x, ' ', w);
    Pen p = {.win = win, .y = y, .x = x, .h = h, .w = w - 1};
    if (s->view == JUPYTER_VIEW_FORM)
        draw_form(s, &p);
    else
        draw_session(s, &p, caps->ascii);
}
