/* What the subcommands of `corelab jupyter` print alike: the job's state
 * line, the connection lines, the log's tail, the stop hint, warnings and
 * a scheduler's failure. Text corelab did not write (the scheduler's
 * words, the log) goes through term_safe. */
#include "cluster/jupyter_cmd_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/term_safe.h"

const char *safe_text(char **err)
{
    StrBuf sb;
    strbuf_init(&sb);
    if (*err)
        term_safe_add(&sb, *err, strlen(*err), TERM_SAFE_KEEP_NEWLINE | TERM_SAFE_KEEP_TAB);
    free(*err);
    *err = strbuf_detach(&sb);
    return *err;
}

void print_error(const char *sub, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "corelab jupyter %s: ", sub);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void print_tail(const JupyterSession *js, const char *jobid, int n)
{
    char *raw_path = jupyter_log_path(js, jobid);
    char *path = term_safe(raw_path);
    char *tail = jupyter_log_tail(js, jobid, n);
    if (!tail) {
        printf("(no log yet at %s)\n", path);
    } else {
        /* The job's programs wrote the log: escape sequences and stray
         * carriage returns are shown, not obeyed. */
        printf("Last lines of %s:\n", path);
        StrBuf sb;
        strbuf_init(&sb);
        const char *cur = tail, *line;
        size_t len;
        while (text_next_line(&cur, &line, &len)) {
            strbuf_reset(&sb);
            term_safe_add(&sb, line, len, TERM_SAFE_KEEP_TAB);
            printf("  | %s\n", sb.data ? sb.data : "");
        }
        strbuf_free(&sb);
    }
    free(tail);
    free(path);
    free(raw_path);
}

void print_stop_hint(const JupyterSession *js, const char *jobid)
{
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_stop_hint(&sb, js, jobid);
    fputs(sb.data, stdout);
    strbuf_free(&sb);
}

static void print_safe_status(const char *prefix, const JobStatus *st)
{
    StrBuf sb;
    strbuf_init(&sb);
    job_status_text(&sb, st);
    char *text = term_safe(sb.data); /* the scheduler's words: reason, node, detail */
    printf("%s%s\n", prefix, text);
    free(text);
    strbuf_free(&sb);
}

/* While the scheduler does not answer: what it said last, and when. */
static void print_last_known(const JupyterSession *js, const char *jobid)
{
    JobRecord r;
    if (!jupyter_record_read(js, jobid, &r) || r.last_at <= 0)
        return;
    time_t t = (time_t)r.last_at;
    struct tm tm;
    char when[32] = "?";
    if (localtime_r(&t, &tm))
        strftime(when, sizeof when, "%H:%M:%S", &tm);
    long ago = (long)(now_wall() - r.last_at);
    JobStatus last = r.last;
    if (last.phase == JOB_RUNNING && last.time_left_s >= 0) /* it counted down since */
        last.time_left_s = last.time_left_s > ago ? last.time_left_s - ago : 0;
    char *prefix = ago < 120 ? xasprintf("last known at %s (%ld s ago): ", when, ago < 0 ? 0 : ago)
                             : xasprintf("last known at %s (%ld min ago): ", when, ago / 60);
    print_safe_status(prefix, &last);
    free(prefix);
}

void print_status_line(const JupyterSession *js, const char *jobid, const JobStatus *st)
{
    char *prefix = xasprintf("job %s: ", jobid);
    print_safe_status(prefix, st);
    free(prefix);
    if (st->phase == JOB_UNKNOWN)
        print_last_known(js, jobid);
    if (st->phase == JOB_RUNNING && st->time_left_s >= 0 && st->time_left_s <= 600)
        printf("WARNING: less than 10 minutes of walltime left: save your work now; "
               "Jupyter stops when the walltime ends.\n");
    fflush(stdout);
}

bool print_connection(const JupyterSession *js, const char *jobid, char **why)
{
    JupyterConn c;
    ConnCheck r = jupyter_conn_check(js, jobid, 2.0, &c, why);
    if (r == CONN_NONE || r == CONN_WRONG) {
        if (r == CONN_WRONG)
            jupyter_conn_free(&c);
        return false;
    }
    char *token = jupyter_token_read(js, jobid);
    if (r == CONN_UNREACHABLE)
        printf("note: %s:%d does not answer from this host (a firewall?); the ssh tunnel may still work.\n",
               c.host, c.port);
    printf("Jupyter is running on %s, port %d (job %s).\n", c.host, c.port, jobid);
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_connection_text(&sb, js, &c, token ? token : "(token file missing)");
    fputs(sb.data, stdout);
    fflush(stdout);
    strbuf_free(&sb);
    free(token);
    jupyter_conn_free(&c);
    return true;
}

void print_warnings(const char *warnings)
{
    const char *cur = warnings, *line;
    size_t len;
    while (text_next_line(&cur, &line, &len))
        fprintf(stderr, "corelab: warning: %.*s\n", (int)len, line);
}

void print_sched_failure(const char *sub, const JupyterSession *js, const char *prog, SchedResult r,
                         char **err)
{
    bool submit = strcmp(sub, "start") == 0;
    if (r == SCHED_NOT_FOUND) {
        print_error(sub, "%s not found on PATH: %s", prog, js->sched->missing_hint);
    } else if (r == SCHED_NO_ANSWER) {
        const char *said = safe_text(err);
        print_error(sub, "the scheduler's controller did not answer (%.*s); try again in a minute%s",
                    (int)strcspn(said, "\n"), said,
                    submit ? " (corelab jupyter list shows whether a job was submitted)" : "");
    } else if (submit) {
        const char *hint = sched_refusal_hint(*err);
        print_error(sub, "%s refused the job:\n%s%s%s", prog, safe_text(err), hint ? "\n" : "", hint ? hint : "");
    } else {
        print_error(sub, "%s failed: %s", prog, safe_text(err));
    }
}
