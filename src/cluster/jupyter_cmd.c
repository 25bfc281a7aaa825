/* `corelab jupyter start|status|stop|script|list`: the command-line edge of
 * cluster/. The table of subcommands, their arguments, and what a problem
 * in the config files means for each: a subcommand stops (exit 2) only
 * for a key it uses, and warns about the rest, so that a typo in `cpus`
 * never keeps a running job from being stopped. Errors are reported once;
 * usage errors exit 2 with one line. */
#include "cluster/jupyter_cmd_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *flag;
    const char *key; /* config key */
} Option;

static const Option options[] = {
    {"--scheduler", "scheduler"}, {"--partition", "partition"}, {"--cpus", "cpus"},
    {"--time", "time"},           {"--module", "module"},       {"--account", "account"},
    {"--mem", "mem"},             {"--command", "command"},     {"--sessions-dir", "sessions_dir"},
    {"--login-host", "login_host"},
};

/* Adding a subcommand: one entry here and its handler. */
struct Subcommand {
    const char *name;
    const char *usage; /* after "corelab jupyter NAME"; a newline goes on under it */
    const char *about; /* for --help; a newline goes on under it */
    bool creates_dir;  /* makes the sessions directory (start) */
    bool takes_jobid;
    /* The config keys it uses (NULL: every key, and a mistyped key may be
     * one of them); a problem with another is a warning. */
    const char *const *needs;
    int (*run)(Cmd *cmd, JupyterSession *js);
};

static const char *const needs_sessions[] = {"scheduler", "sessions_dir", NULL};
static const char *const needs_status[] = {"scheduler", "sessions_dir", "login_host", NULL};

static const Subcommand subcommands[] = {
    {"start",
     "[--scheduler slurm|pbs] [--partition P] [--cpus N]\n"
     "[--time TIME] [--module M] [--account A] [--mem M]\n"
     "[--command CMD] [--sessions-dir DIR] [--login-host H] [--wait]",
     "submit a batch job that runs Jupyter on a compute node (or reattach to\n"
     "the session already running); --wait waits for it and prints how to\n"
     "connect, on campus and through an ssh tunnel",
     true, false, NULL, cmd_start},
    {"status", "[JOBID]",
     "PENDING with reason and expected start, RUNNING with node and time left,\n"
     "or how it ended; the log's last lines (a JOBID from another directory too)",
     false, true, needs_status, cmd_status},
    {"stop", "[JOBID] [--yes]", "cancel the job (asks first; --yes answers for scripts)", false, true,
     needs_sessions, cmd_stop},
    {"script", "[options as for start]", "print the job script without submitting it", false, false, NULL,
     cmd_script},
    {"list", "", "your Jupyter jobs", false, false, needs_sessions, cmd_list},
};

enum { N_SUBCOMMANDS = sizeof subcommands / sizeof subcommands[0] };

static int usage_error(const char *sub, const char *msg)
{
    fprintf(stderr, "corelab jupyter%s%s: %s (try corelab jupyter --help)\n", sub ? " " : "",
            sub ? sub : "", msg);
    return 2;
}

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
          "TASKS, TIME and PYTHON_MODULE work too, written as PART: value). TIME takes\n"
          "sbatch's forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. Logs go to\n"
          "session_logs/ (0700). Leaving corelab leaves the job running: stop it with\n"
          "corelab jupyter stop.\n",
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

/* --flag VALUE or --flag=VALUE onto the config; *i moves past a value. */
static int parse_option(int argc, char **argv, int *i, Cmd *cmd, const char **flag_keys, int *n_flag_keys)
{
    const char *a = argv[*i];
    size_t nl = strcspn(a, "=");
    const Option *opt = NULL;
    for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
        if (strlen(options[k].flag) == nl && strncmp(a, options[k].flag, nl) == 0)
            opt = &options[k];
    char *m = NULL;
    const char *val = a[nl] == '=' ? a + nl + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (!opt)
        m = xasprintf("unknown option '%.*s'", (int)nl, a);
    else if (!val)
        m = xasprintf("%s needs a value", opt->flag);
    if (m) {
        int rc = usage_error(cmd->sub, m);
        free(m);
        return rc;
    }
    char *err = NULL;
    if (cluster_config_set(&cmd->cfg, opt->key, val, &err) < 0) {
        fprintf(stderr, "corelab jupyter%s%s: %s: %s\n", cmd->sub ? " " : "", cmd->sub ? cmd->sub : "",
                opt->flag, err);
        free(err);
        return 2;
    }
    flag_keys[(*n_flag_keys)++] = opt->key;
    return 0;
}

