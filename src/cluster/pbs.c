/* PBS (Pro / OpenPBS): qsub, qstat -f, qselect, qdel. Output formats as
 * REFERENCE.md "PBS" gives them; qstat -f wraps long values onto
 * continuation lines that start with a tab, joined here before anything is
 * read. */
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

char *pbs_join_continuations(const char *out)
{
    /* qstat -f cuts a long value near column 78 and goes on after "\n\t"
     * (at a comma when it can, the comma kept): joined, the value is whole */
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "");
    for (const char *p = out; *p; p++) {
        if (p[0] == '\n' && p[1] == '\t') {
            p++;
            continue;
        }
        strbuf_addc(&sb, *p);
    }
    return strbuf_detach(&sb);
}

/* "    key = value" within a joined block: the value, or NULL. */
static const char *value_at(const char *block, const char *key, size_t *len)
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
        *len = strcspn(q, "\n");
        return q;
    }
    return NULL;
}

char *pbs_qstat_value(const char *block, const char *key)
{
    char *joined = pbs_join_continuations(block);
    size_t len = 0;
    const char *v = value_at(joined, key, &len);
    char *r = v ? xstrndup(v, len) : NULL;
    free(joined);
    return r;
}

/* The same into a fixed field (cut to fit); false when absent. The block
 * is joined already. */
static bool qstat_value(const char *block, const char *key, char *dst, size_t n)
{
    size_t len = 0;
    const char *v = value_at(block, key, &len);
    if (v)
        copy_field(dst, n, v, len);
    return v != NULL;
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

static bool parse_joined(const char *out, JobStatus *st)
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

bool pbs_parse_qstat(const char *out, JobStatus *st)
{
    char *joined = pbs_join_continuations(out);
    bool ok = parse_joined(joined, st);
    free(joined);
    return ok;
}

void pbs_parse_qstat_list(const char *text, const char *user, const char *job_name, JobList *l)
{
    char *out = pbs_join_continuations(text);
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
        if (mine && parse_joined(block, &st))
            job_list_add(l, id, &st);
        free(block);
        p += len;
    }
    free(out);
}

static bool pbs_output_is_gone(const char *out)
{
    return strstr(out, "Unknown Job Id") || strstr(out, "Job has finished") ||
           strstr(out, "job has finished");
}

static bool pbs_output_is_no_answer(const char *out)
{
    return strstr(out, "cannot connect to server") || strstr(out, "Connection refused") ||
           strstr(out, "Communication failure") || strstr(out, "timed out") ||
           strstr(out, "pbs_connect");
}

/* ---- commands ---- */

static SchedResult pbs_submit(const char *script, double deadline, char **jobid, char **err)
{
    char *argv[] = {"qsub", (char *)script, NULL};
    return sched_submit(argv, deadline, pbs_parse_qsub, pbs_output_is_no_answer, jobid, err);
}

/* qstat -f -x: PBS Pro and OpenPBS keep finished jobs in their history. */
static void pbs_history(const char *jobid, double deadline, JobStatus *st, bool finished)
{
    char *hist[] = {"qstat", "-f", "-x", (char *)jobid, NULL};
    ToolRun t = tool_run(hist, deadline);
    bool done = t.result == SCHED_OK && pbs_parse_qstat(t.out, st);
    bool unknown = t.result == SCHED_FAILED && strstr(t.out, "Unknown Job Id");
    tool_run_free(&t);
    if (done)
        return;
    status_clear(st);
    if (finished || !unknown) {
        st->phase = JOB_ENDED;
        snprintf(st->state, sizeof st->state, "FINISHED");
        snprintf(st->detail, sizeof st->detail, "no longer known to PBS");
        return;
    }
    st->phase = JOB_NOT_FOUND;
    snprintf(st->state, sizeof st->state, "NOT FOUND");
    snprintf(st->detail, sizeof st->detail, "PBS knows no job %.60s (mistyped, or it ended long ago)", jobid);
}

