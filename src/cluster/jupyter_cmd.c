/* `corelab jupyter start|status|stop|script|list`: the command-line edge of
 * cluster/. Errors are reported here, once; usage errors exit 2 with one
 * line, every value is validated before anything runs. */
#include "cluster/cluster.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/term_safe.h"

#define WAIT_POLL_MS 1000
#define UNKNOWN_GIVE_UP_S 300.0
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

typedef struct {
    const char *flag;
    const char *key; /* config key, or NULL for a switch */
} Option;

static const Option options[] = {
    {"--scheduler", "scheduler"}, {"--partition", "partition"}, {"--cpus", "cpus"},
    {"--time", "time"},           {"--module", "module"},       {"--account", "account"},
    {"--mem", "mem"},             {"--command", "command"},     {"--sessions-dir", "sessions_dir"},
    {"--login-host", "login_host"},
};

static int usage_error(const char *sub, const char *msg)
{
    fprintf(stderr, "corelab jupyter%s%s: %s (try corelab jupyter --help)\n", sub ? " " : "",
            sub ? sub : "", msg);
    return 2;
}

/* ---- the subcommands ---- */

static int cmd_start(Cmd *cmd, JupyterSession *js);
static int cmd_status(Cmd *cmd, JupyterSession *js);
static int cmd_stop(Cmd *cmd, JupyterSession *js);
static int cmd_script(Cmd *cmd, JupyterSession *js);
static int cmd_list(Cmd *cmd, JupyterSession *js);

/* Adding a subcommand: one entry here and its handler. */
struct Subcommand {
    const char *name;
    const char *usage; /* after "corelab jupyter NAME"; a newline goes on under it */
    const char *about; /* for --help; a newline goes on under it */
    bool creates_dir;  /* makes the sessions directory (start) */
    bool takes_jobid;
    int (*run)(Cmd *cmd, JupyterSession *js);
};

static const Subcommand subcommands[] = {
    {"start",
     "[--scheduler slurm|pbs] [--partition P] [--cpus N]\n"
     "[--time HH:MM:SS] [--module M] [--account A] [--mem M]\n"
     "[--command CMD] [--sessions-dir DIR] [--login-host H] [--wait]",
     "submit a batch job that runs Jupyter on a compute node (or reattach to\n"
     "the session already running); --wait waits for it and prints how to\n"
     "connect, on campus and through an ssh tunnel",
     true, false, cmd_start},
    {"status", "[JOBID]",
     "PENDING with reason and expected start, RUNNING with node and time left,\n"
     "or how it ended; the log's last lines",
     false, true, cmd_status},
    {"stop", "[JOBID] [--yes]", "cancel the job (asks first; --yes answers for scripts)", false, true,
     cmd_stop},
    {"script", "[options as for start]", "print the job script without submitting it", false, false,
     cmd_script},
    {"list", "", "your Jupyter jobs", false, false, cmd_list},
};

enum { N_SUBCOMMANDS = sizeof subcommands / sizeof subcommands[0] };

static const Subcommand *subcommand_find(const char *name)
{
    for (int i = 0; i < N_SUBCOMMANDS; i++)
        if (strcmp(subcommands[i].name, name) == 0)
            return &subcommands[i];
    return NULL;
}

/* text with every newline followed by indent spaces */
static void put_indented(const char *text, int indent)
{
    for (const char *c = text; *c; c++) {
        putchar(*c);
        if (*c == '\n')
            printf("%*s", indent, "");
    }
}

static void print_usage(void)
{
    for (int i = 0; i < N_SUBCOMMANDS; i++) {
        const Subcommand *c = &subcommands[i];
        printf("%s corelab jupyter %s", i == 0 ? "usage:" : "      ", c->name);
        if (c->usage[0]) { /* the usages start in one column */
            printf("%*s", 7 - (int)strlen(c->name), "");
            put_indented(c->usage, 30);
        }
        putchar('\n');
    }
    putchar('\n');
    for (int i = 0; i < N_SUBCOMMANDS; i++) {
        printf("%-8s", subcommands[i].name);
        put_indented(subcommands[i].about, 8);
        putchar('\n');
    }
    fputs("\n"
          "Settings come from the flags, then $XDG_CONFIG_HOME/corelab/config.yaml, then\n"
          "/etc/corelab/config.yaml, then defaults (keys: scheduler, partition, cpus, time,\n"
          "mem, account, module, command, login_host, sessions_dir; launch-jlab.sh's PART,\n"
          "TASKS, TIME and PYTHON_MODULE work too). Logs go to session_logs/ (0700).\n"
          "Leaving corelab leaves the job running: stop it with corelab jupyter stop.\n",
          stdout);
}

