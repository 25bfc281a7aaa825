/* `corelab jupyter`'s files: jupyter_cmd.c (the table of subcommands, the
 * arguments, the config's problems), jupyter_print.c (what every
 * subcommand prints the same way), jupyter_start_cmd.c (start and waiting)
 * and jupyter_manage_cmd.c (status, stop, list, script). */
#ifndef CORELAB_CLUSTER_JUPYTER_CMD_INT_H
#define CORELAB_CLUSTER_JUPYTER_CMD_INT_H

#include "cluster/cluster.h"

#define LOG_TAIL_LINES 15

typedef struct Subcommand Subcommand;

typedef struct {
    const char *sub;            /* its name, for messages */
    const Subcommand *command;
    ClusterConfig cfg;
    const char *jobid;
    bool wait;
    bool yes;
} Cmd;

/* ---- the subcommands ---- */
int cmd_start(Cmd *cmd, JupyterSession *js);
int cmd_status(Cmd *cmd, JupyterSession *js);
int cmd_stop(Cmd *cmd, JupyterSession *js);
int cmd_script(Cmd *cmd, JupyterSession *js);
int cmd_list(Cmd *cmd, JupyterSession *js);

/* ---- jupyter_print.c ---- */
/* A tool's message (*err, NULL: "") made safe to print, lines kept; it
 * replaces *err, which the caller frees as before. */
const char *safe_text(char **err);
void print_tail(const JupyterSession *js, const char *jobid, int n);
void print_stop_hint(const JupyterSession *js, const char *jobid);
/* "job 12: RUNNING on vm, 1:00:00 left", the walltime warning, and while
 * the scheduler does not answer, the last state it gave and when. */
void print_status_line(const JupyterSession *js, const char *jobid, const JobStatus *st);
/* The connection lines once the listener is the job's Jupyter (or
 * answers nothing from here: with a note). false: not (yet); *why says
 * what disagreed when something else answers (caller frees). */
bool print_connection(const JupyterSession *js, const char *jobid, char **why);
/* What a call returned besides its result, one "warning:" line each. */
void print_warnings(const char *warnings);
/* "corelab jupyter SUB: msg" on stderr. */
void print_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Why a scheduler command failed, for sub (prog: the program that ran). */
void print_sched_failure(const char *sub, const JupyterSession *js, const char *prog, SchedResult r,
                         char **err);

#endif
