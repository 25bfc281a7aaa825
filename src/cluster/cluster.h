/* cluster/: the workshop's Jupyter job on Slurm or PBS, and demos through
 * srun.
 *
 * What it offers:
 *   - ClusterConfig: the launcher's settings from flags, the user's config,
 *     the site's config and built-in defaults, every value validated before it
 *     can reach a job script; a problem in a file is tied to the key it is
 *     about, so that a command that does not use that key can go on;
 *   - Scheduler: one table of functions over Slurm and PBS (submit, status,
 *     cancel, list, locate), each command spawned with an argv, never a
 *     shell, all of one command's calls within one short budget; a status
 *     command that fails means JOB_UNKNOWN, never "ended"; each entry also
 *     owns what is particular to its scheduler: the job script's header,
 *     how it runs a demo on a node (srun's argv) and the hints shown when
 *     its programs are missing;
 *   - the job script generator;
 *   - JupyterSession: the sessions directory (0700) with a token (0600) and
 *     a record (settings, last known state) per job, the state file that
 *     lets a second start reattach, one start path under a lock, the
 *     host/port file the job writes, checked against Jupyter's own server
 *     file and API, the log's tail and the copy-ready connection lines;
 *   - ClusterTask and PathWatch: a function run in a child (the screen and
 *     the waiting CLI must not block on a scheduler) and a file watched by
 *     inotify or, on file systems that do not tell, by stat every 100 ms;
 *   - cluster_cmd_jupyter: `corelab jupyter ...`.
 *
 * Nothing here writes to the terminal but cluster_cmd_jupyter: the TUI calls
 * the rest (in a child, under its curses screen), so errors and warnings
 * come back to the caller, which reports them. */
#ifndef CORELAB_CLUSTER_H
#define CORELAB_CLUSTER_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/util.h"

/* ---- settings ---- */

typedef struct {
    char *scheduler;    /* "slurm" or "pbs" */
    char *partition;    /* "" = the scheduler's default */
    int cpus;           /* 1..1024 */
    char *time;         /* any form sbatch takes: MM, MM:SS, HH:MM:SS, D-HH... */
    char *mem;          /* "" or 4G, 4096M ... */
    char *account;      /* "" = none */
    char *module;       /* "" = no module load */
    char *command;      /* words of [A-Za-z0-9._/+=:-], single spaces */
    char *login_host;   /* "" = this host's name; else host or user@host */
    char *sessions_dir; /* where logs, tokens and records live */
    char *workspace;    /* the exercises' workspace root; "" = ~/corelab-work */
} ClusterConfig;

void cluster_config_defaults(ClusterConfig *c);
void cluster_config_free(ClusterConfig *c);
void cluster_config_copy(ClusterConfig *dst, const ClusterConfig *src);
/* Set one key, by its config name ("partition") or the old script's name
 * ("PART", "TASKS", "TIME", "PYTHON_MODULE"). Validates the value. Returns
 * 0, or -1 with *err (caller frees): 1 for an unknown key. */
int cluster_config_set(ClusterConfig *c, const char *key, const char *value, char **err);
/* The config name of key (also for an old name), or NULL when unknown. */
const char *cluster_config_key_name(const char *key);

/* What was wrong in the config files, each tied to the key it is about
 * (NULL: a mistyped key or a file that could not be read as a whole). */
typedef struct {
    const char *key; /* config name ("cpus"), or NULL */
    char *msg;       /* "path:line:col: message", safe to print */
} ConfigProblem;

typedef struct {
    ConfigProblem *v;
    int n;
} ConfigProblems;

void config_problems_free(ConfigProblems *p);
/* Merge a YAML file (a mapping of keys to scalars); a bad value leaves its
 * key as it was and reading goes on. A missing file is not an error
 * (returns 1). 0 when it was read without a problem, -1 otherwise. */
