/* Scheduler commands in a child process; see jupyter_op.h. */
#include "ui/jupyter/jupyter_op.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void jupyter_op_init(JupyterOp *op)
{
    memset(op, 0, sizeof *op);
    op->fd = -1;
}

bool jupyter_op_busy(const JupyterOp *op)
{
    return op->pid > 0;
}

static void copy_msg(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* In the child: run one operation, fill *r. */
static void run_op(JupyterOpKind kind, JupyterSession *js, const char *jobid, JupyterOpResult *r)
{
    r->kind = kind;
    char *err = NULL;
    switch (kind) {
    case JUPYTER_OP_STATUS: {
        js->sched->status(jobid, &r->st);
        r->result = r->st.phase == JOB_UNKNOWN ? SCHED_NO_ANSWER : SCHED_OK;
        char *host = NULL;
        int port = 0;
        if (r->st.phase == JOB_RUNNING && jupyter_conn_read(js, jobid, &host, &port, NULL)) {
            r->conn_seen = true;
            r->port_ok = cluster_port_open(host, port, 2.0);
            free(host);
        }
        break;
    }
    case JUPYTER_OP_SUBMIT: {
        char *id = NULL;
        StrBuf warnings;
        strbuf_init(&warnings);
        r->result = jupyter_submit(js, &id, &warnings, &err);
        if (id)
            copy_msg(r->jobid, sizeof r->jobid, id);
        copy_msg(r->warnings, sizeof r->warnings, warnings.data);
        strbuf_free(&warnings);
        free(id);
        break;
    }
    case JUPYTER_OP_CANCEL:
        r->result = js->sched->cancel(jobid, &err);
        break;
    case JUPYTER_OP_NONE:
        break;
    }
    copy_msg(r->err, sizeof r->err, err);
    free(err);
}

static void child_main(int wfd, JupyterOpKind kind, JupyterSession *js, const char *jobid)
{
    /* the parent's handlers (resize, quit) are not ours; our own group so
     * that the parent can end us and what we spawned together */
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGWINCH, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    JupyterOpResult r;
    memset(&r, 0, sizeof r);
    run_op(kind, js, jobid, &r);
    (void)write_all(wfd, &r, sizeof r); /* the parent reports a short result */
    _exit(0); /* no atexit handlers: they belong to the parent's terminal */
}

bool jupyter_op_start(JupyterOp *op, JupyterOpKind kind, JupyterSession *js, const char *jobid)
{
    if (jupyter_op_busy(op))
        return false;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        close(p[0]);
        child_main(p[1], kind, js, jobid);
    }
    close(p[1]);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    op->pid = pid;
    op->fd = p[0];
    op->kind = kind;
    op->started = now_monotonic();
    op->got = 0;
    memset(&op->res, 0, sizeof op->res);
    return true;
}

static void finish(JupyterOp *op)
{
    if (op->fd >= 0)
        close(op->fd);
    op->fd = -1;
    if (op->pid > 0) {
        int st;
        while (waitpid(op->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    op->pid = 0;
}

bool jupyter_op_read(JupyterOp *op, JupyterOpResult *out)
{
    if (!jupyter_op_busy(op))
        return false;
    for (;;) {
        ssize_t n = read(op->fd, (char *)&op->res + op->got, sizeof op->res - op->got);
        if (n > 0) {
            op->got += (size_t)n;
            if (op->got < sizeof op->res)
                continue;
            *out = op->res;
            finish(op);
            return true;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return false;
        /* EOF before a whole result: the child died */
        memset(out, 0, sizeof *out);
        out->kind = op->kind;
        out->result = SCHED_NO_ANSWER;
        out->st.phase = JOB_UNKNOWN;
        out->st.time_left_s = -1;
        snprintf(out->st.state, sizeof out->st.state, "UNKNOWN");
        snprintf(out->st.detail, sizeof out->st.detail, "the status check ended early");
        snprintf(out->err, sizeof out->err, "the scheduler command ended early");
        finish(op);
        return true;
    }
}

void jupyter_op_abandon(JupyterOp *op)
{
    if (op->pid > 0) {
        kill(-op->pid, SIGKILL);
        kill(op->pid, SIGKILL);
    }
    finish(op);
}
