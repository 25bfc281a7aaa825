/* Slurm: sbatch --parsable, squeue, sacct (or scontrol when accounting is
 * off), scancel. Output formats as REFERENCE.md "Slurm" gives them. */
#include "cluster/sched_int.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

bool slurm_parse_sbatch(const char *out, char *jobid, size_t n)
{
    /* "jobid" or "jobid;cluster", possibly after warnings: the last line. */
    char *t = trim_output(out);
    char *line = strrchr(t, '\n');
    line = line ? line + 1 : t;
    line[strcspn(line, ";")] = '\0';
    bool ok = line[0] && strspn(line, "0123456789_") == strlen(line) && strlen(line) < n;
    if (ok)
        snprintf(jobid, n, "%s", line);
    free(t);
    return ok;
}

long slurm_parse_duration(const char *s)
{
    /* [days-][hours:]minutes:seconds, as %L and sacct print them */
    return cluster_duration_seconds(s, false);
}

JobPhase slurm_state_phase(const char *state)
{
    static const char *const pending[] = {"PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD",
                                          "REQUEUE_FED", "RESV_DEL_HOLD", "SUSPENDED", "STOPPED",
                                          "RESIZING", NULL};
    static const char *const ended[] = {"COMPLETED", "COMPLETING", "CANCELLED", "FAILED", "TIMEOUT",
                                        "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE",
                                        "OUT_OF_MEMORY", "REVOKED", "SPECIAL_EXIT", NULL};
    /* sacct writes "CANCELLED by 1000" */
    size_t n = strcspn(state, " +");
    for (int i = 0; pending[i]; i++)
        if (strlen(pending[i]) == n && strncmp(state, pending[i], n) == 0)
            return JOB_PENDING;
    if (n == 7 && strncmp(state, "RUNNING", 7) == 0)
        return JOB_RUNNING;
    for (int i = 0; ended[i]; i++)
        if (strlen(ended[i]) == n && strncmp(state, ended[i], n) == 0)
            return JOB_ENDED;
    return JOB_UNKNOWN;
}

/* Split s at '|' into at most max fields (pointers into s, which is changed). */
static int split_bars(char *s, char **f, int max)
{
    int n = 0;
    while (n < max) {
        f[n++] = s;
        char *bar = strchr(s, '|');
        if (!bar)
            break;
        *bar = '\0';
        s = bar + 1;
    }
    return n;
}

static bool is_set(const char *v)
{
    return v[0] && strcmp(v, "N/A") != 0 && strcmp(v, "(null)") != 0 && strcmp(v, "None") != 0 &&
           strcmp(v, "Unknown") != 0;
}

bool slurm_parse_squeue_line(const char *line, JobStatus *st)
{
    /* %T|%r|%N|%L|%S */
    char *s = trim_output(line);
    char *f[5];
    int n = split_bars(s, f, 5);
    status_clear(st);
    bool ok = n == 5 && f[0][0];
    if (ok) {
        st->phase = slurm_state_phase(f[0]);
        copy_field(st->state, sizeof st->state, f[0], strlen(f[0]));
        if (is_set(f[1]))
            copy_field(st->reason, sizeof st->reason, f[1], strlen(f[1]));
        if (is_set(f[2]))
            copy_field(st->node, sizeof st->node, f[2], strlen(f[2]));
        st->time_left_s = slurm_parse_duration(f[3]);
        if (st->phase == JOB_PENDING && is_set(f[4]))
            copy_field(st->start, sizeof st->start, f[4], strlen(f[4]));
        if (st->phase == JOB_UNKNOWN)
            snprintf(st->detail, sizeof st->detail, "state %s not understood", f[0]);
    }
    free(s);
    return ok;
}

/* sacct writes "CANCELLED by 1000": name the user who cancelled the job
 * ("CANCELLED by alice"), the uid when there is no such user. */
static void name_canceller(char *state, size_t cap)
{
    char *by = strstr(state, " by ");
    if (!by || !by[4] || strspn(by + 4, "0123456789") != strlen(by + 4) || strlen(by + 4) > 9)
        return;
    struct passwd *pw = getpwuid((uid_t)strtoul(by + 4, NULL, 10));
    const char *name = pw ? pw->pw_name : NULL;
    for (const char *c = name; c && *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
            name = NULL; /* printed as it is: only a plain name replaces the uid */
    if (name && *name)
        snprintf(by + 4, cap - (size_t)(by + 4 - state), "%s", name);
}

bool slurm_parse_sacct(const char *out, JobStatus *st)
{
    /* State|ExitCode|NodeList, one line per job (-X) */
    char *s = trim_output(out);
    s[strcspn(s, "\n")] = '\0';
    char *f[3];
    int n = split_bars(s, f, 3);
    bool ok = n == 3 && f[0][0] && slurm_state_phase(f[0]) != JOB_UNKNOWN;
    if (ok) {
        status_clear(st);
        st->phase = slurm_state_phase(f[0]);
        copy_field(st->state, sizeof st->state, f[0], strlen(f[0]));
        name_canceller(st->state, sizeof st->state);
        copy_field(st->exit_code, sizeof st->exit_code, f[1], strlen(f[1]));
        if (is_set(f[2]) && strcmp(f[2], "None assigned") != 0)
            copy_field(st->node, sizeof st->node, f[2], strlen(f[2]));
    }
    free(s);
    return ok;
}

/* Value of "Key=" in `scontrol show job -o` output (space-separated). */
static bool slurm_scontrol_value(const char *out, const char *key, char *dst, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = out; (p = strstr(p, key)) != NULL; p += kl) {
        if ((p == out || isspace((unsigned char)p[-1])) && p[kl] == '=') {
            const char *v = p + kl + 1;
            copy_field(dst, n, v, strcspn(v, " \t\n"));
            return true;
        }
    }
    return false;
}