/* "which command? start, status, stop, script or list" */
static int no_subcommand_error(void)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "which command? ");
    for (int i = 0; i < N_SUBCOMMANDS; i++)
        strbuf_addf(&sb, "%s%s", i == 0 ? "" : i + 1 == N_SUBCOMMANDS ? " or " : ", ", subcommands[i].name);
    int rc = usage_error(NULL, sb.data);
    strbuf_free(&sb);
    return rc;
}

/* 0 parsed, 1 --help shown, 2 usage error reported. */
static int parse_args(int argc, char **argv, Cmd *cmd)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_usage();
            return 1;
        }
        if (strcmp(a, "--wait") == 0) {
            cmd->wait = true;
            continue;
        }
        if (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0) {
            cmd->yes = true;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            size_t nl = strcspn(a, "=");
            const Option *opt = NULL;
            for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
                if (strlen(options[k].flag) == nl && strncmp(a, options[k].flag, nl) == 0)
                    opt = &options[k];
            if (!opt) {
                char *m = xasprintf("unknown option '%.*s'", (int)nl, a);
                int rc = usage_error(cmd->sub, m);
                free(m);
                return rc;
            }
            const char *val = a[nl] == '=' ? a + nl + 1 : NULL;
            if (!val) {
                if (i + 1 >= argc) {
                    char *m = xasprintf("%s needs a value", opt->flag);
                    int rc = usage_error(cmd->sub, m);
                    free(m);
                    return rc;
                }
                val = argv[++i];
            }
            char *err = NULL;
            if (cluster_config_set(&cmd->cfg, opt->key, val, &err) < 0) {
                fprintf(stderr, "corelab jupyter%s%s: %s: %s\n", cmd->sub ? " " : "",
                        cmd->sub ? cmd->sub : "", opt->flag, err);
                free(err);
                return 2;
            }
            continue;
        }
        if (!cmd->sub) {
            cmd->command = subcommand_find(a);
            if (!cmd->command) {
                char *m = xasprintf("unknown command '%s'", a);
                int rc = usage_error(NULL, m);
                free(m);
                return rc;
            }
            cmd->sub = a;
            continue;
        }
        if (!cmd->jobid && cmd->command->takes_jobid) {
            if (!a[0] || strlen(a) > 60 || strspn(a, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-[]") != strlen(a))
                return usage_error(cmd->sub, "JOBID must be a job id like 1234 or 1234.server");
            cmd->jobid = a;
            continue;
        }
        char *m = xasprintf("unexpected argument '%s'", a);
        int rc = usage_error(cmd->sub, m);
        free(m);
        return rc;
    }
    if (!cmd->sub)
        return no_subcommand_error();
    if (cmd->wait && strcmp(cmd->sub, "start") != 0)
        return usage_error(cmd->sub, "--wait belongs to start");
    if (cmd->yes && strcmp(cmd->sub, "stop") != 0)
        return usage_error(cmd->sub, "--yes belongs to stop");
    return 0;
}

/* ---- helpers ---- */

/* A tool's message (*err, NULL: "") made safe to print, lines kept; it
 * replaces *err, which the caller frees as before. */
static const char *safe_text(char **err)
{
    StrBuf sb;
    strbuf_init(&sb);
    if (*err)
        term_safe_add(&sb, *err, strlen(*err), TERM_SAFE_KEEP_NEWLINE | TERM_SAFE_KEEP_TAB);
    free(*err);
    *err = strbuf_detach(&sb);
    return *err;
}

