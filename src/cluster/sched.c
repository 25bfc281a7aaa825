/* What Slurm and PBS share: running a tool with an argv and a time limit,
 * the table of schedulers, retries while a status is unknown, and the words
 * the status is shown with. */
#include "cluster/sched_int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const Scheduler *const schedulers[] = {&scheduler_slurm, &scheduler_pbs};

const Scheduler *scheduler_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof schedulers / sizeof schedulers[0]; i++)
        if (strcmp(name, schedulers[i]->name) == 0)
            return schedulers[i];
    return NULL;
}

ToolRun tool_run(char *const argv[], const char *cwd, double timeout_s)
{
    ToolRun t = {0};
    SpawnOpts o = spawn_opts_default();
    o.cwd = cwd;
    int status = 0;
    int rc = run_capture(argv, &o, timeout_s, 64 * 1024, &t.out, &status);
    if (rc == ENOENT) {
        t.result = SCHED_NOT_FOUND;
        t.out = xasprintf("%s not found on PATH", argv[0]);
    } else if (rc == ETIMEDOUT) {
        t.result = SCHED_NO_ANSWER;
        t.out = xasprintf("%s did not answer within %.0f s", argv[0], timeout_s);
    } else if (rc != 0) {
        t.result = SCHED_FAILED;
        t.out = xasprintf("%s could not be started: %s", argv[0], strerror(rc));
    } else {
        t.exit_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        t.result = t.exit_ok ? SCHED_OK : SCHED_FAILED;
        if (!t.exit_ok && (!t.out || !*t.out)) {
            free(t.out);
            t.out = xasprintf("%s %s", argv[0], describe_status(status));
        }
    }
    if (!t.out)
        t.out = xstrdup("");
    return t;
}

void tool_run_free(ToolRun *t)
{
    free(t->out);
    t->out = NULL;
}

char *trim_output(const char *s)
{
    while (*s == '\n' || *s == ' ' || *s == '\r' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && strchr(" \t\r\n", s[n - 1]))
        n--;
    return xstrndup(s, n);
}

void copy_field(char *dst, size_t n, const char *src, size_t len)
{
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

void status_unknown(JobStatus *st, const char *why)
{
    memset(st, 0, sizeof *st);
    st->phase = JOB_UNKNOWN;
    st->time_left_s = -1;
    snprintf(st->state, sizeof st->state, "UNKNOWN");
    char *t = trim_output(why ? why : "");
    char *nl = strchr(t, '\n'); /* the first line says enough */
    if (nl)
        *nl = '\0';
    snprintf(st->detail, sizeof st->detail, "%s", t);
    free(t);
}

void status_clear(JobStatus *st)
{
    memset(st, 0, sizeof *st);
    st->time_left_s = -1;
}

void scheduler_status_retry(const Scheduler *s, const char *jobid, JobStatus *st, int attempts)
{
    for (int i = 0; i < attempts; i++) {
        s->status(jobid, st);
        if (st->phase != JOB_UNKNOWN)
            return;
        if (i + 1 < attempts)
            poll(NULL, 0, 1000);
    }
}

char *job_short_id(const char *jobid)
{
    size_t n = strcspn(jobid, ".");
    return xstrndup(jobid, n);
}

void job_list_free(JobList *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void job_list_add(JobList *l, const char *jobid, const JobStatus *st)
{
    l->v = xrealloc(l->v, sizeof *l->v * (size_t)(l->n + 1));
    snprintf(l->v[l->n].jobid, sizeof l->v[l->n].jobid, "%s", jobid);
    l->v[l->n].st = *st;
    l->n++;
}

bool job_status_final(const JobStatus *st)
{
    return st->phase == JOB_ENDED && strcmp(st->state, "COMPLETING") != 0 &&
           strcmp(st->state, "EXITING") != 0;
}

const char *job_phase_name(JobPhase p)
{
    switch (p) {
    case JOB_UNKNOWN: return "unknown";
    case JOB_PENDING: return "pending";
    case JOB_RUNNING: return "running";
    case JOB_ENDED: return "ended";
    }
    return "?";
}

void format_duration(StrBuf *sb, long s)
{
    if (s < 0) {
        strbuf_adds(sb, "?");
        return;
    }
    long d = s / 86400, h = (s / 3600) % 24, m = (s / 60) % 60, sec = s % 60;
    if (d > 0)
        strbuf_addf(sb, "%ld-%02ld:%02ld:%02ld", d, h, m, sec);
    else
        strbuf_addf(sb, "%ld:%02ld:%02ld", h, m, sec);
}

void job_status_text(StrBuf *sb, const JobStatus *st)
{
    switch (st->phase) {
    case JOB_UNKNOWN:
        strbuf_addf(sb, "unknown: the scheduler did not answer (%s); the job may still be running",
                    st->detail[0] ? st->detail : "no reply");
        break;
    case JOB_PENDING:
        strbuf_adds(sb, st->state[0] ? st->state : "PENDING");
        if (st->reason[0])
            strbuf_addf(sb, " (%s)", st->reason);
        if (st->start[0])
            strbuf_addf(sb, ", expected start %s", st->start);
        else
            strbuf_adds(sb, ", expected start not known yet");
        break;
    case JOB_RUNNING:
        strbuf_adds(sb, st->state[0] ? st->state : "RUNNING");
        if (st->node[0])
            strbuf_addf(sb, " on %s", st->node);
        if (st->time_left_s >= 0) {
            strbuf_adds(sb, ", ");
            format_duration(sb, st->time_left_s);
            strbuf_adds(sb, " left");
        }
        break;
    case JOB_ENDED:
        if (!job_status_final(st)) {
            /* the final state (COMPLETED, CANCELLED, TIMEOUT...) follows */
            strbuf_addf(sb, "ending: %s (the node is cleaning up)", st->state);
            break;
        }
        strbuf_addf(sb, "ended: %s", st->state[0] ? st->state : "ENDED");
        if (st->exit_code[0])
            strbuf_addf(sb, ", exit code %s", st->exit_code);
        if (st->detail[0])
            strbuf_addf(sb, " (%s)", st->detail);
        break;
    }
}