bool slurm_parse_scontrol(const char *out, JobStatus *st)
{
    char state[48], v[160];
    if (!slurm_scontrol_value(out, "JobState", state, sizeof state))
        return false;
    status_clear(st);
    st->phase = slurm_state_phase(state);
    copy_field(st->state, sizeof st->state, state, strlen(state));
    if (slurm_scontrol_value(out, "ExitCode", v, sizeof v))
        copy_field(st->exit_code, sizeof st->exit_code, v, strlen(v));
    if (slurm_scontrol_value(out, "NodeList", v, sizeof v) && is_set(v))
        copy_field(st->node, sizeof st->node, v, strlen(v));
    if (slurm_scontrol_value(out, "Reason", v, sizeof v) && is_set(v))
        copy_field(st->reason, sizeof st->reason, v, strlen(v));
    return st->phase != JOB_UNKNOWN;
}

bool slurm_output_is_no_answer(const char *out)
{
    static const char *const signs[] = {"Socket timed out", "Unable to contact slurm controller",
                                        "Connection refused", "Zero Bytes were transmitted",
                                        "Communication connection failure", "Slurm backup controller in standby",
                                        NULL};
    for (int i = 0; signs[i]; i++)
        if (strstr(out, signs[i]))
            return true;
    return false;
}

/* ---- commands ---- */

static SchedResult slurm_submit(const char *script, double deadline, char **jobid, char **err)
{
    char *argv[] = {"sbatch", "--parsable", (char *)script, NULL};
    return sched_submit(argv, deadline, slurm_parse_sbatch, slurm_output_is_no_answer, jobid, err);
}

/* The job left the queue, or never was in it: sacct, else scontrol (which
 * remembers an ended job for MinJobAge seconds when accounting is off). */
static void slurm_ended(const char *jobid, double deadline, JobStatus *st, const char *squeue_state)
{
    char *sacct[] = {"sacct", "-j", (char *)jobid, "-X", "-n", "-P", "-o", "State,ExitCode,NodeList", NULL};
    ToolRun t = tool_run(sacct, deadline);
    bool done = t.result == SCHED_OK && slurm_parse_sacct(t.out, st);
    /* sacct answered and has no such job: accounting is on and never saw it */
    bool no_record = t.result == SCHED_OK && !done && !strchr(t.out, '|');
    tool_run_free(&t);
    if (done)
        return;
    char *sc[] = {"scontrol", "show", "job", "-o", (char *)jobid, NULL};
    t = tool_run(sc, deadline);
    done = t.result == SCHED_OK && slurm_parse_scontrol(t.out, st);
    bool invalid = t.result == SCHED_FAILED && strstr(t.out, "Invalid job id") && !slurm_output_is_no_answer(t.out);
    if (!done && !invalid && !squeue_state[0])
        status_unknown(st, t.out);
    tool_run_free(&t);
    if (done || (!invalid && !squeue_state[0]))
        return;
    status_clear(st);
    if (squeue_state[0]) { /* squeue saw it ending */
        st->phase = JOB_ENDED;
        copy_field(st->state, sizeof st->state, squeue_state, strlen(squeue_state));
        snprintf(st->detail, sizeof st->detail, "no longer in the queue");
        return;
    }
    st->phase = JOB_NOT_FOUND;
    snprintf(st->state, sizeof st->state, "NOT FOUND");
    snprintf(st->detail, sizeof st->detail, "Slurm knows no job %.60s%s", jobid,
             no_record ? " (mistyped?)" : " (mistyped, or it ended long ago)");
}