static void print_tail(const JupyterSession *js, const char *jobid, int n)
{
    char *raw_path = jupyter_log_path(js, jobid);
    char *path = term_safe(raw_path);
    char *tail = jupyter_log_tail(js, jobid, n);
    if (!tail) {
        printf("(no log yet at %s)\n", path);
    } else {
        /* The job's programs wrote the log: escape sequences and stray
         * carriage returns are shown, not obeyed. */
        printf("Last lines of %s:\n", path);
        StrBuf sb;
        strbuf_init(&sb);
        char *save = NULL;
        for (char *l = strtok_r(tail, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            strbuf_reset(&sb);
            term_safe_add(&sb, l, strlen(l), TERM_SAFE_KEEP_TAB);
            printf("  | %s\n", sb.data);
        }
        strbuf_free(&sb);
    }
    free(tail);
    free(path);
    free(raw_path);
}

static void print_stop_hint(const JupyterSession *js, const char *jobid)
{
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_stop_hint(&sb, js, jobid);
    fputs(sb.data, stdout);
    strbuf_free(&sb);
}

static void print_status_line(const char *jobid, const JobStatus *st)
{
    StrBuf sb;
    strbuf_init(&sb);
    job_status_text(&sb, st);
    char *text = term_safe(sb.data); /* the scheduler's words: reason, node, detail */
    printf("job %s: %s\n", jobid, text);
    free(text);
    strbuf_free(&sb);
    if (st->phase == JOB_RUNNING && st->time_left_s >= 0 && st->time_left_s <= 600)
        printf("WARNING: less than 10 minutes of walltime left: save your work now; "
               "Jupyter stops when the walltime ends.\n");
    fflush(stdout);
}

/* Connection lines once the job has written host and port. false: not yet. */
static bool print_connection(const JupyterSession *js, const char *jobid, bool check_port)
{
    char *host = NULL, *path = NULL;
    int port = 0;
    if (!jupyter_conn_read(js, jobid, &host, &port, &path))
        return false;
    char *token = jupyter_token_read(js);
    if (check_port) {
        bool open = false;
        double end = now_monotonic() + 15.0;
        while (!(open = cluster_port_open(host, port, 2.0)) && now_monotonic() < end)
            poll(NULL, 0, 500);
        if (!open)
            printf("note: %s:%d does not answer from this host (a firewall?); the ssh tunnel may still work.\n",
                   host, port);
    }
    printf("Jupyter is running on %s, port %d (job %s).\n", host, port, jobid);
    StrBuf sb;
    strbuf_init(&sb);
    jupyter_connection_text(&sb, js, host, port, path, token ? token : "(token file missing)");
    fputs(sb.data, stdout);
    strbuf_free(&sb);
    free(path);
    free(token);
    free(host);
    return true;
}

/* What a call returned besides its result, one line each. */
static void print_warnings(const StrBuf *warnings)
{
    for (const char *w = warnings->data; w && *w;) {
        size_t n = strcspn(w, "\n");
        fprintf(stderr, "corelab: warning: %.*s\n", (int)n, w);
        w += n + (w[n] == '\n');
    }
}

/* ---- start ---- */

/* Poll until Jupyter answers (0), the job ends (1) or the scheduler stays
 * silent too long (1). Never counts silence as the end. */
static int wait_for_jupyter(const JupyterSession *js, const char *jobid)
{
    printf("Waiting for the job to start (Ctrl-C stops waiting, not the job)...\n");
    fflush(stdout);
    char last[512] = "";
    double unknown_since = -1;
    for (;;) {
        JobStatus st;
        js->sched->status(jobid, &st);
        char *key = xasprintf("%d|%s|%s|%s|%s|%s", (int)st.phase, st.state, st.reason, st.node,
                              st.start, st.detail);
        if (strcmp(key, last) != 0) {
            print_status_line(jobid, &st);
            snprintf(last, sizeof last, "%s", key);
        }
        free(key);
        if (st.phase == JOB_UNKNOWN) {
            if (unknown_since < 0)
                unknown_since = now_monotonic();
            else if (now_monotonic() - unknown_since > UNKNOWN_GIVE_UP_S) {
                printf("The scheduler has not answered for %.0f s; job %s may still be running.\n"
                       "Check later with: corelab jupyter status %s\n", UNKNOWN_GIVE_UP_S, jobid, jobid);
                return 1;
            }
        } else {
            unknown_since = -1;
        }
        if (st.phase == JOB_RUNNING && print_connection(js, jobid, true)) {
            print_stop_hint(js, jobid);
            return 0;
        }
        if (st.phase == JOB_ENDED) {
            printf("Job %s ended before Jupyter was ready.\n", jobid);
            print_tail(js, jobid, LOG_TAIL_LINES);
            jupyter_forget_job(js, jobid);
            return 1;
        }
        poll(NULL, 0, WAIT_POLL_MS);
    }
}

/* Jobs of ours started from another directory (another sessions dir): not
 * reattached to, but not forgotten either. A failing list says nothing. */
static void warn_other_sessions(const JupyterSession *js)
{
    char *user = current_user_name();
    JobList l = {0};
    char *err = NULL;
    if (js->sched->list(user, JUPYTER_JOB_NAME, &l, &err) == SCHED_OK) {
        for (int i = 0; i < l.n; i++)
            if (l.v[i].st.phase == JOB_PENDING || l.v[i].st.phase == JOB_RUNNING)
                printf("Note: your Jupyter job %s (%s) from another directory still holds an allocation; "
                       "stop it with: corelab jupyter stop %s\n",
                       l.v[i].jobid, l.v[i].st.state, l.v[i].jobid);
    }
    free(err);
    free(user);
    job_list_free(&l);
}

static int cmd_start(Cmd *cmd, JupyterSession *js)
{
    char *jobid = jupyter_current_job(js);
    if (jobid) {
        JobStatus st;
        scheduler_status_retry(js->sched, jobid, &st, 3);
        if (st.phase == JOB_UNKNOWN) {
            print_status_line(jobid, &st);
            printf("Not submitting another job while job %s may still be running; try again.\n", jobid);
            print_stop_hint(js, jobid);
            free(jobid);
            return 1;
        }
        if (st.phase == JOB_ENDED) {
            jupyter_forget_job(js, jobid);
            free(jobid);
            jobid = NULL;
        } else {
            printf("Reattaching to your session: job %s (no new job submitted).\n", jobid);
            print_status_line(jobid, &st);
        }
    }
    if (!jobid) {
        warn_other_sessions(js);
        char *err = NULL;
        StrBuf warnings;
        strbuf_init(&warnings);
        SchedResult r = jupyter_submit(js, &jobid, &warnings, &err);
        print_warnings(&warnings);
        strbuf_free(&warnings);
        if (r != SCHED_OK) {
            if (r == SCHED_NOT_FOUND)
                fprintf(stderr, "corelab jupyter start: %s not found on PATH: %s\n",
                        js->sched->submit_prog, js->sched->missing_hint);
            else
                fprintf(stderr, "corelab jupyter start: %s refused the job:\n%s\n",
                        js->sched->submit_prog, safe_text(&err));
            free(err);
            return 1;
        }
        char *log = jupyter_log_path(js, jobid);
        printf("Submitted job %s; its log is %s\n", jobid, log);
        free(log);
    }
    int rc = 0;
    if (cmd->wait) {
        rc = wait_for_jupyter(js, jobid);
    } else {
        if (!print_connection(js, jobid, false))
            printf("See how it is doing with: corelab jupyter status %s (or start again with --wait)\n", jobid);
        print_stop_hint(js, jobid);
    }
    free(jobid);
    return rc;
}

/* ---- status, stop, list, script ---- */

static char *job_or_current(Cmd *cmd, const JupyterSession *js, const char *sub)
{
    if (cmd->jobid)
        return xstrdup(cmd->jobid);
    char *id = jupyter_current_job(js);
    if (!id)
        fprintf(stderr, "corelab jupyter %s: no session recorded in %s; give a JOBID or run corelab jupyter start\n",
                sub, js->dir);
    return id;
}

static int cmd_status(Cmd *cmd, JupyterSession *js)
{
    char *jobid = job_or_current(cmd, js, "status");
    if (!jobid)
        return 1;
    JobStatus st;
    scheduler_status_retry(js->sched, jobid, &st, 3);
    print_status_line(jobid, &st);
    if (st.phase == JOB_RUNNING) {
        if (!print_connection(js, jobid, false))
            printf("Jupyter is not listening yet.\n");
    }
    /* COMPLETING is not the last word: keep the session until the final state */
    if (job_status_final(&st))
        jupyter_forget_job(js, jobid);
    print_tail(js, jobid, LOG_TAIL_LINES);
    if (st.phase == JOB_PENDING || st.phase == JOB_RUNNING)
        print_stop_hint(js, jobid);
    free(jobid);
    return st.phase == JOB_UNKNOWN ? 1 : 0;
}

static bool confirm(const char *question)
{
    printf("%s [y/N] ", question);
    fflush(stdout);
    char line[32];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

static int cmd_stop(Cmd *cmd, JupyterSession *js)
{
    char *jobid = job_or_current(cmd, js, "stop");
    if (!jobid)
        return 1;
    JobStatus st;
    scheduler_status_retry(js->sched, jobid, &st, 2);
    if (st.phase == JOB_ENDED) {
        print_status_line(jobid, &st);
        printf("Nothing to stop.\n");
        jupyter_forget_job(js, jobid);
        free(jobid);
        return 0;
    }
    if (!cmd->yes) {
        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr, "corelab jupyter stop: not stopping job %s without confirmation: "
                            "no terminal to ask on; add --yes\n", jobid);
            free(jobid);
            return 1;
        }
        StrBuf q;
        strbuf_init(&q);
        strbuf_addf(&q, "Stop job %s (", jobid);
        job_status_text(&q, &st);
        strbuf_adds(&q, ")?");
        bool ok = confirm(q.data);
        strbuf_free(&q);
        if (!ok) {
            printf("Not stopped.\n");
            free(jobid);
            return 1;
        }
    }
    char *err = NULL;
    SchedResult r = js->sched->cancel(jobid, &err);
    if (r != SCHED_OK) {
        if (r == SCHED_NOT_FOUND)
            fprintf(stderr, "corelab jupyter stop: %s not found on PATH: %s\n", js->sched->cancel_prog,
                    js->sched->missing_hint);
        else
            fprintf(stderr, "corelab jupyter stop: %s failed: %s\n", js->sched->cancel_prog, safe_text(&err));
        free(err);
        free(jobid);
        return 1;
    }
    printf("Cancelled job %s.\n", jobid);
    jupyter_forget_job(js, jobid);
    free(jobid);
    return 0;
}

