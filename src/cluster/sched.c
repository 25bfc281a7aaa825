/* What Slurm and PBS share: running a tool with an argv within a deadline,
 * submitting and cancelling, the table of schedulers, retries while a
 * status is unknown, job ids. */
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

double sched_deadline(double seconds)
{
    return now_monotonic() + seconds;
}

ToolRun tool_run(char *const argv[], double deadline)
{
    ToolRun t = {0};
    double timeout_s = deadline - now_monotonic();
    if (timeout_s < 0.05) { /* the budget is spent: not even started */
        t.result = SCHED_NO_ANSWER;
        t.out = xasprintf("no time left to run %s", argv[0]);
        return t;
    }
    SpawnOpts o = spawn_opts_default();
    int status = 0;
    int rc = run_capture(argv, &o, timeout_s, 64 * 1024, &t.out, &status);
    if (rc == ENOENT) {
        t.result = SCHED_NOT_FOUND;
        t.out = xasprintf("%s not found on PATH", argv[0]);
    } else if (rc == ETIMEDOUT) {
        t.result = SCHED_NO_ANSWER;
        t.out = xasprintf("%s did not answer within %.1f s", argv[0], timeout_s);
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

SchedResult sched_submit(char *const argv[], double deadline, bool (*parse)(const char *, char *, size_t),
                         bool (*no_answer)(const char *), char **jobid, char **err)
{
    ToolRun t = tool_run(argv, deadline);
    SchedResult r = t.result;
    char id[64];
    if (r == SCHED_OK && parse(t.out, id, sizeof id)) {
        *jobid = xstrdup(id);
    } else if (r == SCHED_OK) {
        r = SCHED_FAILED;
        char *o = trim_output(t.out);
        *err = xasprintf("%s printed no job id: %s", argv[0], o);
        free(o);
    } else {
        if (r == SCHED_FAILED && no_answer(t.out))
            r = SCHED_NO_ANSWER;
        *err = trim_output(t.out);
    }
    tool_run_free(&t);
    return r;
}

SchedResult sched_simple(char *const argv[], double deadline, bool (*no_answer)(const char *), char **err)
{
    ToolRun t = tool_run(argv, deadline);
    SchedResult r = t.result;
    if (r == SCHED_FAILED && no_answer(t.out))
        r = SCHED_NO_ANSWER;
    if (r != SCHED_OK)
        *err = trim_output(t.out);
    tool_run_free(&t);
    return r;
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

void scheduler_status_retry(const Scheduler *s, const char *jobid, double deadline, JobStatus *st)
{
    for (;;) {
        double began = now_monotonic();
        s->status(jobid, deadline, st);
        double took = now_monotonic() - began;
        /* again only if another try of the same length still fits */
        if (st->phase != JOB_UNKNOWN || now_monotonic() + took + 0.5 > deadline)
            return;
        poll(NULL, 0, 500);
    }
}

char *job_short_id(const char *jobid)
{
    size_t n = strcspn(jobid, ".");
    return xstrndup(jobid, n);
}

bool job_id_same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    /* the shorter one ends where the longer one goes on with its domain */
    return strncmp(a, b, la) == 0 && (lb == la || (b[la] == '.' && strchr(a, '.')));
}

bool job_id_valid(const char *s)
{
    static const char ok[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-[]";
    size_t n = strlen(s);
    return n > 0 && n < 64 && s[0] >= '0' && s[0] <= '9' && strspn(s, ok) == n;
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
    if (st->phase == JOB_NOT_FOUND)
        return true;
    return st->phase == JOB_ENDED && strcmp(st->state, "COMPLETING") != 0 &&
           strcmp(st->state, "EXITING") != 0;
}

bool job_status_alive(const JobStatus *st)
{
    return st->phase == JOB_PENDING || st->phase == JOB_RUNNING;
}

const char *job_phase_name(JobPhase p)
{
    switch (p) {
    case JOB_UNKNOWN: return "unknown";
    case JOB_NOT_FOUND: return "no such job";
    case JOB_PENDING: return "pending";
    case JOB_RUNNING: return "running";
    case JOB_ENDED: return "ended";
    }
    return "?";
}
