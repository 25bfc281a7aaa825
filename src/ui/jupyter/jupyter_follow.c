/* Following the job from every screen, not only while `j` is open: the
 * loop polls and ticks this screen whatever is shown. The scheduler is
 * asked every few seconds in a child; the job's host/port file is watched
 * (inotify, and stat every 100 ms for shared file systems), and when it
 * appears a second child checks that the listener is the job's Jupyter
 * before a URL is shown. The status bar carries a badge (state, time
 * left); the walltime warning and the job's end reach the learner as a
 * message wherever they are. */
#include "ui/jupyter/jupyter_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jupyter_follow(JupyterScreen *s, const char *jobid, double now)
{
    if (jobid != s->jobid) {
        free(s->jobid);
        s->jobid = xstrdup(jobid);
    }
    if (s->watching)
        path_watch_close(&s->conn_watch);
    char *path = jupyter_conn_path(&s->js, jobid);
    path_watch_open(&s->conn_watch, path);
    free(path);
    s->watching = true;
    s->next_poll = now;
    s->probe_again = true; /* the file may be there already */
}

void jupyter_poll_now(JupyterScreen *s, double now)
{
    s->next_poll = now;
}

JobStatus jupyter_state_now(const JupyterScreen *s, double now)
{
    JobStatus st = s->st;
    if (st.phase == JOB_RUNNING && st.time_left_s >= 0) {
        long spent = (long)(now - s->status_at);
        st.time_left_s = st.time_left_s > spent ? st.time_left_s - spent : 0;
    }
    return st;
}

static void start_probe(JupyterScreen *s)
{
    if (!s->jobid || !s->session_open)
        return;
    s->probe_again = jupyter_op_busy(&s->probe) || !jupyter_op_start(&s->probe, JUPYTER_OP_PROBE, &s->js, s->jobid);
}

/* "Submitted job 12." and a line for each warning the start returned. */
static char *submitted_message(const JupyterOpResult *r)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "Submitted job %s.", r->jobid);
    const char *cur = r->warnings, *line;
    size_t len;
    while (text_next_line(&cur, &line, &len))
        strbuf_addf(&sb, "\nwarning: %.*s", (int)len, line);
    return strbuf_detach(&sb);
}

static char *start_failure(const JupyterScreen *s, const JupyterOpResult *r)
{
    const Scheduler *sc = s->js.sched;
    if (r->result == SCHED_NOT_FOUND)
        return xasprintf("%s not found on PATH: this needs a %s login node", sc->submit_prog, sc->name);
    if (r->result == SCHED_NO_ANSWER)
        return xasprintf("The scheduler's controller did not answer (%.200s); try again in a minute.", r->err);
    const char *hint = sched_refusal_hint(r->err);
    return xasprintf("%s refused the job: %s%s%s", sc->submit_prog, r->err, hint ? "\n" : "", hint ? hint : "");
}

static void apply_start(JupyterScreen *s, const JupyterOpResult *r, double now)
{
    JobRecord rec;
    switch ((StartOutcome)r->outcome) {
    case START_SUBMITTED:
        jupyter_set_message(s, submitted_message(r));
        jupyter_follow(s, r->jobid, now);
        break;
    case START_ATTACHED:
    case START_UNSURE:
        /* the child adopted the job's settings: so does the screen */
        if (jupyter_record_read(&s->js, r->jobid, &rec))
            jupyter_session_adopt(&s->js, &rec);
        jupyter_set_message(s, r->outcome == START_ATTACHED
                                   ? xasprintf("Job %s is already running from this directory: no new job "
                                               "submitted.", r->jobid)
                                   : xasprintf("The scheduler did not answer about job %s, which may still be "
                                               "running: no new job submitted.", r->jobid));
        jupyter_follow(s, r->jobid, now);
        s->st = r->st;
        s->have_status = true;
        s->status_at = now;
        break;
    case START_FAILED:
        jupyter_set_message(s, start_failure(s, r));
        s->view = JUPYTER_VIEW_FORM;
        break;
    }
}

