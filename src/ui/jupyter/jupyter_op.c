/* The screen's operations in a child process; see jupyter_op.h. */
#include "ui/jupyter/jupyter_op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jupyter_op_init(JupyterOp *op)
{
    memset(op, 0, sizeof *op);
    cluster_task_init(&op->task);
}

bool jupyter_op_busy(const JupyterOp *op)
{
    return cluster_task_busy(&op->task);
}

static void copy_msg(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

typedef struct {
    JupyterOpKind kind;
    JupyterSession *js;
    const char *jobid;
} OpArg;

static void run_probe(JupyterSession *js, const char *jobid, JupyterOpResult *r)
{
    JupyterConn c;
    char *why = NULL;
    r->conn = jupyter_conn_check(js, jobid, 2.0, &c, &why);
    if (r->conn == CONN_VERIFIED || r->conn == CONN_UNREACHABLE) {
        copy_msg(r->host, sizeof r->host, c.host);
        copy_msg(r->path, sizeof r->path, c.path);
        r->port = c.port;
        char *token = jupyter_token_read(js, jobid);
        copy_msg(r->token, sizeof r->token, token);
        free(token);
    }
    if (r->conn != CONN_NONE)
        jupyter_conn_free(&c);
    copy_msg(r->err, sizeof r->err, why);
    free(why);
}

static void run_start(JupyterSession *js, JupyterOpResult *r)
{
    JupyterStart s;
    jupyter_start(js, sched_deadline(SCHED_BUDGET_S), &s);
    r->outcome = (int)s.outcome;
    r->result = (int)s.result;
    r->st = s.st;
    copy_msg(r->jobid, sizeof r->jobid, s.jobid);
    copy_msg(r->warnings, sizeof r->warnings, s.warnings.data);
    copy_msg(r->err, sizeof r->err, s.err);
    jupyter_start_free(&s);
}

/* In the child: run one operation, fill *r. */
static void run_op(void *arg, void *out)
{
    const OpArg *a = arg;
    JupyterOpResult *r = out;
    r->kind = a->kind;
    char *err = NULL;
    switch (a->kind) {
    case JUPYTER_OP_STATUS:
        a->js->sched->status(a->jobid, sched_deadline(SCHED_BUDGET_S), &r->st);
        jupyter_status_known(a->js, a->jobid, &r->st);
        jupyter_record_status(a->js, a->jobid, &r->st);
        r->result = r->st.phase == JOB_UNKNOWN ? SCHED_NO_ANSWER : SCHED_OK;
        break;
    case JUPYTER_OP_START:
        run_start(a->js, r);
        break;
    case JUPYTER_OP_CANCEL:
        r->result = a->js->sched->cancel(a->jobid, sched_deadline(SCHED_BUDGET_S), &err);
        copy_msg(r->err, sizeof r->err, err);
        free(err);
        break;
    case JUPYTER_OP_PROBE:
        run_probe(a->js, a->jobid, r);
        break;
    case JUPYTER_OP_NONE:
        break;
    }
}

bool jupyter_op_start(JupyterOp *op, JupyterOpKind kind, JupyterSession *js, const char *jobid)
{
    OpArg arg = {kind, js, jobid}; /* the child has its own copy from fork() */
    if (!cluster_task_start(&op->task, run_op, &arg, sizeof(JupyterOpResult)))
        return false;
    op->kind = kind;
    return true;
}

bool jupyter_op_read(JupyterOp *op, JupyterOpResult *out)
{
    int got = cluster_task_read(&op->task, out);
    if (got == 0)
        return false;
    if (got < 0) { /* the child died before a whole result */
        memset(out, 0, sizeof *out);
        out->kind = op->kind;
        out->result = SCHED_NO_ANSWER;
        out->outcome = START_FAILED;
        out->st.phase = JOB_UNKNOWN;
        out->st.time_left_s = -1;
        snprintf(out->st.state, sizeof out->st.state, "UNKNOWN");
        snprintf(out->st.detail, sizeof out->st.detail, "the status check ended early");
        snprintf(out->err, sizeof out->err, "the scheduler command ended early");
    }
    return true;
}

void jupyter_op_abandon(JupyterOp *op)
{
    cluster_task_abandon(&op->task);
}
