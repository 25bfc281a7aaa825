/* cluster/: the workshop's Jupyter job on Slurm or PBS, and demos through
 * srun.
 *
 * What it offers:
 *   - ClusterConfig: the launcher's settings from flags, the user's config,
 *     the site's config and built-in defaults, every value validated before it
 *     can reach a job script;
 *   - Scheduler: one table of functions over Slurm and PBS (submit, status,
 *     cancel, list), each command spawned with an argv, never a shell; a
 *     status command that fails means JOB_UNKNOWN, never "ended"; each entry
 *     also owns what is particular to its scheduler: the job script's
 *     header, how it runs a demo on a node (srun's argv) and the hints shown
 *     when its programs are missing;
 *   - the job script generator;
 *   - JupyterSession: the sessions directory (0700) with the token (0600),
 *     the state file that lets a second start reattach, the host/port file
 *     the job writes, the log's tail and the copy-ready connection lines;
 *   - cluster_cmd_jupyter: `corelab jupyter ...`.
 *
 * Nothing here writes to the terminal but cluster_cmd_jupyter: the TUI calls
 * the rest (in a child, under its curses screen), so errors and warnings
 * come back to the caller, which reports them. */
#ifndef CORELAB_CLUSTER_H
#define CORELAB_CLUSTER_H

#include <stdbool.h>

#include "util/util.h"

/* ---- settings ---- */

typedef struct {
    char *scheduler;    /* "slurm" or "pbs" */
    char *partition;    /* "" = the scheduler's default */
    int cpus;           /* 1..1024 */
    char *time;         /* [D-]HH:MM:SS */
    char *mem;          /* "" or 4G, 4096M ... */
    char *account;      /* "" = none */
    char *module;       /* "" = no module load */
    char *command;      /* words of [A-Za-z0-9._/+=:-], single spaces */
    char *login_host;   /* "" = this host's name */
    char *sessions_dir; /* where logs, token and state live */
    char *workspace;    /* the exercises' workspace root; "" = ~/corelab-work */
} ClusterConfig;

void cluster_config_defaults(ClusterConfig *c);
void cluster_config_free(ClusterConfig *c);
/* Set one key, by its config name ("partition") or the old script's name
 * ("PART", "TASKS", "TIME", "PYTHON_MODULE"). Validates the value. Returns
 * 0, or -1 with *err (caller frees): 1 for an unknown key. */
int cluster_config_set(ClusterConfig *c, const char *key, const char *value, char **err);
/* Merge a YAML file (a mapping of keys to scalars). A missing file is not an
 * error (returns 1). -1 with *err = "path:line:col: message" otherwise. */
int cluster_config_load_file(ClusterConfig *c, const char *path, char **err);
/* The same from memory (the fuzzer's way in); name is the file in messages. */
int cluster_config_load_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               char **err);
/* Defaults, then the site file ($CORELAB_SITE_CONFIG or
 * /etc/corelab/config.yaml), then $XDG_CONFIG_HOME/corelab/config.yaml.
 * Flags go on top with cluster_config_set. */
int cluster_config_load(ClusterConfig *c, char **err);

/* Validators: NULL when fine, else a message (caller frees) naming the
 * value and what is allowed. */
char *cluster_check_name(const char *what, const char *v, bool may_be_empty);
char *cluster_check_time(const char *v);
char *cluster_check_cpus(const char *v, int *out);
char *cluster_check_mem(const char *v);
char *cluster_check_command(const char *v);
char *cluster_check_host(const char *v);
char *cluster_check_path(const char *what, const char *v);
/* "[D-]HH:MM:SS" -> seconds, -1 when malformed. */
long cluster_time_seconds(const char *v);

/* ---- schedulers ---- */

typedef enum {
    JOB_UNKNOWN, /* the scheduler did not answer: retry, never assume it ended */
    JOB_PENDING,
    JOB_RUNNING,
    JOB_ENDED,
} JobPhase;

typedef struct {
    JobPhase phase;
    char state[48];     /* the scheduler's own word: PENDING, RUNNING, CANCELLED ... */
    char reason[160];   /* pending reason / PBS comment */
    char node[128];
    char start[48];     /* expected start time, "" when not known */
    long time_left_s;   /* -1 when not known */
    char exit_code[32]; /* "0:0", "1", "" when not known */
    char detail[256];   /* why the phase is UNKNOWN, or a note */
} JobStatus;

typedef struct {
    char jobid[64];
    JobStatus st;
} JobEntry;

typedef struct {
    JobEntry *v;
    int n;
} JobList;

void job_list_free(JobList *l);
/* Ended for good: not COMPLETING (Slurm) or EXITING (PBS), which a final
 * state (COMPLETED, CANCELLED, FINISHED...) follows. */
bool job_status_final(const JobStatus *st);
const char *job_phase_name(JobPhase p);

typedef enum {
    SCHED_OK = 0,
    SCHED_NOT_FOUND,  /* the program is not on PATH */
    SCHED_FAILED,     /* it ran and refused: its own message in *err */
    SCHED_NO_ANSWER,  /* timeout, controller down */
} SchedResult;

