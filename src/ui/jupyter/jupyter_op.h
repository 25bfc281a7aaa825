/* ui/jupyter/jupyter_op: the screen's scheduler commands and connection
 * checks, off the UI's loop. The screen's hooks must not block, and squeue
 * can take seconds (a controller that does not answer: the whole budget),
 * so each operation runs in a child (cluster/'s ClusterTask) that writes
 * one fixed-size result into a pipe; the loop polls the pipe like any
 * other descriptor. */
#ifndef CORELAB_UI_JUPYTER_OP_H
#define CORELAB_UI_JUPYTER_OP_H

#include <stdbool.h>
#include <sys/types.h>

#include "cluster/cluster.h"

typedef enum {
    JUPYTER_OP_NONE,
    JUPYTER_OP_STATUS, /* the scheduler's word on the job */
    JUPYTER_OP_START,  /* the one start path: the live session, or a new job */
    JUPYTER_OP_CANCEL,
    JUPYTER_OP_PROBE,  /* is the listener the job's Jupyter? */
} JupyterOpKind;

typedef struct {
    JupyterOpKind kind;
    int result;         /* SchedResult */
    JobStatus st;       /* STATUS; START: the recorded job's */
    int outcome;        /* START: StartOutcome */
    char jobid[64];     /* START: the job submitted or attached to */
    char warnings[512]; /* START: what went wrong around it, a line each */
    char err[1024];     /* the scheduler's own words on failure; PROBE: what disagreed */
    int conn;           /* PROBE: ConnCheck */
    char host[256];     /* PROBE: where Jupyter listens */
    int port;
    char path[64];
    char token[80];
} JupyterOpResult;

typedef struct {
    ClusterTask task;
    JupyterOpKind kind;
} JupyterOp;

void jupyter_op_init(JupyterOp *op);
bool jupyter_op_busy(const JupyterOp *op);
/* Start an operation on job jobid (NULL for START); false when one is
 * already in flight or fork failed. */
bool jupyter_op_start(JupyterOp *op, JupyterOpKind kind, JupyterSession *js, const char *jobid);
/* After poll() said the fd is readable: true once the result is complete
 * (then *out is filled and the op is idle again; a child that died gives
 * an unknown state). */
bool jupyter_op_read(JupyterOp *op, JupyterOpResult *out);
/* Give up on the child (its whole group) and reap it. */
void jupyter_op_abandon(JupyterOp *op);

#endif
