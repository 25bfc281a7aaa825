/* `corelab jupyter start [--wait]`: the one start path (cluster/start.c),
 * then, with --wait, following the job until Jupyter answers. The URL is
 * printed as soon as the job writes its host/port file (watched with
 * inotify, or stat every 100 ms) and Jupyter's API answers the job's
 * token; the scheduler is asked every 2 s in a child, so that a slow
 * controller never holds the URL back. Ctrl-C stops waiting, not the job,
 * and says how to check and stop it. */
#include "cluster/jupyter_cmd_int.h"
#include "cluster/sched_int.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATUS_EVERY_S 2.0
#define UNKNOWN_GIVE_UP_S 300.0

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct {
    const JupyterSession *js;
    const char *jobid;
} StatusArg;

static void status_in_child(void *arg, void *out)
{
    const StatusArg *a = arg;
    a->js->sched->status(a->jobid, sched_deadline(SCHED_BUDGET_S), out);
}

typedef struct {
    const JupyterSession *js;
    const char *jobid;
    PathWatch conn;
    ClusterTask task;
    double next_status;
    double unknown_since;
    char last[512];     /* the state line printed last */
    char *wrong;        /* what answered instead of Jupyter, said once */
} Waiter;

/* 0 Jupyter answers (printed), 1 not yet. */
static int try_connection(Waiter *w)
{
    char *why = NULL;
    if (print_connection(w->js, w->jobid, &why)) {
        print_stop_hint(w->js, w->jobid);
        free(why);
        return 0;
    }
    if (why && (!w->wrong || strcmp(why, w->wrong) != 0)) {
        printf("note: %s; waiting for the job's Jupyter.\n", why);
        fflush(stdout);
        free(w->wrong);
        w->wrong = why;
    } else {
        free(why);
    }
    return 1;
}

/* A status from the child: printed when it changed. 1 the job ended (or
 * the scheduler stayed silent too long), 0 go on. */
static int on_status(Waiter *w, JobStatus *st)
{
    jupyter_status_known(w->js, w->jobid, st);
    jupyter_record_status(w->js, w->jobid, st);
    char *key = xasprintf("%d|%s|%s|%s|%s|%s", (int)st->phase, st->state, st->reason, st->node, st->start,
                          st->detail);
    if (strcmp(key, w->last) != 0) {
        print_status_line(w->js, w->jobid, st);
        snprintf(w->last, sizeof w->last, "%s", key);
    }
    free(key);
    double now = now_monotonic();
    if (st->phase != JOB_UNKNOWN) {
        w->unknown_since = -1;
    } else if (w->unknown_since < 0) {
        w->unknown_since = now;
    } else if (now - w->unknown_since > UNKNOWN_GIVE_UP_S) {
        printf("The scheduler has not answered for %.0f s; job %s may still be running.\n"
               "Check later with: corelab jupyter status %s\n", UNKNOWN_GIVE_UP_S, w->jobid, w->jobid);
        return 1;
    }
    if (st->phase == JOB_ENDED || st->phase == JOB_NOT_FOUND) {
        printf("Job %s ended before Jupyter was ready.\n", w->jobid);
        print_tail(w->js, w->jobid, LOG_TAIL_LINES);
        jupyter_forget_job(w->js, w->jobid);
        return 1;
    }
    return 0;
}

/* One round: poll the file and the child, then act on what happened.
 * -1 go on, else the exit status. */
static int wait_round(Waiter *w, StatusArg *arg)
{
    double now = now_monotonic();
    if (!cluster_task_busy(&w->task) && now >= w->next_status) {
        cluster_task_start(&w->task, status_in_child, arg, sizeof(JobStatus));
        w->next_status = now + STATUS_EVERY_S;
    }
    struct pollfd fds[2] = {{.fd = path_watch_fd(&w->conn), .events = POLLIN},
                            {.fd = cluster_task_busy(&w->task) ? w->task.fd : -1, .events = POLLIN}};
    int ms = path_watch_timeout_ms(&w->conn, now);
    poll(fds, 2, ms);
    if (interrupted)
        return 130;
    if (path_watch_changed(&w->conn, now_monotonic()) && try_connection(w) == 0)
        return 0;
    JobStatus st;
    int got = (fds[1].revents & (POLLIN | POLLHUP)) ? cluster_task_read(&w->task, &st) : 0;
    if (got < 0)
        status_unknown(&st, "the status check ended early");
    if (got != 0 && on_status(w, &st))
        return 1;
    /* RUNNING: the file may have come while we were busy */
    if (got > 0 && st.phase == JOB_RUNNING && try_connection(w) == 0)
        return 0;
    return -1;
}

