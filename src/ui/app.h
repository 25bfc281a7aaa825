/* ui/app: the walker's application loop and the two ways other folders plug
 * into it.
 *
 *  - A *mode* (teach, follow) is a small vtable of hooks, UiModeHooks, that
 *    the loop calls at fixed points: when the step changes, when it builds
 *    the status bar, when it polls (extra file descriptors and a timeout),
 *    for keys the walker does not use itself, and to draw an optional side
 *    pane at the right of the screen. Every hook may be NULL.
 *  - A *screen* (the Jupyter screen) is a full-screen view with its own
 *    draw, key and tick hooks, shown with `j` and closed with Esc or `q`
 *    (or when its key hook says so).
 *
 * Hooks run on the loop's thread only, between two redraws; none may block.
 * They change the walker only through the functions below (app_goto and
 * friends), never by reaching into App.
 *
 * Wiring a mode, e.g. for `corelab teach`:
 *
 *     static const UiModeHooks teach_hooks = {
 *         .name = "teach", .on_step_changed = teach_step_changed,
 *         .status_text = teach_status, .pollfds = teach_pollfds, ... };
 *     AppConfig cfg = app_config_default();
 *     cfg.lessons_dir = opts.lessons_dir;  cfg.open_spec = opts.open;
 *     cfg.mode = &teach_hooks;  cfg.mode_ctx = teach_state;
 *     return app_run(&cfg);
 */
#ifndef CORELAB_UI_APP_H
#define CORELAB_UI_APP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "lesson/lesson.h"
#include "ui/caps.h"

typedef struct App App;

/* One line of the `?` screen: key names and what they do. */
typedef struct {
    const char *keys;
    const char *what;
} UiHelpEntry;

typedef struct {
    const char *name; /* "teach", "follow": shown nowhere, for debugging */
    /* The mode's own keys for the `?` screen, ended by {NULL, NULL}; may be
     * NULL. */
    const UiHelpEntry *help;

    /* Called after every step change (keys, --open, resume, app_goto), once
     * the new step is current. */
    void (*on_step_changed)(void *ctx, App *app, const Lesson *lesson, size_t step);
    /* A short segment for the status bar ("done:3 help:1"); NULL or "" for
     * none. The string must stay valid until the next call. */
    const char *(*status_text)(void *ctx, App *app);
    /* Extra descriptors to poll, at most max; returns how many it filled. */
    int (*pollfds)(void *ctx, struct pollfd *fds, int max);
    /* After poll(), with the same descriptors (revents filled in). */
    void (*on_poll)(void *ctx, App *app, const struct pollfd *fds, int n);
    /* Seconds until the mode wants a tick (on_tick); < 0 for never. */
    double (*wake_in)(void *ctx, double now);
    void (*on_tick)(void *ctx, App *app, double now);
    /* A key the walker and the panel did not use; true when used. */
    bool (*key)(void *ctx, App *app, int key);
    /* Columns wanted for a side pane at the right (0: none) for a terminal
     * this wide, and its drawing. side_draw is called after layout changes
     * and whenever app_redraw_side() was called. */
    int (*side_width)(void *ctx, int cols);
    void (*side_draw)(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w);
    /* Last call before the terminal is restored (quit or signal). */
    void (*on_exit)(void *ctx, App *app);
} UiModeHooks;

typedef struct {
    const char *name; /* shown in the status bar while the screen is open */
    /* The screen owns the whole area above the status bar. */
    void (*draw)(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w);
    /* true: key used; *close set to true closes the screen. Esc closes it
     * when the hook does not use it. */
    bool (*key)(void *ctx, App *app, int key, bool *close);
    /* Seconds until the next tick (< 0: none) and the tick itself; return
     * true from tick to be redrawn. */
    double (*wake_in)(void *ctx, double now);
    bool (*tick)(void *ctx, App *app, double now);
    int (*pollfds)(void *ctx, struct pollfd *fds, int max);
    bool (*on_poll)(void *ctx, App *app, const struct pollfd *fds, int n); /* true: redraw */
} UiScreen;

typedef struct {
    const char *lessons_dir;  /* --lessons, or NULL */
    const char *open_spec;    /* --open LESSON[:STEP], or NULL: resume */
    bool ascii;               /* --ascii */
    bool no_color;            /* --no-color */
    bool save_progress;       /* write $XDG_STATE_HOME/corelab/progress.json */
    const UiModeHooks *mode;  /* NULL: plain walker */
    void *mode_ctx;
    const UiScreen *jupyter;  /* NULL: a page explaining `corelab jupyter start` */
    void *jupyter_ctx;
    const char *self_exe;     /* for the panel's child processes; NULL: /proc/self/exe */
} AppConfig;

AppConfig app_config_default(void);

/* Loads the lessons (diagnostics printed, exit 1, before the terminal is
 * touched), opens the terminal, runs the loop and restores the terminal on
 * every way out. Returns the process exit status. */
/* ---- the flags every terminal command shares (walk, teach, follow) ---- */
typedef struct {
    const char *lessons_dir; /* --lessons DIR */
    const char *open;        /* --open LESSON[:STEP], checked */
    bool ascii, no_color, help, version;
} UiOptions;

/* Look at argv[*i]: 1 when it was one of the shared flags (advancing *i
 * past a separate value), 0 when it is not, 2 after printing a one-line
 * usage error naming cmd ("corelab", "corelab teach"). allow_open: whether
 * --open is accepted. */
int ui_option_common(int argc, char **argv, int *i, const char *cmd, bool allow_open, UiOptions *o);

int app_run(const AppConfig *cfg);
/* app_run with the live Jupyter screen on `j` (every mode uses this). */
int ui_run_with_jupyter(AppConfig *cfg);

/* ---- for hooks ---- */
const LessonSet *app_lessons(const App *app);
const UiCaps *app_caps(const App *app);
/* The current lesson index into app_lessons() and step (0-based). */
size_t app_lesson_index(const App *app);
size_t app_step_index(const App *app);
/* Whether the current step's `run:` passed its last run (exit 0 with its
 * expect in the output): follow mode marks such a step done. */
bool app_run_passed(const App *app);
/* Quizzes of the current lesson answered (last answer) and answered right. */
void app_quiz_score(const App *app, int *right, int *answered);
/* Jump to a lesson (index) and step (0-based, clamped); false when the
 * lesson index is out of range. Calls on_step_changed. */
bool app_goto(App *app, size_t lesson, size_t step);
/* The same by lesson id; false when unknown. */
bool app_goto_id(App *app, const char *id, size_t step);
/* A transient message in the status bar for `seconds`. */
void app_message(App *app, double seconds, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_redraw_status(App *app);
void app_redraw_side(App *app);
void app_redraw_all(App *app);
/* Ends the loop after this round with the given exit status. */
void app_quit(App *app, int status);

#endif
