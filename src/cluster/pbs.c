/* PBS (Pro / OpenPBS): qsub, qstat -f, qdel. Output formats as
 * REFERENCE.md "PBS" gives them. */
#include "cluster/sched_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

bool pbs_parse_qsub(const char *out, char *jobid, size_t n)
{
    /* "123.server" on the last line */
    char *t = trim_output(out);
    char *line = strrchr(t, '\n');
    line = line ? line + 1 : t;
    bool ok = line[0] && isdigit((unsigned char)line[0]) && strlen(line) < n;
    for (const char *p = line; ok && *p; p++)
        ok = isalnum((unsigned char)*p) || strchr(".-_[]", *p);
    if (ok)
        snprintf(jobid, n, "%s", line);
    free(t);
    return ok;
}

/* "    key = value" within one block; false when absent. */
static bool qstat_value(const char *block, const char *key, char *dst, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = block; *p;) {
        const char *line = p;
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : line + strlen(line);
        while (*line == ' ' || *line == '\t')
            line++;
        if (strncmp(line, key, kl) != 0)
            continue;
        const char *q = line + kl;
        while (*q == ' ')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ')
            q++;
        copy_field(dst, n, q, strcspn(q, "\n"));
        return true;
    }
    return false;
}

static JobPhase pbs_state_phase(char s)
{
    switch (s) {
    case 'Q': case 'H': case 'W': case 'T': case 'S': case 'U': case 'M':
        return JOB_PENDING;
    case 'R': case 'B':
        return JOB_RUNNING;
    case 'E': case 'F': case 'X': case 'C':
        return JOB_ENDED;
    default:
        return JOB_UNKNOWN;
    }
}

static const char *pbs_state_word(char s)
{
    switch (s) {
    case 'Q': return "QUEUED";
    case 'H': return "HELD";
    case 'W': return "WAITING";
    case 'T': return "TRANSITING";
    case 'S': return "SUSPENDED";
    case 'R': return "RUNNING";
    case 'B': return "RUNNING";
    case 'E': return "EXITING";
    case 'F': case 'C': return "FINISHED";
    case 'X': return "FINISHED";
    default: return "UNKNOWN";
    }
}

bool pbs_parse_qstat(const char *out, JobStatus *st)
{
    char v[160];
    if (!qstat_value(out, "job_state", v, sizeof v) || !v[0])
        return false;
    status_clear(st);
    st->phase = pbs_state_phase(v[0]);
    copy_field(st->state, sizeof st->state, pbs_state_word(v[0]), strlen(pbs_state_word(v[0])));
    if (qstat_value(out, "exec_host", v, sizeof v)) {
        v[strcspn(v, "/+")] = '\0'; /* node01/0*2+node02/0*2 -> node01 */
        copy_field(st->node, sizeof st->node, v, strlen(v));
    }
    if (qstat_value(out, "comment", v, sizeof v))
        copy_field(st->reason, sizeof st->reason, v, strlen(v));
    if (qstat_value(out, "estimated.start_time", v, sizeof v) && st->phase == JOB_PENDING)
        copy_field(st->start, sizeof st->start, v, strlen(v));
    if (qstat_value(out, "Exit_status", v, sizeof v))
        copy_field(st->exit_code, sizeof st->exit_code, v, strlen(v));
    char wall[48], used[48];
    if (st->phase == JOB_RUNNING && qstat_value(out, "Resource_List.walltime", wall, sizeof wall)) {
        long total = slurm_parse_duration(wall);
        long spent = qstat_value(out, "resources_used.walltime", used, sizeof used)
                         ? slurm_parse_duration(used) : 0;
        if (total >= 0 && spent >= 0)
            st->time_left_s = total > spent ? total - spent : 0;
    }
    return st->phase != JOB_UNKNOWN;
}

void pbs_parse_qstat_list(const char *out, const char *user, const char *job_name, JobList *l)
{
    const char *p = out;
    while ((p = strstr(p, "Job Id:")) != NULL) {
        const char *next = strstr(p + 7, "Job Id:");
        size_t len = next ? (size_t)(next - p) : strlen(p);
        char *block = xstrndup(p, len);
        char id[64], owner[128], name[128];
        const char *idp = block + 7;
        while (*idp == ' ')
            idp++;
        copy_field(id, sizeof id, idp, strcspn(idp, " \n"));
        bool mine = id[0] && qstat_value(block, "Job_Owner", owner, sizeof owner) &&
                    strncmp(owner, user, strlen(user)) == 0 &&
                    (owner[strlen(user)] == '@' || owner[strlen(user)] == '\0') &&
                    qstat_value(block, "Job_Name", name, sizeof name) && strcmp(name, job_name) == 0;
        JobStatus st;
        if (mine && pbs_parse_qstat(block, &st))
            job_list_add(l, id, &st);
        free(block);
        p += len;
    }
}

static bool pbs_output_is_gone(const char *out)
{
    return strstr(out, "Unknown Job Id") || strstr(out, "Job has finished") ||
           strstr(out, "job has finished");
}

/* ---- commands ---- */