typedef struct Scheduler {
    const char *name;      /* "slurm" */
    const char *submit_prog;
    const char *cancel_prog;
    const char *jobid_var; /* shell expression for the short job id in the script */
    /* What to do when submit_prog or cancel_prog is not on PATH. */
    const char *missing_hint;
    SchedResult (*submit)(const char *script, const char *cwd, char **jobid, char **err);
    /* Always fills *st; JOB_UNKNOWN with st->detail when it cannot tell. */
    void (*status)(const char *jobid, JobStatus *st);
    SchedResult (*cancel)(const char *jobid, char **err);
    SchedResult (*list)(const char *user, const char *job_name, JobList *out, char **err);

    /* ---- the job script ---- */
    void (*script_header)(StrBuf *sb, const ClusterConfig *c, const char *log_dir);
    /* Lines run first (the job's output into "$log"), or NULL when the
     * header already sends it there. */
    const char *script_output;
    /* Why the script sends itself USR1 ten minutes before the walltime ends
     * (the scheduler cannot signal the batch shell), or NULL when the
     * header asks the scheduler to. */
    const char *script_timer_why;

    /* ---- demos on a compute node ---- */
    /* The program that runs `CORELAB SUBCOMMAND ARGS...` (a demo, or a
     * traced run step) on a node and brings its output back, and the argv
     * that does it (NULL-terminated; free it with argv_free). Both NULL
     * when this scheduler cannot run a demo on a node. */
    const char *node_run_prog;
    char **(*node_run_argv)(const char *corelab_path, int cpus, const char *partition, const char *subcommand,
                            char *const args[]);
    /* Why demos stay on this machine: node_run_prog is not on PATH, or
     * (node_run_argv NULL) this scheduler has no way to run them. */
    const char *node_run_missing;
    const char *node_run_refusal;
} Scheduler;

const Scheduler *scheduler_find(const char *name);
extern const Scheduler scheduler_slurm;
extern const Scheduler scheduler_pbs;

/* status with retries while JOB_UNKNOWN (attempts >= 1). */
void scheduler_status_retry(const Scheduler *s, const char *jobid, JobStatus *st, int attempts);
/* The job id's short form used in file names ("123.server" -> "123"). */
char *job_short_id(const char *jobid);

/* Parsers over the tools' output (exposed for the unit tests). */
bool slurm_parse_sbatch(const char *out, char *jobid, size_t n);
bool slurm_parse_squeue_line(const char *line, JobStatus *st);
bool slurm_parse_sacct(const char *out, JobStatus *st);
bool slurm_parse_scontrol(const char *out, JobStatus *st);
long slurm_parse_duration(const char *s); /* "1-02:03:04", "5:00", "UNLIMITED" -> -1 */
JobPhase slurm_state_phase(const char *state);
bool slurm_output_is_no_answer(const char *out);
bool pbs_parse_qsub(const char *out, char *jobid, size_t n);
/* One "Job Id:" block (or a whole qstat -f output for one job). */
bool pbs_parse_qstat(const char *out, JobStatus *st);
/* Every block of a `qstat -f` listing whose owner is user and name job_name. */
void pbs_parse_qstat_list(const char *out, const char *user, const char *job_name, JobList *l);

/* ---- the job script ---- */

#define JUPYTER_JOB_NAME "corelab-jupyter"

/* The whole script. dir: absolute sessions dir. */
char *cluster_job_script(const ClusterConfig *c, const Scheduler *s, const char *dir);
/* URL path for the command: "lab", "tree" (classic notebook) or "". */
const char *cluster_url_path(const char *command);

/* ---- sessions ---- */

typedef struct {
    ClusterConfig cfg;      /* a copy; owned */
    const Scheduler *sched;
    char *dir;              /* absolute sessions dir */
} JupyterSession;

/* Validates; with create, makes the directory 0700 (or tightens it).
 * 0, or -1 with *err. */
int jupyter_session_open(JupyterSession *js, const ClusterConfig *c, bool create, char **err);
void jupyter_session_close(JupyterSession *js);
/* Paths (caller frees). */
char *jupyter_log_path(const JupyterSession *js, const char *jobid);
char *jupyter_conn_path(const JupyterSession *js, const char *jobid);
char *jupyter_token_path(const JupyterSession *js);
/* The job recorded as this directory's session, or NULL. */
char *jupyter_current_job(const JupyterSession *js);
void jupyter_forget_job(const JupyterSession *js, const char *jobid);
/* A fresh 0600 token, the script, submission, the state file. What went
 * wrong around a job that was submitted all the same (the state file could
 * not be written: a second start will not reattach) is added to warnings,
 * one line each ending in '\n', for the caller to show. */
SchedResult jupyter_submit(JupyterSession *js, char **jobid, StrBuf *warnings, char **err);
/* Host, port and URL path ("tree", "lab", "") the job wrote; false until it
 * has. path may be NULL. */
bool jupyter_conn_read(const JupyterSession *js, const char *jobid, char **host, int *port,
                       char **path);
char *jupyter_token_read(const JupyterSession *js);
/* Last n lines of the job's log, NULL when there is none. */
char *jupyter_log_tail(const JupyterSession *js, const char *jobid, int n);
/* TCP connect from here, within timeout_s. */
bool cluster_port_open(const char *host, int port, double timeout_s);
/* The copy-ready lines: on campus URL, ssh tunnel, localhost URL. */
void jupyter_connection_text(StrBuf *sb, const JupyterSession *js, const char *host, int port,
                             const char *url_path, const char *token);
/* "Stop it with: corelab jupyter stop ID (or scancel ID)". */
void jupyter_stop_hint(StrBuf *sb, const JupyterSession *js, const char *jobid);
/* "PENDING (Resources), expected start ...", "RUNNING on vm, 1:02:03 left" ... */
void job_status_text(StrBuf *sb, const JobStatus *st);
/* Seconds as H:MM:SS (or D-HH:MM:SS). */
void format_duration(StrBuf *sb, long s);

/* ---- demos on a node ---- */


/* `corelab jupyter start|status|stop|script|list ...`; argv[0] is "jupyter". */
int cluster_cmd_jupyter(int argc, char **argv);

#endif
