/* cluster/ internals shared by sched.c, slurm.c, pbs.c and the status texts. */
#ifndef CORELAB_CLUSTER_SCHED_INT_H
#define CORELAB_CLUSTER_SCHED_INT_H

#include <stdio.h>

#include "cluster/cluster.h"
#include "util/spawn.h"

typedef struct {
    SchedResult result; /* OK, NOT_FOUND, FAILED (ran, non-zero), NO_ANSWER (timeout) */
    bool exit_ok;
    char *out;          /* merged output, or our description of the failure */
} ToolRun;

/* argv within what is left until deadline (monotonic): NO_ANSWER when it
 * runs past it, or when nothing is left to start it with. */
ToolRun tool_run(char *const argv[], double deadline);
void tool_run_free(ToolRun *t);

/* A submission: the job id parse() finds in the output, else *err (the
 * tool's own words); a failure whose words no_answer() recognises (the
 * controller did not answer) is NO_ANSWER, not a refusal. */
SchedResult sched_submit(char *const argv[], double deadline, bool (*parse)(const char *, char *, size_t),
                         bool (*no_answer)(const char *), char **jobid, char **err);
/* A command whose output only matters when it fails (cancel). */
SchedResult sched_simple(char *const argv[], double deadline, bool (*no_answer)(const char *), char **err);

char *trim_output(const char *s);
void copy_field(char *dst, size_t n, const char *src, size_t len);
void status_unknown(JobStatus *st, const char *why);
void status_clear(JobStatus *st);
void job_list_add(JobList *l, const char *jobid, const JobStatus *st);

/* Slurm's node_run_argv: `srun --cpus-per-task=N --ntasks=1
 * [--partition=P] CORELAB SUBCOMMAND ARGS...` (srun.c). */
char **slurm_srun_argv(const char *corelab_path, int cpus, const char *partition, const char *subcommand,
                       char *const args[]);

#endif