static void apply_status(JupyterScreen *s, App *app, const JupyterOpResult *r, double now)
{
    bool was_final = s->have_status && job_status_final(&s->st);
    if (r->st.phase != JOB_UNKNOWN) {
        s->known = r->st;
        s->known_at = now_wall();
    } else if (s->have_status && s->st.phase != JOB_UNKNOWN) {
        s->known = jupyter_state_now(s, now); /* the time left it had counted down to */
    }
    s->st = r->st;
    s->have_status = true;
    s->status_at = now;
    /* RUNNING: the file may have come before; unknown: the lines stay only
     * while Jupyter answers */
    if ((r->st.phase == JOB_RUNNING && !s->conn.known) || (r->st.phase == JOB_UNKNOWN && s->conn.known))
        start_probe(s);
    if (!job_status_final(&r->st))
        return;
    jupyter_forget_job(&s->js, s->jobid);
    memset(&s->conn, 0, sizeof s->conn);
    if (!was_final && app) {
        StrBuf sb;
        strbuf_init(&sb);
        job_status_text(&sb, &r->st);
        app_message(app, 20, "Jupyter job %s %s", s->jobid, sb.data);
        strbuf_free(&sb);
    }
}

static void apply_probe(JupyterScreen *s, const JupyterOpResult *r)
{
    JupyterConnShown *c = &s->conn;
    bool answers = r->conn == CONN_VERIFIED || (r->conn == CONN_UNREACHABLE && s->st.phase != JOB_UNKNOWN);
    memset(c, 0, sizeof *c);
    if (answers && !(s->have_status && job_status_final(&s->st))) {
        c->known = true;
        c->reachable = r->conn == CONN_VERIFIED;
        snprintf(c->host, sizeof c->host, "%s", r->host);
        snprintf(c->path, sizeof c->path, "%s", r->path);
        snprintf(c->token, sizeof c->token, "%s", r->token);
        c->port = r->port;
    } else if (r->conn == CONN_WRONG) {
        snprintf(c->wrong, sizeof c->wrong, "%.255s", r->err);
    }
    if (s->probe_again)
        start_probe(s);
}

void jupyter_apply_result(JupyterScreen *s, App *app, const JupyterOpResult *r, double now)
{
    switch (r->kind) {
    case JUPYTER_OP_START:
        apply_start(s, r, now);
        break;
    case JUPYTER_OP_STATUS:
        apply_status(s, app, r, now);
        break;
    case JUPYTER_OP_CANCEL:
        if (r->result == SCHED_OK) {
            s->cancelled = true;
            jupyter_set_message(s, xasprintf("Cancelled job %s.", s->jobid));
        } else {
            jupyter_set_message(s, xasprintf("%s failed: %s", s->js.sched->cancel_prog, r->err));
        }
        s->next_poll = now;
        break;
    case JUPYTER_OP_PROBE:
        apply_probe(s, r);
        break;
    case JUPYTER_OP_NONE:
        break;
    }
}

/* ---- the badge, the warning, the ticks ---- */

const char *jupyter_badge(JupyterScreen *s, double now)
{
    s->badge[0] = '\0';
    if (!s->jobid) {
        if (jupyter_op_busy(&s->op) && s->op.kind == JUPYTER_OP_START)
            snprintf(s->badge, sizeof s->badge, "Jupyter: starting");
        return s->badge;
    }
    JobStatus st = jupyter_state_now(s, now);
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "Jupyter %s: ", s->jobid);
    if (!s->have_status)
        strbuf_adds(&sb, "...");
    else if (st.phase == JOB_UNKNOWN)
        strbuf_adds(&sb, "no answer");
    else if (st.phase == JOB_NOT_FOUND)
        strbuf_adds(&sb, "no such job");
    else if (st.phase == JOB_PENDING)
        strbuf_adds(&sb, "queued");
    else if (st.phase == JOB_ENDED)
        strbuf_addf(&sb, "%s %s", job_status_final(&st) ? "ended:" : "ending:", st.state);
    else if (st.time_left_s < 0)
        strbuf_adds(&sb, "running");
    else {
        format_duration(&sb, st.time_left_s);
        strbuf_adds(&sb, st.time_left_s <= JUPYTER_WARN_S ? " left, save your work now" : " left");
    }
    snprintf(s->badge, sizeof s->badge, "%s", sb.data);
    strbuf_free(&sb);
    return s->badge;
}

