/* libFuzzer target for the scheduler output parsers (cluster/slurm.c,
 * cluster/pbs.c): whatever sbatch, squeue, sacct, scontrol, qsub or qstat
 * print (a wrapper, a newer version, a broken node), every parser leaves
 * its fields NUL-terminated within their arrays and never crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"

static void check_status(const JobStatus *st)
{
    if (strnlen(st->state, sizeof st->state) == sizeof st->state ||
        strnlen(st->reason, sizeof st->reason) == sizeof st->reason ||
        strnlen(st->node, sizeof st->node) == sizeof st->node ||
        strnlen(st->start, sizeof st->start) == sizeof st->start ||
        strnlen(st->exit_code, sizeof st->exit_code) == sizeof st->exit_code ||
        strnlen(st->detail, sizeof st->detail) == sizeof st->detail)
        abort();
    if (st->phase < JOB_UNKNOWN || st->phase > JOB_ENDED || st->time_left_s < -1)
        abort();
    job_phase_name(st->phase);
    job_status_final(st);
}

static void check_jobid(bool ok, const char *jobid, size_t cap)
{
    size_t n = strnlen(jobid, cap);
    if (n == cap || (ok && n == 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    char jobid[64];
    check_jobid(slurm_parse_sbatch(s, jobid, sizeof jobid), jobid, sizeof jobid);
    check_jobid(pbs_parse_qsub(s, jobid, sizeof jobid), jobid, sizeof jobid);
    long d = slurm_parse_duration(s);
    if (d < -1)
        abort();
    JobPhase ph = slurm_state_phase(s);
    if (ph < JOB_UNKNOWN || ph > JOB_ENDED)
        abort();
    slurm_output_is_no_answer(s);

    JobStatus st;
    slurm_parse_squeue_line(s, &st);
    check_status(&st);
    slurm_parse_sacct(s, &st);
    check_status(&st);
    slurm_parse_scontrol(s, &st);
    check_status(&st);
    pbs_parse_qstat(s, &st);
    check_status(&st);

    JobList l = {0};
    pbs_parse_qstat_list(s, "alice", JUPYTER_JOB_NAME, &l);
    for (int i = 0; i < l.n; i++) {
        check_jobid(true, l.v[i].jobid, sizeof l.v[i].jobid);
        check_status(&l.v[i].st);
    }
    job_list_free(&l);
    free(s);
    return 0;
}
