/* ui/jupyter internals: the screen's state, shared by its files:
 * jupyter_screen.c (life and hooks), jupyter_keys.c (the key tables and
 * their actions), jupyter_follow.c (following the job from every screen),
 * jupyter_draw.c and jupyter_copy.c (the lines to copy, off the screen). */
#ifndef CORELAB_UI_JUPYTER_INT_H
#define CORELAB_UI_JUPYTER_INT_H

#include "cluster/cluster.h"
#include "ui/jupyter/jupyter_op.h"
#include "ui/jupyter/jupyter_screen.h"

#define JUPYTER_POLL_S 3.0          /* the scheduler, while the job waits or starts */
#define JUPYTER_POLL_RUNNING_S 10.0 /* while it runs (the time left counts down here) */
#define JUPYTER_OP_LIMIT_S 30.0     /* a child that takes longer is abandoned */
#define JUPYTER_WARN_S 600          /* the walltime warning: 10 minutes before */

typedef enum { JUPYTER_VIEW_FORM, JUPYTER_VIEW_SESSION } JupyterView;

/* The form's rows, in order; the last row is the Start button. */
typedef struct {
    const char *label;
    const char *key;   /* ClusterConfig key */
    const char *empty; /* what an empty value means */
} JupyterFormField;

extern const JupyterFormField jupyter_form_fields[];
extern const int jupyter_form_nfields;

/* Where Jupyter answers, once checked (a PROBE result). */
typedef struct {
    bool known;        /* CONN_VERIFIED or CONN_UNREACHABLE */
    bool reachable;    /* VERIFIED: its API answered our token from here */
    char host[256];
    int port;
    char path[64];
    char token[80];
    char wrong[256];   /* what answered instead of the job's Jupyter */
} JupyterConnShown;

typedef struct {
    ClusterConfig cfg;
    char *config_error;   /* the config files could not be read: defaults used */
    JupyterView view;
    int focus;            /* 0..jupyter_form_nfields-1 fields, jupyter_form_nfields = Start */
    bool editing;
    StrBuf edit;
    char *field_error;

    JupyterSession js;
    bool session_open;
    char *jobid;
    JobStatus st;
    bool have_status;
    double status_at;     /* monotonic time of st */
    JobStatus known;      /* the last state the scheduler gave, for when it does not answer */
    double known_at;      /* its wall clock time, 0: none */
    bool cancelled;       /* the user stopped it from here */
    bool warned;          /* the walltime warning went out */
    bool confirm_stop;
    char *message;        /* the last start/cancel outcome */
    char badge[96];       /* the status bar's segment */
    JupyterOp op;         /* status, start, cancel */
    JupyterOp probe;      /* the connection check */
    double next_poll;
    PathWatch conn_watch; /* the job's host/port file */
    bool watching;
    bool probe_again;     /* the file changed while a probe ran */
    JupyterConnShown conn;
} JupyterScreen;

/* jupyter_keys.c: the keys, for the footers (actions get a UiKeyCtx;
 * the edit and confirm keys, while they take every key, the JupyterScreen) */
extern const KeyBinding jupyter_screen_keys[];
extern const KeyBinding jupyter_form_keys[];
extern const KeyBinding jupyter_job_keys[];
extern const KeyBinding jupyter_edit_keys[];
extern const KeyBinding jupyter_confirm_keys[];
extern const KeySection jupyter_sections[];

/* jupyter_screen.c */
void jupyter_set_message(JupyterScreen *s, char *m); /* takes m */
/* (Re)open the sessions directory for the form's settings. */
bool jupyter_open_js(JupyterScreen *s, bool create, char **err);
void jupyter_forget_session(JupyterScreen *s);
/* The job holds (or may hold) an allocation, as far as we know. */
bool jupyter_job_alive(const JupyterScreen *s);
char *jupyter_form_value(const JupyterScreen *s, int i); /* caller frees */
void jupyter_submit(JupyterScreen *s);

/* jupyter_follow.c */
/* Follow jobid from now on: its file watched, the scheduler asked now. */
void jupyter_follow(JupyterScreen *s, const char *jobid, double now);
/* Ask the scheduler now (or as soon as the op is free). */
void jupyter_poll_now(JupyterScreen *s, double now);
/* The state with the time left counted down since it was given. */
JobStatus jupyter_state_now(const JupyterScreen *s, double now);
/* A result from a child; app (may be NULL) hears of the walltime and the
 * end wherever the learner is. */
void jupyter_apply_result(JupyterScreen *s, App *app, const JupyterOpResult *r, double now);
/* Due work: polls, probes, ops that take too long, the badge and the
 * warning. true when the screen changed. */
bool jupyter_follow_tick(JupyterScreen *s, App *app, double now);
/* Seconds until the next tick is wanted (< 0: none). */
double jupyter_follow_wake_in(const JupyterScreen *s, double now);
int jupyter_follow_pollfds(JupyterScreen *s, struct pollfd *fds, int max);
bool jupyter_follow_on_poll(JupyterScreen *s, App *app, const struct pollfd *fds, int n);
/* The status bar's segment, or "" when there is no job. */
const char *jupyter_badge(JupyterScreen *s, double now);

/* jupyter_draw.c */
void jupyter_screen_draw(JupyterScreen *s, const UiCaps *caps, WINDOW *win, int y, int x, int h, int w);

/* jupyter_copy.c: the connection lines printed plainly below the screen,
 * for copying (and to the clipboard by OSC 52 where the terminal takes
 * it); back to the screen on Enter. */
void jupyter_copy_lines(JupyterScreen *s, App *app);

#endif
