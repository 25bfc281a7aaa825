/* ui/jupyter/jupyter_op: one scheduler command at a time, off the UI's
 * loop. The screen's hooks must not block, and squeue can take seconds (a
 * controller that does not answer: many), so each operation runs in a
 * fork()ed child that writes one fixed-size result into a pipe; the loop
 * polls the pipe like any other descriptor. The UI has no threads, so the
 * child may use everything the parent could. */
#ifndef CORELAB_UI_JUPYTER_OP_H
#define CORELAB_UI_JUPYTER_OP_H

#include <stdbool.h>
#include <sys/types.h>

#include "cluster/cluster.h"

typedef enum { JUPYTER_OP_NONE, JUPYTER_OP_STATUS, JUPYTER_OP_SUBMIT, JUPYTER_OP_CANCEL } JupyterOpKind;

typedef struct {
    JupyterOpKind kind;
    int result;       /* SchedResult */
    JobStatus st;     /* JUPYTER_OP_STATUS */
    bool conn_seen;   /* JUPYTER_OP_STATUS: the job had written host and port */
    bool port_ok;     /* ... and that port answered from here */
    char jobid[64];   /* JUPYTER_OP_SUBMIT: the new job */
    char warnings[512]; /* JUPYTER_OP_SUBMIT: what went wrong around it, a line each */
    char err[1024];   /* the scheduler's own words on failure */
} JupyterOpResult;

typedef struct {
    pid_t pid;        /* 0: none in flight */
    int fd;
    JupyterOpKind kind;
    double started;
    JupyterOpResult res;
    size_t got;
} JupyterOp;

void jupyter_op_init(JupyterOp *op);
bool jupyter_op_busy(const JupyterOp *op);
/* Start an operation; false when one is already in flight or fork failed. */
bool jupyter_op_start(JupyterOp *op, JupyterOpKind kind, JupyterSession *js, const char *jobid);
/* After poll() said the fd is readable: true once the result is complete
 * (then *out is filled and the op is idle again). */
bool jupyter_op_read(JupyterOp *op, JupyterOpResult *out);
/* Give up on the child (its whole group) and reap it. */
void jupyter_op_abandon(JupyterOp *op);

#endif