static SchedResult pbs_submit(const char *script, const char *cwd, char **jobid, char **err)
{
    char *argv[] = {"qsub", (char *)script, NULL};
    ToolRun t = tool_run(argv, cwd, SCHED_TIMEOUT_S);
    SchedResult r = t.result;
    char id[64];
    if (r == SCHED_OK && pbs_parse_qsub(t.out, id, sizeof id)) {
        *jobid = xstrdup(id);
    } else if (r == SCHED_OK) {
        r = SCHED_FAILED;
        char *o = trim_output(t.out);
        *err = xasprintf("qsub printed no job id: %s", o);
        free(o);
    } else {
        *err = trim_output(t.out);
    }
    tool_run_free(&t);
    return r;
}

static void pbs_status(const char *jobid, JobStatus *st)
{
    char *argv[] = {"qstat", "-f", (char *)jobid, NULL};
    ToolRun t = tool_run(argv, NULL, SCHED_TIMEOUT_S);
    if (t.result == SCHED_OK && pbs_parse_qstat(t.out, st)) {
        tool_run_free(&t);
        return;
    }
    if (!(t.result == SCHED_FAILED && pbs_output_is_gone(t.out))) {
        status_unknown(st, t.result == SCHED_OK ? "qstat printed no job_state" : t.out);
        tool_run_free(&t);
        return;
    }
    tool_run_free(&t);
    /* Finished: PBS Pro keeps the history behind -x. */
    char *hist[] = {"qstat", "-f", "-x", (char *)jobid, NULL};
    t = tool_run(hist, NULL, SCHED_TIMEOUT_S);
    bool done = t.result == SCHED_OK && pbs_parse_qstat(t.out, st);
    tool_run_free(&t);
    if (done)
        return;
    status_clear(st);
    st->phase = JOB_ENDED;
    snprintf(st->state, sizeof st->state, "FINISHED");
    snprintf(st->detail, sizeof st->detail, "no longer known to PBS");
}

static SchedResult pbs_cancel(const char *jobid, char **err)
{
    char *argv[] = {"qdel", (char *)jobid, NULL};
    ToolRun t = tool_run(argv, NULL, SCHED_TIMEOUT_S);
    SchedResult r = t.result;
    if (r != SCHED_OK)
        *err = trim_output(t.out);
    tool_run_free(&t);
    return r;
}

static SchedResult pbs_list(const char *user, const char *job_name, JobList *out, char **err)
{
    char *argv[] = {"qstat", "-f", NULL};
    ToolRun t = tool_run(argv, NULL, SCHED_TIMEOUT_S);
    SchedResult r = t.result;
    if (r == SCHED_OK)
        pbs_parse_qstat_list(t.out, user, job_name, out);
    else
        *err = trim_output(t.out);
    tool_run_free(&t);
    return r;
}

/* "4G" -> "4gb", "4096M" -> "4096mb", "4096" (Slurm's MB) -> "4096mb". */
static void pbs_mem(StrBuf *sb, const char *mem)
{
    size_t n = strlen(mem);
    char last = mem[n - 1];
    if (isdigit((unsigned char)last))
        strbuf_addf(sb, "%smb", mem);
    else
        strbuf_addf(sb, "%.*s%cb", (int)(n - 1), mem, tolower((unsigned char)last));
}

static void pbs_script_header(StrBuf *sb, const ClusterConfig *c, const char *log_dir)
{
    (void)log_dir; /* the script sends its own output to the log */
    strbuf_addf(sb, "#PBS -N %s\n", JUPYTER_JOB_NAME);
    if (c->partition[0])
        strbuf_addf(sb, "#PBS -q %s\n", c->partition);
    strbuf_addf(sb, "#PBS -l select=1:ncpus=%d", c->cpus);
    if (c->mem[0]) {
        strbuf_adds(sb, ":mem=");
        pbs_mem(sb, c->mem);
    }
    strbuf_addc(sb, '\n');
    long s = cluster_time_seconds(c->time);
    strbuf_addf(sb, "#PBS -l walltime=%ld:%02ld:%02ld\n", s / 3600, (s / 60) % 60, s % 60);
    if (c->account[0])
        strbuf_addf(sb, "#PBS -A %s\n", c->account);
    strbuf_adds(sb, "#PBS -j oe\n#PBS -o /dev/null\n");
}

const Scheduler scheduler_pbs = {
    .name = "pbs",
    .submit_prog = "qsub",
    .cancel_prog = "qdel",
    .jobid_var = "${PBS_JOBID%%.*}",
    .missing_hint = "corelab needs a PBS login node (or scheduler: slurm in the config)",
    .submit = pbs_submit,
    .status = pbs_status,
    .cancel = pbs_cancel,
    .list = pbs_list,
    .script_header = pbs_script_header,
    .script_output = "exec >>\"$log\" 2>&1\n"
                     "cd \"${PBS_O_WORKDIR:-$HOME}\"\n",
    .script_timer_why = "PBS has no --signal",
    .node_run_refusal = "demos on a node need Slurm's srun",
};
