/* cluster/ internals shared by sched.c, slurm.c and pbs.c. */
#ifndef CORELAB_CLUSTER_SCHED_INT_H
#define CORELAB_CLUSTER_SCHED_INT_H

#include <stdio.h>

#include "cluster/cluster.h"
#include "util/spawn.h"

/* How long a scheduler command may take before its answer counts as none. */
#define SCHED_TIMEOUT_S 20.0

typedef struct {
    SchedResult result; /* OK, NOT_FOUND, FAILED (ran, non-zero), NO_ANSWER (timeout) */
    bool exit_ok;
    char *out;          /* merged output, or our description of the failure */
} ToolRun;

ToolRun tool_run(char *const argv[], const char *cwd, double timeout_s);
void tool_run_free(ToolRun *t);

char *trim_output(const char *s);
void copy_field(char *dst, size_t n, const char *src, size_t len);
void status_unknown(JobStatus *st, const char *why);
void status_clear(JobStatus *st);
void job_list_add(JobList *l, const char *jobid, const JobStatus *st);

/* Slurm's node_run_argv: `srun --cpus-per-task=N --ntasks=1 --quiet
 * [--partition=P] CORELAB SUBCOMMAND ARGS...` (srun.c). */
char **slurm_srun_argv(const char *corelab_path, int cpus, const char *partition, const char *subcommand,
                       char *const args[]);

#endif
