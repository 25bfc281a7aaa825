/* What a job's status means, in the words a learner reads: the scheduler's
 * pending reasons explained (and whether waiting helps), the expected
 * start as "in 19 min", how it ended ("killed by SIGTERM"). REFERENCE.md
 * "More on Slurm and Jupyter" lists the reasons that never resolve by
 * waiting. */
#include "cluster/sched_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *prefix; /* the reason starts with it */
    const char *text;
    bool never;         /* waiting alone does not help */
} ReasonText;

static const ReasonText reasons[] = {
    {"Resources", "waiting for CPUs or memory to free up", false},
    {"Priority", "other jobs are ahead of it in the queue", false},
    {"PartitionConfig", "it asks for more than the partition allows (CPUs, memory or nodes)", true},
    {"PartitionTimeLimit", "its walltime is longer than the partition allows", true},
    {"PartitionNodeLimit", "it asks for more nodes than the partition allows", true},
    {"PartitionDown", "the partition is down; it starts once the administrators bring it back", true},
    {"PartitionInactive", "the partition is inactive; it starts once the administrators enable it", true},
    {"ReqNodeNotAvail", "the nodes it needs are down, drained or reserved", true},
    {"BadConstraints", "no node has what it asks for (CPUs, memory or features)", true},
    {"Nodes required for job are DOWN", "the nodes it needs are down, drained or reserved", true},
    {"QOSMaxWallDuration", "its walltime is over the limit of your QOS", true},
    {"AssocMaxWallDuration", "its walltime is over the limit of your account", true},
    {"QOS", "a limit of your QOS (quality of service): it starts when your other jobs end", false},
    {"Assoc", "a limit of your account: it starts when your other jobs (or your group's) end", false},
    {"JobHeldUser", "held by you: release it with scontrol release", true},
    {"JobHeldAdmin", "held by an administrator", true},
    {"launch failed requeued held", "it failed to start on a node and is held: ask the administrators", true},
    {"BeginTime", "it was asked to start later", false},
    {"DependencyNeverSatisfied", "it waits for a job that will never end as required", true},
    {"Dependency", "it waits for another job to end", false},
    {"Reservation", "it waits for its reservation to begin", false},
    {"NodeDown", "a node it needs is down", false},
    {NULL, NULL, false},
};

const char *job_reason_text(const char *reason, bool *never)
{
    for (int i = 0; reasons[i].prefix; i++)
        if (strncmp(reason, reasons[i].prefix, strlen(reasons[i].prefix)) == 0) {
            *never = reasons[i].never;
            return reasons[i].text;
        }
    *never = false;
    return NULL;
}

static const ReasonText refusals[] = {
    {"Requested node configuration is not available",
     "No node of the partition has that many CPUs or that much memory: this request could never "
     "start as asked. Ask for less (--cpus, --mem).", true},
    {"More processors requested than permitted",
     "No node of the partition has that many CPUs: this request could never start as asked. Ask for "
     "fewer (--cpus).", true},
    {"Memory required by task is not available",
     "No node of the partition has that much memory: this request could never start as asked. Ask "
     "for less (--mem).", true},
    {"time limit", "The walltime is longer than the partition allows: ask for less (--time).", true},
    {"invalid partition", "There is no such partition: sinfo lists them.", true},
    {"Invalid account", "There is no such account, or it is not yours.", true},
    {"Invalid qos", "There is no such QOS, or it is not yours.", true},
    {"QOSMaxSubmitJob", "You have as many jobs queued as your QOS allows: stop one first.", true},
    {"AssocMaxSubmitJob", "You have as many jobs queued as your account allows: stop one first.", true},
    {"Unknown queue", "There is no such queue: qstat -Q lists them.", true},
    {"resource limits", "It asks for more than the queue allows: it could never start as asked.", true},
    {NULL, NULL, false},
};

const char *sched_refusal_hint(const char *err)
{
    for (int i = 0; err && refusals[i].prefix; i++)
        if (strcasestr(err, refusals[i].prefix))
            return refusals[i].text;
    return NULL;
}

/* ---- numbers ---- */

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

/* squeue's %S (2026-11-20T10:00:00) or PBS's estimated.start_time (Fri Nov
 * 20 10:00:00 2026), both local time. */
static bool parse_start(const char *when, time_t *out)
{
    static const char *const formats[] = {"%Y-%m-%dT%H:%M:%S", "%a %b %d %H:%M:%S %Y", NULL};
    for (int i = 0; formats[i]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(when, formats[i], &tm);
        if (end && *end == '\0') {
            tm.tm_isdst = -1;
            *out = mktime(&tm);
            return *out != (time_t)-1;
        }
    }
    return false;
}

