/* A job's record, nb_session_<id>.session (0600): the settings it was
 * started with (scheduler, login host, command), so that status and the
 * screen follow it as it was started, from any directory; and the last
 * state the scheduler gave, with its time, for when the scheduler does not
 * answer. Finding a job started elsewhere asks the scheduler where its
 * files are. */
#include "cluster/session_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RECORD_EXT "session"

/* A value as one line of the file. */
static void add_value(StrBuf *sb, const char *key, const char *v)
{
    strbuf_addf(sb, "%s=", key);
    for (const char *p = v; *p; p++)
        strbuf_addc(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
    strbuf_addc(sb, '\n');
}

int jupyter_record_write(const JupyterSession *js, const JobRecord *r)
{
    StrBuf sb;
    strbuf_init(&sb);
    add_value(&sb, "jobid", r->jobid);
    add_value(&sb, "scheduler", r->scheduler);
    add_value(&sb, "login_host", r->login_host);
    add_value(&sb, "command", r->command);
    strbuf_addf(&sb, "submitted=%.0f\n", r->submitted);
    if (r->last_at > 0) {
        const JobStatus *st = &r->last;
        strbuf_addf(&sb, "last_at=%.0f\nlast_phase=%d\nlast_time_left=%ld\n", r->last_at, (int)st->phase,
                    st->time_left_s);
        add_value(&sb, "last_state", st->state);
        add_value(&sb, "last_reason", st->reason);
        add_value(&sb, "last_node", st->node);
        add_value(&sb, "last_start", st->start);
        add_value(&sb, "last_exit_code", st->exit_code);
    }
    char *path = session_file(js, r->jobid, RECORD_EXT);
    int rc = write_file_atomic(path, sb.data, sb.len, 0600);
    free(path);
    strbuf_free(&sb);
    return rc;
}

/* key's value into a fixed field; "" when absent. */
static void field(const char *text, const char *key, char *dst, size_t n)
{
    char *v = key_value(text, key);
    snprintf(dst, n, "%s", v ? v : "");
    free(v);
}

static long number(const char *text, const char *key, long min, long max, long dflt)
{
    char *v = key_value(text, key);
    long n;
    bool ok = v && parse_long(v, min, max, &n);
    free(v);
    return ok ? n : dflt;
}

static void read_last(const char *text, JobRecord *r)
{
    r->last_at = (double)number(text, "last_at", 0, 1L << 40, 0);
    long phase = number(text, "last_phase", JOB_UNKNOWN, JOB_ENDED, JOB_UNKNOWN);
    if (r->last_at <= 0 || phase == JOB_UNKNOWN) {
        r->last_at = 0;
        return;
    }
    r->last.phase = (JobPhase)phase;
    r->last.time_left_s = number(text, "last_time_left", -1, 1L << 40, -1);
    field(text, "last_state", r->last.state, sizeof r->last.state);
    field(text, "last_reason", r->last.reason, sizeof r->last.reason);
    field(text, "last_node", r->last.node, sizeof r->last.node);
    field(text, "last_start", r->last.start, sizeof r->last.start);
    field(text, "last_exit_code", r->last.exit_code, sizeof r->last.exit_code);
}

/* Every setting is checked as a flag's would be: the file is ours, but what
 * it names goes into commands and onto the screen. */
static bool record_valid(const JobRecord *r)
{
    char *bad_host = cluster_check_host(r->login_host);
    char *bad_command = r->command[0] ? cluster_check_command(r->command) : NULL;
    bool ok = job_id_valid(r->jobid) && scheduler_find(r->scheduler) && !bad_host && !bad_command;
    free(bad_host);
    free(bad_command);
    return ok;
}

bool jupyter_record_read(const JupyterSession *js, const char *jobid, JobRecord *r)
{
    memset(r, 0, sizeof *r);
    r->last.time_left_s = -1;
    char *text = key_file_read(session_file(js, jobid, RECORD_EXT));
    if (!text)
        return false;
    field(text, "jobid", r->jobid, sizeof r->jobid);
    field(text, "scheduler", r->scheduler, sizeof r->scheduler);
    field(text, "login_host", r->login_host, sizeof r->login_host);
    field(text, "command", r->command, sizeof r->command);
    r->submitted = (double)number(text, "submitted", 0, 1L << 40, 0);
    read_last(text, r);
    free(text);
    return record_valid(r) && job_id_same(r->jobid, jobid);
}

void jupyter_record_status(const JupyterSession *js, const char *jobid, const JobStatus *st)
{
    JobRecord r;
    if (st->phase == JOB_UNKNOWN || !jupyter_record_read(js, jobid, &r))
        return;
    r.last = *st;
    r.last_at = now_wall();
    jupyter_record_write(js, &r); /* a lost update costs only the outage's fallback */
}

void jupyter_session_adopt(JupyterSession *js, const JobRecord *r)
{
    const Scheduler *s = scheduler_find(r->scheduler);
    if (s) {
        js->sched = s;
        free(js->cfg.scheduler);
        js->cfg.scheduler = xstrdup(s->name);
    }
    free(js->cfg.login_host);
    js->cfg.login_host = xstrdup(r->login_host);
    if (r->command[0]) {
        free(js->cfg.command);
        js->cfg.command = xstrdup(r->command);
    }
}

/* The job's record or log, in dir and ours. */
static bool has_job_files(const char *dir, const char *jobid)
{
    char *id = job_short_id(jobid);
    bool found = false;
    for (int i = 0; i < 2 && !found; i++) {
        char *p = xasprintf("%s/nb_session_%s.%s", dir, id, i == 0 ? RECORD_EXT : "log");
        struct stat st;
        found = lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
        free(p);
    }
    free(id);
    return found;
}

/* Move js to dir (taken) when it holds the job's files. */
static bool try_dir(JupyterSession *js, const char *jobid, char *dir)
{
    if (!dir || cluster_check_path("sessions_dir", dir) || !has_job_files(dir, jobid)) {
        free(dir);
        return false;
    }
    free(js->dir);
    js->dir = dir;
    return true;
}

int jupyter_session_find(JupyterSession *js, const char *jobid, double deadline)
{
    bool found = has_job_files(js->dir, jobid);
    char *dirs[4];
    int n = found || !js->sched->locate ? 0 : js->sched->locate(jobid, deadline, dirs, 4);
    const char *rel = js->cfg.sessions_dir;
    for (int i = 0; i < n; i++) {
        /* the output file's directory, or the working directory the
         * sessions directory was relative to */
        if (!found)
            found = try_dir(js, jobid, xstrdup(dirs[i]));
        if (!found && rel[0] != '/' && rel[0] != '~')
            found = try_dir(js, jobid, path_join(dirs[i], rel[0] == '.' && rel[1] == '/' ? rel + 2 : rel));
        free(dirs[i]);
    }
    JobRecord r;
    if (found && jupyter_record_read(js, jobid, &r))
        jupyter_session_adopt(js, &r);
    return found ? 0 : 1;
}

void jupyter_status_known(const JupyterSession *js, const char *jobid, JobStatus *st)
{
    if (st->phase != JOB_NOT_FOUND || !has_job_files(js->dir, jobid))
        return;
    /* it ran from here: it ended, long enough ago that the scheduler forgot */
    JobRecord r;
    bool rec = jupyter_record_read(js, jobid, &r);
    JobStatus was = rec && r.last_at > 0 && job_status_final(&r.last) ? r.last : (JobStatus){0};
    memset(st, 0, sizeof *st);
    st->phase = JOB_ENDED;
    st->time_left_s = -1;
    snprintf(st->state, sizeof st->state, "%s", was.state[0] ? was.state : "ENDED");
    snprintf(st->exit_code, sizeof st->exit_code, "%s", was.exit_code);
    snprintf(st->detail, sizeof st->detail, "%s no longer remembers it", js->sched->name);
}