/* A word that is not an option: the subcommand, then its job id. */
static int parse_word(const char *a, Cmd *cmd)
{
    char *m = NULL;
    if (!cmd->sub) {
        cmd->command = subcommand_find(a);
        if (cmd->command)
            cmd->sub = a;
        else
            m = xasprintf("unknown command '%s'", a);
    } else if (!cmd->jobid && cmd->command->takes_jobid) {
        if (!job_id_valid(a))
            return usage_error(cmd->sub, "JOBID must be a job id like 1234 or 1234.server");
        cmd->jobid = a;
    } else {
        m = xasprintf("unexpected argument '%s'", a);
    }
    int rc = m ? usage_error(cmd->sub, m) : 0;
    free(m);
    return rc;
}

/* 0 parsed, 1 --help shown, 2 usage error reported. flag_keys: the keys
 * the flags set (at least as many as argc). */
static int parse_args(int argc, char **argv, Cmd *cmd, const char **flag_keys, int *n_flag_keys)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_usage();
            return 1;
        } else if (strcmp(a, "--wait") == 0) {
            cmd->wait = true;
        } else if (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0) {
            cmd->yes = true;
        } else if (a[0] == '-' && a[1]) {
            rc = parse_option(argc, argv, &i, cmd, flag_keys, n_flag_keys);
        } else {
            rc = parse_word(a, cmd);
        }
        if (rc)
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

static bool listed(const char *const *keys, int n, const char *key)
{
    for (int i = 0; key && (n < 0 ? keys[i] != NULL : i < n); i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

/* The config's problems for this subcommand: a key it uses and no flag
 * set is an error (2); any other is a warning. */
static int weigh_problems(const Cmd *cmd, const ConfigProblems *p, const char **flag_keys, int n_flag_keys)
{
    const char *const *needs = cmd->command->needs;
    int rc = 0;
    for (int i = 0; i < p->n; i++) {
        const char *key = p->v[i].key;
        if (listed(flag_keys, n_flag_keys, key))
            continue; /* the flag's value replaces the file's */
        if (!needs || listed(needs, -1, key)) {
            fprintf(stderr, "corelab jupyter: %s\n", p->v[i].msg);
            rc = 2;
        } else {
            fprintf(stderr, "corelab jupyter: warning: %s (%s does not use it; going on)\n", p->v[i].msg,
                    cmd->sub);
        }
    }
    return rc;
}

int cluster_cmd_jupyter(int argc, char **argv)
{
    Cmd cmd = {0};
    ConfigProblems problems = {0};
    cluster_config_read(&cmd.cfg, &problems);
    const char **flag_keys = xcalloc((size_t)argc + 1, sizeof *flag_keys);
    int n_flag_keys = 0;
    int rc = parse_args(argc, argv, &cmd, flag_keys, &n_flag_keys);
    bool help = rc == 1;
    if (help)
        rc = 0;
    else if (rc == 0)
        rc = weigh_problems(&cmd, &problems, flag_keys, n_flag_keys);
    free(flag_keys);
    config_problems_free(&problems);
    JupyterSession js;
    char *err = NULL;
    bool create = rc == 0 && !help && cmd.command->creates_dir;
    if (rc != 0 || help) {
        /* nothing to run */
    } else if (jupyter_session_open(&js, &cmd.cfg, create, &err) < 0) {
        print_error(cmd.sub, "%s", err);
        free(err);
        rc = create ? 1 : 2;
    } else {
        rc = cmd.command->run(&cmd, &js);
        jupyter_session_close(&js);
    }
    cluster_config_free(&cmd.cfg);
    return rc;
}
