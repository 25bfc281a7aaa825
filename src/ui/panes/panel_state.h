/* ui/panes/panel_state: what panel.c (setup, the child, pacing),
 * panel_keys.c and panel_draw.c share: the Panel itself and the few
 * helpers all three call. Private to ui/panes/panel*.c. */
#ifndef CORELAB_UI_PANEL_STATE_H
#define CORELAB_UI_PANEL_STATE_H

#include "demo/busy.h"
#include "demo/options.h"
#include "ui/panes/panel.h"
#include "ui/panes/pane_class.h"
#include "ui/panes/panes.h"
#include "probe/probe.h"
#include "util/spawn.h"

enum { KIND_NONE, KIND_DEMO, KIND_RUN };
enum { MAX_LIST = 64 };
enum { MAX_DYING = 4 }; /* children stopped, not yet gone */
enum { MAX_MEMOS = 8 }; /* steps whose last run the panel keeps */

/* A step's last run, kept while the learner is elsewhere: its model and
 * how it ended. */
typedef struct {
    const Lesson *lesson;
    const LessonStep *step; /* NULL: a free slot */
    unsigned long used;     /* when it was kept: the oldest goes first */
    Model model;
    bool ended, stopped, timed_out, spawn_failed, expect_found, passed;
    int status;
    double secs; /* how long it ran */
    double busy_others;
} StepMemo;

/* A child sent SIGTERM, and when it gets SIGKILL if still there. */
typedef struct {
    Child child;
    int err_fd;   /* a traced run's second pipe; -1: none */
    double kill_at;
    bool on_node; /* srun, releasing its job step */
} DyingChild;

#define RUNNING_INTERVAL 0.1 /* 10 Hz */
#define IDLE_INTERVAL 0.5    /* 2 Hz */

struct Panel {
    UiCaps caps;
    char *self_exe;
    const Lesson *lesson;
    const LessonStep *step;
    int kind;

    Model model;  /* the child's stream or output */
    Model sys;    /* the system view, from the probe */
    Probe *probe;
    double next_sys;

    Child child;
    DyingChild dying[MAX_DYING]; /* stopped children: panel_reap ends them */
    int ndying;
    bool child_on_node; /* the child is srun running the demo on a node */
    char node_err[MODEL_MSG_LEN]; /* srun's last line that was not JSON */
    bool node_failed;             /* srun ended badly: node_err fills the panes */
    bool running, eof;
    bool term_sent;     /* output closed, not exited: SIGTERM went already */
    double eof_at;
    LineReader lr;
    double t_start, t_end, deadline;
    bool ended, stopped, timed_out, spawn_failed;
    int status;

    NodeRun node; /* `n`: demos on a compute node through srun */

    /* demo settings, starting from the step's and changed with + - [ ] */
    int base[MAX_LIST], nbase; /* the lesson's list */
    int workers[MAX_LIST], nworkers;
    int max_workers;
    double switch_ms;

    /* run steps */
    bool expect_found, passed;
    /* A traced run (`trace: true`): the child is `SELF trace --json --
     * COMMAND`; its records come on child.out_fd (lr), the program's
     * output on err_fd (err_lr). panel_run.c */
    bool traced;
    int err_fd;
    LineReader err_lr;
    bool out_eof, err_eof;

    BusyMark busy_from;  /* at the start of a run */
    double busy_others;  /* CPUs' worth other programs held during the last run; NAN: unknown */

    /* the last run of steps the learner has left */
    StepMemo memos[MAX_MEMOS];
    unsigned long memo_clock;

    /* the panes: each one's view, the focus */
    Panes panes;

    /* export prompt */
    bool prompting;
    char prompt[512];
    size_t prompt_len;

    char notice[256];
    bool notice_bad;
    bool dirty, urgent, colors_done;
    double last_draw;
    char status_line[160];
};

/* Ask for a redraw at once. */
void panel_mark(Panel *p);
/* The footer's one-line message until the next run or step. */
void panel_notice(Panel *p, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The sweep's list after max_workers changed. */
void panel_rebuild_workers(Panel *p);
/* A sweep's top without the lesson's list: the CPUs the demo gets. */
int panel_default_workers(const Panel *p);
/* The step's demo settings, as the lesson gives them (panel_settings.c). */
void panel_init_demo_settings(Panel *p, const LessonDemo *d);
/* Read the child, reap it, sample the system: whatever is due by now. */
void panel_service(Panel *p, double now);

/* ---- a run step's child (panel_run.c) ---- */
/* Starts the step's command (in the lesson's folder, Python unbuffered):
 * itself, or traced as `SELF trace --json -- COMMAND`, through srun when
 * `n` is on. 0; or an errno value, with the reason in the panes. */
int panel_run_spawn(Panel *p);
/* An output line of the run: into the output pane, looked at for expect. */
void panel_run_line(void *ctx, const char *line, size_t len, bool cut);
/* A traced run: the program's output, what its pipe has now (err_eof at
 * its end); true when something came. */
bool panel_run_read_output(Panel *p);
/* The pipe to poll for it: 1 when fd was filled, else 0. */
int panel_run_pollfd(const Panel *p, struct pollfd *fd);
/* The run's output pipe is done with (closed; -1). */
void panel_run_close(Panel *p);
/* A child could not start: what to do about it, in the panes. */
void panel_explain_spawn_error(Panel *p, const char *prog, int err);
/* The run's child exited with status after secs: passed or not, said in
 * the output pane. */
void panel_run_ended(Panel *p, int status, double secs);

/* ---- the steps' last runs (panel_memo.c) ---- */
/* Keeps the step's run (its model moves into the memo) before the panel
 * leaves it; nothing when it has not run. */
void panel_memo_save(Panel *p);
/* The step just set gets its kept run back (the memo is used up); false
 * when there is none. */
bool panel_memo_restore(Panel *p);
void panel_memo_free(Panel *p);
/* The footer's verdict of a run step that has ended, into buf; its
 * attributes' good or bad. */
void panel_run_verdict(const Panel *p, char *buf, size_t n, bool *good);

#endif