static void pbs_status(const char *jobid, double deadline, JobStatus *st)
{
    char *argv[] = {"qstat", "-f", (char *)jobid, NULL};
    ToolRun t = tool_run(argv, deadline);
    if (t.result == SCHED_OK && pbs_parse_qstat(t.out, st)) {
        tool_run_free(&t);
        return;
    }
    if (!(t.result == SCHED_FAILED && pbs_output_is_gone(t.out))) {
        status_unknown(st, t.result == SCHED_OK ? "qstat printed no job_state" : t.out);
        tool_run_free(&t);
        return;
    }
    bool finished = !strstr(t.out, "Unknown Job Id");
    tool_run_free(&t);
    pbs_history(jobid, deadline, st, finished);
}

static SchedResult pbs_cancel(const char *jobid, double deadline, char **err)
{
    char *argv[] = {"qdel", (char *)jobid, NULL};
    return sched_simple(argv, deadline, pbs_output_is_no_answer, err);
}

/* qselect picks the user's jobs by name on the server (a busy server's
 * whole `qstat -f` would be slow and cut at 64 KiB); qstat -f then shows
 * just those. */
static SchedResult pbs_list(const char *user, const char *job_name, double deadline, JobList *out,
                            char **err)
{
    char *sel[] = {"qselect", "-u", (char *)user, "-N", (char *)job_name, NULL};
    ToolRun t = tool_run(sel, deadline);
    SchedResult r = t.result;
    if (r != SCHED_OK) {
        *err = trim_output(t.out);
        tool_run_free(&t);
        return r;
    }
    char *argv[66] = {"qstat", "-f"};
    int n = 2;
    char *save = NULL;
    for (char *id = strtok_r(t.out, " \t\n", &save); id && n < 65; id = strtok_r(NULL, " \t\n", &save))
        if (job_id_valid(id))
            argv[n++] = id;
    argv[n] = NULL;
    if (n > 2) {
        ToolRun q = tool_run(argv, deadline);
        r = q.result;
        /* a job that ended between the two is simply not listed */
        if (r == SCHED_OK || (r == SCHED_FAILED && pbs_output_is_gone(q.out))) {
            pbs_parse_qstat_list(q.out, user, job_name, out);
            r = SCHED_OK;
        } else {
            *err = trim_output(q.out);
        }
        tool_run_free(&q);
    }
    tool_run_free(&t);
    return r;
}

/* The job's working directory, from the PBS_O_WORKDIR its Variable_List
 * carries (qstat -f, or -x once it has finished). */
static int pbs_locate(const char *jobid, double deadline, char **dirs, int max)
{
    int n = 0;
    for (int pass = 0; pass < 2 && n == 0 && max > 0; pass++) {
        char *now[] = {"qstat", "-f", (char *)jobid, NULL};
        char *history[] = {"qstat", "-f", "-x", (char *)jobid, NULL};
        ToolRun t = tool_run(pass ? history : now, deadline);
        char *vars = t.result == SCHED_OK ? pbs_qstat_value(t.out, "Variable_List") : NULL;
        const char *w = vars ? strstr(vars, "PBS_O_WORKDIR=") : NULL;
        if (w && (w == vars || w[-1] == ',') && w[14] == '/')
            dirs[n++] = xstrndup(w + 14, strcspn(w + 14, ","));
        free(vars);
        tool_run_free(&t);
    }
    return n;
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
    /* PBS ignores the #! line: without -S the script runs in the user's
     * login shell, which may be csh */
    strbuf_adds(sb, "#PBS -S /bin/bash\n");
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
    .name = "pbs", .submit_prog = "qsub", .cancel_prog = "qdel", .jobid_var = "${PBS_JOBID%%.*}",
    .missing_hint = "corelab needs a PBS login node (or scheduler: slurm in the config)",
    .submit = pbs_submit, .status = pbs_status, .cancel = pbs_cancel, .list = pbs_list, .locate = pbs_locate,
    /* the script sends its own output to the log, and USR1 to itself */
    .script_header = pbs_script_header,
    .script_output = "exec >>\"$log\" 2>&1\ncd \"${PBS_O_WORKDIR:-$HOME}\"\n",
    .script_timer_why = "PBS has no --signal",
    .node_run_refusal = "demos on a node need Slurm's srun",
};