static void slurm_status(const char *jobid, double deadline, JobStatus *st)
{
    char *argv[] = {"squeue", "-h", "-j", (char *)jobid, "-o", "%T|%r|%N|%L|%S", NULL};
    ToolRun t = tool_run(argv, deadline);
    char ended_state[48] = "";
    bool gone = false;
    if (t.result == SCHED_OK) {
        char *o = trim_output(t.out);
        o[strcspn(o, "\n")] = '\0';
        if (!o[0]) {
            gone = true; /* squeue -j lists nothing once the job is done */
        } else if (slurm_parse_squeue_line(o, st) && st->phase != JOB_ENDED) {
            free(o);
            tool_run_free(&t);
            return;
        } else if (st->phase == JOB_ENDED) {
            snprintf(ended_state, sizeof ended_state, "%s", st->state);
            gone = true;
        } else {
            status_unknown(st, o[0] ? o : "squeue printed nothing useful");
        }
        free(o);
    } else if (t.result == SCHED_FAILED && strstr(t.out, "Invalid job id") &&
               !slurm_output_is_no_answer(t.out)) {
        gone = true;
    } else {
        status_unknown(st, t.out);
    }
    tool_run_free(&t);
    if (gone)
        slurm_ended(jobid, deadline, st, ended_state);
}

static SchedResult slurm_cancel(const char *jobid, double deadline, char **err)
{
    char *argv[] = {"scancel", (char *)jobid, NULL};
    return sched_simple(argv, deadline, slurm_output_is_no_answer, err);
}

static SchedResult slurm_list(const char *user, const char *job_name, double deadline, JobList *out, char **err)
{
    char *argv[] = {"squeue", "-h", "-u", (char *)user, "-n", (char *)job_name,
                    "-o", "%i|%T|%r|%N|%L|%S", NULL};
    ToolRun t = tool_run(argv, deadline);
    SchedResult r = t.result;
    if (r != SCHED_OK) {
        *err = trim_output(t.out);
        tool_run_free(&t);
        return r;
    }
    char *save = NULL;
    for (char *line = strtok_r(t.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *bar = strchr(line, '|');
        if (!bar)
            continue;
        *bar = '\0';
        JobStatus st;
        if (slurm_parse_squeue_line(bar + 1, &st))
            job_list_add(out, line, &st);
    }
    tool_run_free(&t);
    return SCHED_OK;
}

/* Where the job's files are: the directory of its output file (the
 * sessions directory) while slurmctld knows the job, its working
 * directory from sacct after. */
static int slurm_locate(const char *jobid, double deadline, char **dirs, int max)
{
    int n = 0;
    char *sc[] = {"scontrol", "show", "job", "-o", (char *)jobid, NULL};
    ToolRun t = tool_run(sc, deadline);
    char v[1024];
    if (t.result == SCHED_OK && n < max && slurm_scontrol_value(t.out, "StdOut", v, sizeof v) && v[0] == '/') {
        char *slash = strrchr(v, '/');
        dirs[n++] = xstrndup(v, slash == v ? 1 : (size_t)(slash - v));
    }
    if (t.result == SCHED_OK && n < max && slurm_scontrol_value(t.out, "WorkDir", v, sizeof v) && v[0] == '/')
        dirs[n++] = xstrdup(v);
    tool_run_free(&t);
    if (n > 0)
        return n;
    char *sacct[] = {"sacct", "-j", (char *)jobid, "-X", "-n", "-P", "-o", "WorkDir", NULL};
    t = tool_run(sacct, deadline);
    char *o = t.result == SCHED_OK ? trim_output(t.out) : NULL;
    if (o && o[0] == '/' && !strchr(o, '\n') && n < max)
        dirs[n++] = xstrdup(o);
    free(o);
    tool_run_free(&t);
    return n;
}

static void slurm_script_header(StrBuf *sb, const ClusterConfig *c, const char *log_dir)
{
    strbuf_addf(sb, "#SBATCH --job-name=%s\n", JUPYTER_JOB_NAME);
    if (c->partition[0])
        strbuf_addf(sb, "#SBATCH --partition=%s\n", c->partition);
    strbuf_adds(sb, "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n");
    strbuf_addf(sb, "#SBATCH --cpus-per-task=%d\n", c->cpus);
    strbuf_addf(sb, "#SBATCH --time=%s\n", c->time);
    if (c->mem[0])
        strbuf_addf(sb, "#SBATCH --mem=%s\n", c->mem);
    if (c->account[0])
        strbuf_addf(sb, "#SBATCH --account=%s\n", c->account);
    strbuf_addf(sb, "#SBATCH --output=%s/nb_session_%%j.log\n", log_dir);
    /* the batch shell (B:) hears USR1 ten minutes before the walltime */
    strbuf_adds(sb, "#SBATCH --signal=B:USR1@600\n");
}

const Scheduler scheduler_slurm = {
    .name = "slurm", .submit_prog = "sbatch", .cancel_prog = "scancel", .jobid_var = "${SLURM_JOB_ID}",
    .missing_hint = "corelab needs a Slurm login node (or scheduler: pbs in the config)",
    .submit = slurm_submit, .status = slurm_status, .cancel = slurm_cancel, .list = slurm_list,
    .locate = slurm_locate,
    /* #SBATCH --output and --signal: the scheduler does both */
    .script_header = slurm_script_header, .script_output = NULL, .script_timer_why = NULL,
    .node_run_prog = "srun", .node_run_argv = slurm_srun_argv,
    .node_run_missing = "srun is not on PATH (no Slurm here?)",
};
