/* `corelab jupyter status|stop|list|script`. status and stop find a job by
 * its id wherever it was started (its record, or where the scheduler says
 * its files are) and follow it with the settings it was started with; all
 * scheduler calls of one command share one short budget, and while the
 * scheduler does not answer, the last state it gave is shown with its
 * time, and the connection lines as long as Jupyter answers. */
#include "cluster/jupyter_cmd_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/term_safe.h"

/* The job given, or the directory's session; js moves to the job's
 * directory and takes its settings. */
static char *job_or_current(Cmd *cmd, JupyterSession *js, double deadline)
{
    char *id = cmd->jobid ? xstrdup(cmd->jobid) : jupyter_current_job(js);
    if (!id) {
        print_error(cmd->sub, "no session recorded in %s; give a JOBID or run corelab jupyter start", js->dir);
        return NULL;
    }
    jupyter_session_find(js, id, deadline);
    return id;
}

/* The job (see job_or_current) and its state from the scheduler within
 * budget seconds, corrected by what its record knows and kept in the
 * record; NULL when there is no job to ask about. */
static char *job_and_status(Cmd *cmd, JupyterSession *js, double budget, JobStatus *st)
{
    double deadline = sched_deadline(budget); /* finding it and asking, together */
    char *jobid = job_or_current(cmd, js, deadline);
    if (!jobid)
        return NULL;
    scheduler_status_retry(js->sched, jobid, deadline, st);
    jupyter_status_known(js, jobid, st);
    jupyter_record_status(js, jobid, st);
    return jobid;
}

int cmd_status(Cmd *cmd, JupyterSession *js)
{
    JobStatus st;
    char *jobid = job_and_status(cmd, js, SCHED_BUDGET_S, &st);
    if (!jobid)
        return 1;
    print_status_line(js, jobid, &st);
    char *why = NULL;
    /* while the scheduler is silent, Jupyter's own answer still counts */
    if ((st.phase == JOB_RUNNING || st.phase == JOB_UNKNOWN) && !print_connection(js, jobid, &why) &&
        st.phase == JOB_RUNNING) {
        char *safe = why ? term_safe(why) : NULL;
        if (safe)
            printf("Jupyter is not answering as it should: %s\n", safe);
        else
            printf("Jupyter is not listening yet.\n");
        free(safe);
    }
    free(why);
    /* COMPLETING is not the last word: keep the session until the final state */
    if (job_status_final(&st))
        jupyter_forget_job(js, jobid);
    if (st.phase != JOB_NOT_FOUND)
        print_tail(js, jobid, LOG_TAIL_LINES);
    if (job_status_alive(&st) || st.phase == JOB_UNKNOWN)
        print_stop_hint(js, jobid);
    free(jobid);
    return st.phase == JOB_UNKNOWN || st.phase == JOB_NOT_FOUND ? 1 : 0;
}

static bool confirm(const char *question)
{
    printf("%s [y/N] ", question);
    fflush(stdout);
    char line[32];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* Asked on the terminal, or --yes; without either, refused. */
static bool stop_confirmed(Cmd *cmd, const char *jobid, const JobStatus *st)
{
    if (cmd->yes)
        return true;
    if (!isatty(STDIN_FILENO)) {
        print_error(cmd->sub, "not stopping job %s without confirmation: no terminal to ask on; add --yes", jobid);
        return false;
    }
    StrBuf q;
    strbuf_init(&q);
    strbuf_addf(&q, "Stop job %s (", jobid);
    job_status_text(&q, st);
    strbuf_adds(&q, ")?");
    char *safe = term_safe(q.data);
    bool ok = confirm(safe);
    free(safe);
    strbuf_free(&q);
    if (!ok)
        printf("Not stopped.\n");
    return ok;
}

int cmd_stop(Cmd *cmd, JupyterSession *js)
{
    /* half the budget to ask, the rest to cancel: a controller that does
     * not answer costs one budget in all */
    double deadline = sched_deadline(SCHED_BUDGET_S);
    JobStatus st;
    char *jobid = job_and_status(cmd, js, SCHED_BUDGET_S / 2, &st);
    if (!jobid)
        return 1;
    int rc = 1;
    if (st.phase == JOB_ENDED || st.phase == JOB_NOT_FOUND) {
        print_status_line(js, jobid, &st);
        printf("Nothing to stop.\n");
        jupyter_forget_job(js, jobid);
        rc = st.phase == JOB_ENDED ? 0 : 1;
    } else if (stop_confirmed(cmd, jobid, &st)) {
        char *err = NULL;
        double cancel_by = now_monotonic() + 2.0 > deadline ? now_monotonic() + 2.0 : deadline;
        SchedResult r = js->sched->cancel(jobid, cancel_by, &err);
        if (r != SCHED_OK) {
            print_sched_failure(cmd->sub, js, js->sched->cancel_prog, r, &err);
        } else {
            printf("Cancelled job %s.\n", jobid);
            jupyter_forget_job(js, jobid);
            rc = 0;
        }
        free(err);
    }
    free(jobid);
    return rc;
}

int cmd_list(Cmd *cmd, JupyterSession *js)
{
    char *user = current_user_name();
    JobList l = {0};
    char *err = NULL;
    SchedResult r = js->sched->list(user, JUPYTER_JOB_NAME, sched_deadline(SCHED_BUDGET_S), &l, &err);
    free(user);
    if (r != SCHED_OK) {
        if (r == SCHED_NOT_FOUND)
            print_error(cmd->sub, "%s", err ? safe_text(&err) : "scheduler tools not found");
        else
            print_error(cmd->sub, "cannot list jobs (state unknown): %s", safe_text(&err));
        free(err);
        return 1;
    }
    char *cur = jupyter_current_job(js);
    if (l.n == 0)
        printf("No Jupyter jobs of yours in the queue.\n");
    for (int i = 0; i < l.n; i++) {
        StrBuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%-12s ", l.v[i].jobid);
        job_status_text(&sb, &l.v[i].st);
        char *line = term_safe(sb.data); /* the scheduler's words */
        printf("%s%s\n", line, cur && job_id_same(cur, l.v[i].jobid) ? "  (this directory's session)" : "");
        free(line);
        strbuf_free(&sb);
    }
    free(cur);
    job_list_free(&l);
    return 0;
}

int cmd_script(Cmd *cmd, JupyterSession *js)
{
    (void)cmd;
    char *s = cluster_job_script(&js->cfg, js->sched, js->dir, "nb_session_new_TOKEN.token");
    fputs(s, stdout);
    free(s);
    return 0;
}