static int cmd_list(Cmd *cmd, JupyterSession *js)
{
    (void)cmd;
    char *user = current_user_name();
    JobList l = {0};
    char *err = NULL;
    SchedResult r = js->sched->list(user, JUPYTER_JOB_NAME, &l, &err);
    free(user);
    if (r != SCHED_OK) {
        if (r == SCHED_NOT_FOUND)
            fprintf(stderr, "corelab jupyter list: %s\n", err ? safe_text(&err) : "scheduler tools not found");
        else
            fprintf(stderr, "corelab jupyter list: cannot list jobs (state unknown): %s\n", safe_text(&err));
        free(err);
        return 1;
    }
    char *cur = jupyter_current_job(js);
    if (l.n == 0)
        printf("No Jupyter jobs of yours in the queue.\n");
    for (int i = 0; i < l.n; i++) {
        StrBuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%-12s ", l.v[i].jobid);
        job_status_text(&sb, &l.v[i].st);
        char *line = term_safe(sb.data); /* the scheduler's words */
        printf("%s%s\n", line, cur && strcmp(cur, l.v[i].jobid) == 0 ? "  (this directory's session)" : "");
        free(line);
        strbuf_free(&sb);
    }
    free(cur);
    job_list_free(&l);
    return 0;
}

static int cmd_script(Cmd *cmd, JupyterSession *js)
{
    (void)cmd;
    char *s = cluster_job_script(&js->cfg, js->sched, js->dir);
    fputs(s, stdout);
    free(s);
    return 0;
}

int cluster_cmd_jupyter(int argc, char **argv)
{
    Cmd cmd = {0};
    char *err = NULL;
    if (cluster_config_load(&cmd.cfg, &err) < 0) {
        fprintf(stderr, "corelab jupyter: %s\n", err);
        free(err);
        cluster_config_free(&cmd.cfg);
        return 2;
    }
    int rc = parse_args(argc, argv, &cmd);
    if (rc != 0) {
        cluster_config_free(&cmd.cfg);
        return rc == 1 ? 0 : rc;
    }
    JupyterSession js;
    bool create = cmd.command->creates_dir;
    if (jupyter_session_open(&js, &cmd.cfg, create, &err) < 0) {
        fprintf(stderr, "corelab jupyter %s: %s\n", cmd.sub, err);
        free(err);
        cluster_config_free(&cmd.cfg);
        return create ? 1 : 2;
    }
    rc = cmd.command->run(&cmd, &js);
    jupyter_session_close(&js);
    cluster_config_free(&cmd.cfg);
    return rc;
}