static int wait_for_jupyter(const JupyterSession *js, const char *jobid, const JobStatus *known)
{
    struct sigaction sa = {.sa_handler = on_interrupt}, old;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &old);
    if (!known || known->phase != JOB_RUNNING)
        printf("Waiting for the job to start (Ctrl-C stops waiting, not the job)...\n");
    fflush(stdout);
    Waiter w = {.js = js, .jobid = jobid, .unknown_since = -1};
    StatusArg arg = {js, jobid};
    char *path = jupyter_conn_path(js, jobid);
    path_watch_open(&w.conn, path);
    free(path);
    cluster_task_init(&w.task);
    int rc = try_connection(&w) == 0 ? 0 : -1;
    while (rc < 0)
        rc = wait_round(&w, &arg);
    sigaction(SIGINT, &old, NULL);
    cluster_task_abandon(&w.task);
    path_watch_close(&w.conn);
    free(w.wrong);
    if (rc == 130)
        printf("\nStopped waiting; job %s goes on (and holds its place in the queue).\n"
               "Check it with: corelab jupyter status %s\n"
               "Stop it with:  corelab jupyter stop %s\n", jobid, jobid, jobid);
    return rc;
}

/* Jobs of ours started from another directory (another sessions dir): not
 * reattached to, but not forgotten either. A failing list says nothing. */
static void note_other_sessions(const JupyterSession *js, const char *jobid, double deadline)
{
    char *user = current_user_name();
    JobList l = {0};
    char *err = NULL;
    if (js->sched->list(user, JUPYTER_JOB_NAME, deadline, &l, &err) == SCHED_OK) {
        for (int i = 0; i < l.n; i++)
            if (job_status_alive(&l.v[i].st) && !job_id_same(l.v[i].jobid, jobid))
                printf("Note: your Jupyter job %s (%s) from another directory still holds an allocation; "
                       "stop it with: corelab jupyter stop %s\n",
                       l.v[i].jobid, l.v[i].st.state, l.v[i].jobid);
    }
    free(err);
    free(user);
    job_list_free(&l);
}

/* What the start path did, said; 0 to go on, else the exit status. */
static int report_start(Cmd *cmd, JupyterSession *js, JupyterStart *s, double deadline)
{
    switch (s->outcome) {
    case START_UNSURE:
        print_status_line(js, s->jobid, &s->st);
        printf("Not submitting another job while job %s may still be running; try again.\n", s->jobid);
        print_stop_hint(js, s->jobid);
        return 1;
    case START_ATTACHED:
        printf("Reattaching to your session: job %s (no new job submitted).\n", s->jobid);
        print_status_line(js, s->jobid, &s->st);
        return 0;
    case START_SUBMITTED: {
        print_warnings(s->warnings.data);
        char *log = jupyter_log_path(js, s->jobid);
        printf("Submitted job %s; its log is %s\n", s->jobid, log);
        free(log);
        note_other_sessions(js, s->jobid, deadline);
        return 0;
    }
    case START_FAILED:
        print_sched_failure(cmd->sub, js, js->sched->submit_prog, s->result, &s->err);
        return 1;
    }
    return 1;
}

int cmd_start(Cmd *cmd, JupyterSession *js)
{
    double deadline = sched_deadline(SCHED_BUDGET_S);
    JupyterStart s;
    jupyter_start(js, deadline, &s);
    int rc = report_start(cmd, js, &s, deadline);
    if (rc == 0 && cmd->wait) {
        rc = wait_for_jupyter(js, s.jobid, s.outcome == START_ATTACHED ? &s.st : NULL);
    } else if (rc == 0) {
        if (!print_connection(js, s.jobid, NULL))
            printf("See how it is doing with: corelab jupyter status %s (or start again with --wait)\n", s.jobid);
        print_stop_hint(js, s.jobid);
    }
    jupyter_start_free(&s);
    return rc;
}