static void warn_walltime(JupyterScreen *s, App *app, double now)
{
    JobStatus st = jupyter_state_now(s, now);
    if (s->warned || !s->have_status || st.phase != JOB_RUNNING || st.time_left_s < 0 ||
        st.time_left_s > JUPYTER_WARN_S)
        return;
    s->warned = true;
    StrBuf left;
    strbuf_init(&left);
    format_duration(&left, st.time_left_s);
    app_message(app, 30, "Jupyter job %s: %s of walltime left: save your work now", s->jobid, left.data);
    strbuf_free(&left);
}

/* An op that takes longer than any budget: its child is stuck. */
static bool abandon_stuck(JupyterScreen *s, double now)
{
    bool changed = false;
    if (jupyter_op_busy(&s->probe) && now - s->probe.task.started > JUPYTER_OP_LIMIT_S)
        jupyter_op_abandon(&s->probe);
    if (jupyter_op_busy(&s->op) && now - s->op.task.started > JUPYTER_OP_LIMIT_S) {
        jupyter_op_abandon(&s->op);
        s->st.phase = JOB_UNKNOWN;
        snprintf(s->st.detail, sizeof s->st.detail, "no answer within %.0f s", JUPYTER_OP_LIMIT_S);
        changed = true;
    }
    return changed;
}

bool jupyter_follow_tick(JupyterScreen *s, App *app, double now)
{
    bool changed = abandon_stuck(s, now);
    bool alive = jupyter_job_alive(s) && s->session_open;
    if (alive && !jupyter_op_busy(&s->op) && now >= s->next_poll &&
        jupyter_op_start(&s->op, JUPYTER_OP_STATUS, &s->js, s->jobid))
        s->next_poll = now + (s->have_status && s->st.phase == JOB_RUNNING ? JUPYTER_POLL_RUNNING_S : JUPYTER_POLL_S);
    /* where inotify does not hear the job's write: stat */
    if (alive && s->watching && path_watch_timeout_ms(&s->conn_watch, now) == 0 &&
        path_watch_changed(&s->conn_watch, now))
        s->probe_again = true;
    if (alive && s->probe_again && !jupyter_op_busy(&s->probe))
        start_probe(s);
    char before[sizeof s->badge];
    snprintf(before, sizeof before, "%s", s->badge);
    if (app) {
        warn_walltime(s, app, now);
        if (strcmp(before, jupyter_badge(s, now)) != 0)
            app_redraw_status(app);
    }
    return changed || (s->have_status && s->st.phase == JOB_RUNNING);
}

double jupyter_follow_wake_in(const JupyterScreen *s, double now)
{
    if (!jupyter_job_alive(s))
        return -1;
    double t = s->next_poll - now;
    if (s->have_status && s->st.phase == JOB_RUNNING && t > 1.0)
        t = 1.0; /* the time left counts down */
    if (s->watching && !s->conn.known) {
        double w = path_watch_timeout_ms(&s->conn_watch, now) / 1000.0;
        t = w < t ? w : t;
    }
    return t < 0.01 ? 0.01 : t;
}

int jupyter_follow_pollfds(JupyterScreen *s, struct pollfd *fds, int max)
{
    int n = 0;
    const JupyterOp *ops[] = {&s->op, &s->probe};
    for (int i = 0; i < 2 && n < max; i++)
        if (jupyter_op_busy(ops[i]))
            fds[n++] = (struct pollfd){.fd = ops[i]->task.fd, .events = POLLIN};
    if (s->watching && path_watch_fd(&s->conn_watch) >= 0 && n < max)
        fds[n++] = (struct pollfd){.fd = path_watch_fd(&s->conn_watch), .events = POLLIN};
    return n;
}

bool jupyter_follow_on_poll(JupyterScreen *s, App *app, const struct pollfd *fds, int n)
{
    bool changed = false;
    double now = now_monotonic();
    for (int i = 0; i < n; i++) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        JupyterOp *op = fds[i].fd == s->op.task.fd ? &s->op : fds[i].fd == s->probe.task.fd ? &s->probe : NULL;
        JupyterOpResult r;
        if (op && jupyter_op_busy(op) && jupyter_op_read(op, &r)) {
            jupyter_apply_result(s, app, &r, now);
            changed = true;
        } else if (!op && s->watching && fds[i].fd == path_watch_fd(&s->conn_watch) &&
                   path_watch_changed(&s->conn_watch, now)) {
            start_probe(s);
        }
    }
    if (changed && app)
        app_redraw_status(app);
    return changed;
}
