/* ui/jupyter internals: the screen's state, shared by its key and draw files. */
#ifndef CORELAB_UI_JUPYTER_INT_H
#define CORELAB_UI_JUPYTER_INT_H

#include "cluster/cluster.h"
#include "ui/jupyter/jupyter_op.h"
#include "ui/jupyter/jupyter_screen.h"

#define JUPYTER_POLL_S 3.0      /* status every 3 s while the job lives */
#define JUPYTER_OP_LIMIT_S 90.0 /* a child that takes longer is abandoned */

typedef enum { JUPYTER_VIEW_FORM, JUPYTER_VIEW_SESSION } JupyterView;

/* The form's rows, in order; the last row is the Start button. */
typedef struct {
    const char *label;
    const char *key;   /* ClusterConfig key */
    const char *empty; /* what an empty value means */
} JupyterFormField;

extern const JupyterFormField jupyter_form_fields[];
extern const int jupyter_form_nfields;

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
    bool conn_seen;       /* the last status check found host and port... */
    bool port_ok;         /* ...and could connect to them */
    bool confirm_stop;
    char *message;        /* the last submit/cancel outcome */
    JupyterOp op;
    double next_poll;
} JupyterScreen;

/* jupyter_screen.c: the keys, for the footers (actions get a UiKeyCtx;
 * the edit keys, while a field is typed, the JupyterScreen) */
extern const KeyBinding jupyter_screen_keys[];
extern const KeyBinding jupyter_form_keys[];
extern const KeyBinding jupyter_job_keys[];
extern const KeyBinding jupyter_edit_keys[];

/* jupyter_draw.c */
void jupyter_screen_draw(JupyterScreen *s, const UiCaps *caps, WINDOW *win, int y, int x, int h, int w);
/* The value a field shows (caller frees). */
char *jupyter_form_value(const JupyterScreen *s, int i);

#endif
