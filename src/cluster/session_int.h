/* cluster/ internals shared by the files of the sessions directory:
 * session.c (paths, state file, token, log), record.c (a job's record),
 * start.c (submitting) and connect.c (what the job wrote). */
#ifndef CORELAB_CLUSTER_SESSION_INT_H
#define CORELAB_CLUSTER_SESSION_INT_H

#include "cluster/cluster.h"

/* <dir>/nb_session_<short id>.<ext> (caller frees). */
char *session_file(const JupyterSession *js, const char *jobid, const char *ext);
/* A small file of key=value lines (path is freed): its text, or NULL. */
char *key_file_read(char *path);
/* The value of key in such a text (caller frees), or NULL. */
char *key_value(const char *text, const char *key);
/* Record jobid as the directory's session. 0, or -1 with errno. */
int session_write_state(const JupyterSession *js, const char *jobid);

#endif