int cluster_config_read_file(ClusterConfig *c, const char *path, ConfigProblems *p);
/* The same from memory; name is the file in messages. */
int cluster_config_read_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               ConfigProblems *p);
/* Defaults, then the site file ($CORELAB_SITE_CONFIG or
 * /etc/corelab/config.yaml), then $XDG_CONFIG_HOME/corelab/config.yaml,
 * every problem collected. 0 when there was none. Flags go on top with
 * cluster_config_set. */
int cluster_config_read(ClusterConfig *c, ConfigProblems *p);
/* The first problem only, as *err (the callers that need every key). */
int cluster_config_load_file(ClusterConfig *c, const char *path, char **err);
int cluster_config_load_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               char **err);
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
/* A time in any form sbatch takes (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM,
 * D-HH:MM:SS) -> seconds; -1 when malformed. strict: minutes and seconds
 * below 60, hours below 24 after a day (what a user may write); otherwise
 * as the tools print it. */
long cluster_duration_seconds(const char *v, bool strict);
long cluster_time_seconds(const char *v); /* strict */

/* ---- schedulers ---- */

typedef enum {
    JOB_UNKNOWN,   /* the scheduler did not answer: retry, never assume it ended */
    JOB_NOT_FOUND, /* the scheduler knows no such job (a mistyped id) */
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
/* Pending or running: it holds (or will hold) an allocation. */
bool job_status_alive(const JobStatus *st);
const char *job_phase_name(JobPhase p);

typedef enum {
    SCHED_OK = 0,
    SCHED_NOT_FOUND,  /* the program is not on PATH */
    SCHED_FAILED,     /* it ran and refused: its own message in *err */
    SCHED_NO_ANSWER,  /* timeout, controller down */
} SchedResult;

/* One command's scheduler calls share one budget: a controller that does
 * not answer costs at most this long, whatever is asked of it. */
#define SCHED_BUDGET_S 7.0
/* now_monotonic() + seconds: the deadline the calls below take. */
double sched_deadline(double seconds);

typedef struct Scheduler {
    const char *name;      /* "slurm" */
    const char *submit_prog;
    const char *cancel_prog;
    const char *jobid_var; /* shell expression for the short job id in the script */
    /* What to do when submit_prog or cancel_prog is not on PATH. */
    const char *missing_hint;
    SchedResult (*submit)(const char *script, double deadline, char **jobid, char **err);
    /* Always fills *st; JOB_UNKNOWN with st->detail when it cannot tell. */
    void (*status)(const char *jobid, double deadline, JobStatus *st);
    SchedResult (*cancel)(const char *jobid, double deadline, char **err);
    SchedResult (*list)(const char *user, const char *job_name, double deadline, JobList *out,
                        char **err);
    /* Directories where the job's files may be, best first (its output
     * file's, its working directory): how many it filled (caller frees). */
    int (*locate)(const char *jobid, double deadline, char **dirs, int max);

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

/* status, again while JOB_UNKNOWN and the deadline leaves time. */
void scheduler_status_retry(const Scheduler *s, const char *jobid, double deadline, JobStatus *st);
/* The job id's short form used in file names ("123.server" -> "123"). */
char *job_short_id(const char *jobid);
/* The same job: "123.server" and "123.server.example.edu" (qsub prints the
 * one, qstat lists the other). */
bool job_id_same(const char *a, const char *b);
/* Whether s could be a job id (digits first; letters, digits, . _ - [ ]). */
bool job_id_valid(const char *s);

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
/* qstat -f with its continuation lines (a tab first) joined to the line
 * they continue (caller frees). */
char *pbs_join_continuations(const char *out);
/* The value of key in one qstat -f block, continuation lines joined
 * (caller frees), or NULL. */
char *pbs_qstat_value(const char *block, const char *key);

/* ---- what a status means, in words ---- */

/* "PENDING: waiting for free CPUs... (Resources), expected start 14:05 (in
 * 19 min)", "RUNNING on vm, 1:02:03 left", "ended: CANCELLED, exit code 0:15
 * (killed by SIGTERM)"... now: wall clock (the expected start is said
 * relative to it). */
void job_status_text(StrBuf *sb, const JobStatus *st);
void job_status_text_at(StrBuf *sb, const JobStatus *st, double now);
/* The scheduler's pending reason in plain words, or NULL when it has none
 * to give; *never: the job cannot start as asked until something changes. */
const char *job_reason_text(const char *reason, bool *never);
/* What a submission refused with means for the learner (a request that
 * could never start as asked, no such partition...), or NULL. */
const char *sched_refusal_hint(const char *err);
/* "killed by SIGTERM", "exit status 127", or NULL (code "0:0", ""). */
char *job_exit_text(const char *exit_code);
/* Seconds as H:MM:SS (or D-HH:MM:SS). */
void format_duration(StrBuf *sb, long s);
/* "in 19 min", "in 2 h 05 min", "any moment now"; false when when is not
 * a time squeue or qstat prints. */
bool format_start_in(StrBuf *sb, const char *when, double now);

/* ---- the job script ---- */

#define JUPYTER_JOB_NAME "corelab-jupyter"

/* The whole script. dir: absolute sessions dir; token_name: the file in dir
 * that holds the new job's token until the job renames it after its id. */
char *cluster_job_script(const ClusterConfig *c, const Scheduler *s, const char *dir,
                         const char *token_name);
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
char *jupyter_token_path(const JupyterSession *js, const char *jobid);
/* The job recorded as this directory's session, or NULL. */
char *jupyter_current_job(const JupyterSession *js);
void jupyter_forget_job(const JupyterSession *js, const char *jobid);
/* The job's own token (its nb_session_<id>.token), or NULL. */
char *jupyter_token_read(const JupyterSession *js, const char *jobid);
/* Last n lines of the job's log, NULL when there is none. */
char *jupyter_log_tail(const JupyterSession *js, const char *jobid, int n);

/* A job's record (nb_session_<id>.session): the settings it was started
 * with and the last state the scheduler gave, with its time. */
typedef struct {
    char jobid[64];
    char scheduler[16];
    char login_host[256];
    char command[520];
    double submitted;   /* wall clock */
    JobStatus last;     /* phase JOB_UNKNOWN: none known yet */
    double last_at;     /* wall clock of last, 0 when none */
} JobRecord;

bool jupyter_record_read(const JupyterSession *js, const char *jobid, JobRecord *r);
int jupyter_record_write(const JupyterSession *js, const JobRecord *r);
/* Keep st as the job's last known state (not when it is unknown). */
void jupyter_record_status(const JupyterSession *js, const char *jobid, const JobStatus *st);
/* The record's settings (scheduler, login host, command) become the
 * session's: a job is followed as it was started. */
void jupyter_session_adopt(JupyterSession *js, const JobRecord *r);
/* Where job jobid's files are: the session's directory when it has the
 * job's record, else the directories the scheduler names (another
 * directory's session). Moves js there and adopts the record: 0; 1 when
 * no record was found (js unchanged). */
int jupyter_session_find(JupyterSession *js, const char *jobid, double deadline);
/* The scheduler's NOT_FOUND for a job that has a record here is a job
 * that ended long ago, not a mistyped id: st is corrected. */
void jupyter_status_known(const JupyterSession *js, const char *jobid, JobStatus *st);

/* ---- starting: one path for the command line and the screen ---- */

typedef enum {
    START_SUBMITTED, /* a new job */
    START_ATTACHED,  /* the directory's session is alive: no new job */
    START_UNSURE,    /* its state is unknown: no new job while it may run */
    START_FAILED,    /* submission failed: result and err */
} StartOutcome;

typedef struct {
    StartOutcome outcome;
    SchedResult result; /* of the submission */
    char jobid[64];
    JobStatus st;       /* the recorded job's state (ATTACHED, UNSURE) */
    StrBuf warnings;    /* what went wrong around a job that was submitted, a line each */
    char *err;          /* the scheduler's own words (FAILED) */
} JupyterStart;

/* Under a lock on the sessions directory (so that a start from the command
 * line and one from the screen cannot both submit): the recorded session
 * if it is alive, else a new job with a fresh token of its own, its
 * record and the state file. */
void jupyter_start(JupyterSession *js, double deadline, JupyterStart *out);
void jupyter_start_free(JupyterStart *s);

/* ---- reaching Jupyter ---- */

typedef struct {
    char *host;
    int port;
    char *path;        /* "tree", "lab", "" */
    char *server_file; /* Jupyter's jpserver-PID.json / nbserver-PID.json */
} JupyterConn;

typedef enum {
    CONN_NONE,        /* the job has not written host and port (yet) */
    CONN_VERIFIED,    /* Jupyter's own server file and API agree, with our token */
    CONN_UNREACHABLE, /* its server file agrees; the port does not answer from here */
    CONN_WRONG,       /* something else answers there, or the files disagree */
} ConnCheck;

/* Host, port, URL path and server file the job wrote; false until it has. */
bool jupyter_conn_read(const JupyterSession *js, const char *jobid, JupyterConn *c);
void jupyter_conn_free(JupyterConn *c);
/* Whether the listener is the job's Jupyter: its server file names the port
 * and our token, and its API answers that token (within timeout_s). *why:
 * what disagreed (caller frees; may be NULL). c is filled unless CONN_NONE. */
ConnCheck jupyter_conn_check(const JupyterSession *js, const char *jobid, double timeout_s,
                             JupyterConn *c, char **why);
/* TCP connect from here, within timeout_s. */
bool cluster_port_open(const char *host, int port, double timeout_s);
/* HTTP status of GET path with "Authorization: token T" from here; 0 when
 * nothing answered, -1 when what answered is not HTTP. */
int cluster_http_status(const char *host, int port, const char *path, const char *token,
                        double timeout_s);
/* The copy-ready lines: on campus URL, ssh tunnel, localhost URL. */
void jupyter_connection_text(StrBuf *sb, const JupyterSession *js, const JupyterConn *c,
                             const char *token);
/* The same, one line each without indent or labels (for a clipboard). */
void jupyter_connection_plain(StrBuf *sb, const JupyterSession *js, const JupyterConn *c,
                              const char *token);
/* "Stop it with: corelab jupyter stop ID (or scancel ID)". */
void jupyter_stop_hint(StrBuf *sb, const JupyterSession *js, const char *jobid);

/* ---- a function in a child; a file watched ---- */

/* fn runs in a fork()ed child (its own process group) and fills out (size
 * bytes), which comes back through a pipe; the parent polls fd. */
typedef struct {
    pid_t pid;  /* 0: none in flight */
    int fd;
    double started;
    size_t size, got;
    void *buf;
} ClusterTask;

void cluster_task_init(ClusterTask *t);
bool cluster_task_busy(const ClusterTask *t);
bool cluster_task_start(ClusterTask *t, void (*fn)(void *arg, void *out), void *arg, size_t size);
/* After poll() said fd is readable: 1 once the result is whole (copied to
 * out), 0 not yet, -1 the child died first. */
int cluster_task_read(ClusterTask *t, void *out);
/* End the child (its whole group) and reap it. */
void cluster_task_abandon(ClusterTask *t);

/* Each line of text in turn: true with *line and *len while there is one. */
bool text_next_line(const char **cursor, const char **line, size_t *len);

typedef struct {
    char *path;
    int fd;        /* inotify descriptor for the file's directory, or -1 */
    double next_stat;
    bool existed;
    long long stamp; /* size and mtime seen last */
} PathWatch;

void path_watch_open(PathWatch *w, const char *path);
void path_watch_close(PathWatch *w);
/* The descriptor to poll (-1: none; stat on time instead). */
int path_watch_fd(const PathWatch *w);
/* Milliseconds until the next stat is due. */
int path_watch_timeout_ms(const PathWatch *w, double now);
/* After poll (or its timeout): true when the file has appeared or changed. */
bool path_watch_changed(PathWatch *w, double now);

/* `corelab jupyter start|status|stop|script|list ...`; argv[0] is "jupyter". */
int cluster_cmd_jupyter(int argc, char **argv);

#endif