bool format_start_in(StrBuf *sb, const char *when, double now)
{
    time_t t;
    if (!parse_start(when, &t))
        return false;
    struct tm tm;
    char clock[32];
    long in = (long)(t - (time_t)now);
    const char *fmt = in >= 86400 ? "%a %H:%M" : "%H:%M";
    if (!localtime_r(&t, &tm) || strftime(clock, sizeof clock, fmt, &tm) == 0)
        return false;
    strbuf_addf(sb, "%s (", clock);
    if (in < 60)
        strbuf_adds(sb, "any moment now");
    else if (in < 3600)
        strbuf_addf(sb, "in %ld min", (in + 59) / 60);
    else if (in < 86400)
        strbuf_addf(sb, "in %ld h %02ld min", in / 3600, (in % 3600 + 59) / 60 % 60);
    else
        strbuf_addf(sb, "in %ld days", (in + 43200) / 86400);
    strbuf_addc(sb, ')');
    return true;
}

static const char *signal_name(long sig)
{
    static const char *const names[] = {NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
                                        "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
                                        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};
    if (sig > 0 && sig < (long)(sizeof names / sizeof names[0]))
        return names[sig];
    if (sig == 24)
        return "SIGXCPU";
    return NULL;
}

static char *signal_text(long sig)
{
    const char *name = signal_name(sig);
    return name ? xasprintf("killed by %s", name) : xasprintf("killed by signal %ld", sig);
}

/* Slurm: "A:B", exit status A, signal B. PBS: a number, 256 + N for
 * signal N, below 0 PBS's own codes. */
char *job_exit_text(const char *exit_code)
{
    long a = 0, b = 0;
    const char *colon = strchr(exit_code, ':');
    if (!exit_code[0])
        return NULL;
    if (colon) {
        char *a_s = xstrndup(exit_code, (size_t)(colon - exit_code));
        bool ok = parse_long(a_s, 0, 255, &a) && parse_long(colon + 1, 0, 255, &b);
        free(a_s);
        if (!ok)
            return NULL;
        if (b > 0)
            return signal_text(b);
        return a ? xasprintf("exit status %ld", a) : NULL;
    }
    if (!parse_long(exit_code, -100000, 100000, &a) || a == 0)
        return NULL;
    if (a < 0)
        return xasprintf("PBS could not run it (its code %ld)", a);
    if (a > 256 && a < 256 + 64)
        return signal_text(a - 256);
    return xasprintf("exit status %ld", a);
}

/* ---- the whole line ---- */

static void pending_text(StrBuf *sb, const JobStatus *st, double now)
{
    strbuf_adds(sb, st->state[0] ? st->state : "PENDING");
    bool never = false;
    const char *why = st->reason[0] ? job_reason_text(st->reason, &never) : NULL;
    if (st->reason[0])
        strbuf_addf(sb, " (%s)", st->reason);
    if (why)
        strbuf_addf(sb, ": %s", why);
    if (never) {
        strbuf_adds(sb, "; it cannot start as asked: stop it and ask for less, or wait for the "
                        "administrators");
        return;
    }
    strbuf_adds(sb, why ? "; expected start " : ", expected start ");
    if (!st->start[0])
        strbuf_adds(sb, "not known yet");
    else if (!format_start_in(sb, st->start, now))
        strbuf_adds(sb, st->start);
}

static void ended_text(StrBuf *sb, const JobStatus *st)
{
    if (!job_status_final(st)) {
        /* the final state (COMPLETED, CANCELLED, TIMEOUT...) follows */
        strbuf_addf(sb, "ending: %s (the node is cleaning up)", st->state);
        return;
    }
    strbuf_addf(sb, "ended: %s", st->state[0] ? st->state : "ENDED");
    if (st->exit_code[0]) {
        strbuf_addf(sb, ", exit code %s", st->exit_code);
        char *what = job_exit_text(st->exit_code);
        if (what)
            strbuf_addf(sb, " (%s)", what);
        free(what);
    }
    if (st->detail[0])
        strbuf_addf(sb, " (%s)", st->detail);
}

void job_status_text_at(StrBuf *sb, const JobStatus *st, double now)
{
    switch (st->phase) {
    case JOB_UNKNOWN:
        strbuf_addf(sb, "unknown: the scheduler did not answer (%s); the job may still be running",
                    st->detail[0] ? st->detail : "no reply");
        break;
    case JOB_NOT_FOUND:
        strbuf_addf(sb, "no such job: %s", st->detail[0] ? st->detail : "the scheduler knows no job with this id");
        break;
    case JOB_PENDING:
        pending_text(sb, st, now);
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
        ended_text(sb, st);
        break;
    }
}

void job_status_text(StrBuf *sb, const JobStatus *st)
{
    job_status_text_at(sb, st, now_wall());
}
