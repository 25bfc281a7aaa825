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

typedef enum { JOP_NONE, JOP_STATUS, JOP_SUBMIT, JOP_CANCEL } JopKind;

typedef struct {
    JopKind kind;
    int result;       /* SchedResult */
    JobStatus st;     /* JOP_STATUS */
    bool conn_seen;   /* JOP_STATUS: the job had written host and port */
    bool port_ok;     /* ... and that port answered from here */
    char jobid[64];   /* JOP_SUBMIT: the new job */
    char warnings[512]; /* JOP_SUBMIT: what went wrong around it, a line each */
    char err[1024];   /* the scheduler's own words on failure */
} JopResult;

typedef struct {
    pid_t pid;        /* 0: none in flight */
    int fd;
    JopKind kind;
    double started;
    JopResult res;
    size_t got;
} JupyterOp;

void jop_init(JupyterOp *op);
bool jop_busy(const JupyterOp *op);
/* Start an operation; false when one is already in flight or fork failed. */
bool jop_start(JupyterOp *op, JopKind kind, JupyterSession *js, const char *jobid);
/* After poll() said the fd is readable: true once the result is complete
 * (then *out is filled and the op is idle again). */
bool jop_read(JupyterOp *op, JopResult *out);
/* Give up on the child (its whole group) and reap it. */
void jop_abandon(JupyterOp *op);

#endif
