/* ui/app: the walker's application loop and the two ways other folders plug
 * into it.
 *
 *  - A *mode* (teach, follow) is a small vtable of hooks, UiModeHooks, that
 *    the loop calls at fixed points: when the step changes, when it builds
 *    the status bar, when it polls (extra file descriptors and a timeout),
 *    and to draw an optional side pane at the right of the screen; its key
 *    table takes the keys the walker and the panel do not use. Every hook
 *    may be NULL.
 *  - A *screen* (help, the lesson index, search results, the Jupyter
 *    screen) is a full-screen view over the lesson with its own key table,
 *    draw and tick hooks; `?` over any screen lists that screen's keys and
 *    the ones that work everywhere.
 *
 * Modes and screens describe their keys in tables (ui/keys.h): the loop
 * dispatches through them, `?` and the man page list them.
 *
 * Hooks run on the loop's thread only, between two redraws; none may block.
 * They change the walker only through the functions below (app_goto and
 * friends), never by reaching into App.
 *
 * Wiring a mode, e.g. for `corelab teach`:
 *
 *     static const UiModeHooks teach_hooks = {
 *         .name = "teach", .on_step_changed = teach_step_changed,
 *         .status_text = teach_status, .pollfds = teach_pollfds,
 *         .keys = teach_keys, ... };
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
#include "ui/keys.h"
#include "ui/progress.h"

typedef struct App App;

/* The ctx a mode's or a screen's key actions get: the walker and the
 * mode's or screen's own state. */
typedef struct {
    App *app;
    void *ctx;
} UiKeyCtx;

typedef struct {
    const char *name; /* "teach", "follow": shown nowhere, for debugging */
    /* The mode's own keys (their actions get a UiKeyCtx), after the
     * walker's and the panel's: a key neither used goes through them. `?`
     * lists them; may be NULL. */
    const KeySection *keys;

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
    /* Columns wanted for a side pane at the right (0: none) for a terminal
     * this wide, and its drawing. side_draw is called after layout changes
     * and whenever app_redraw_side() was called. */
    int (*side_width)(void *ctx, int cols);
    void (*side_draw)(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w);
    /* Last call before the terminal is restored (quit or signal). */
    void (*on_exit)(void *ctx, App *app);
} UiModeHooks;

typedef struct {
    const char *name; /* shown in the status bar while the screen is open; NULL: none */
    /* Its keys: a key goes through the sections in order (the actions get
     * a UiKeyCtx) until an action uses it, then to `?`. ui_key_close is the
     * action of the keys that go back (Esc, q, the key that opened it).
     * `?` lists the sections under their titles. */
    const KeySection *keys;
    /* The screen owns the whole area above the status bar. */
    void (*draw)(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w);
    /* Optional, before the table: true while a state of the screen takes
     * every key (a field being typed, a y/N question), after using it. */
    bool (*take_key)(void *ctx, App *app, int key);
    /* Seconds until the next tick (< 0: none) and the tick itself; return
     * true from tick to be redrawn. While open (under the help too) the
     * screen is ticked and polled. */
    double (*wake_in)(void *ctx, double now);
    bool (*tick)(void *ctx, App *app, double now);
    int (*pollfds)(void *ctx, struct pollfd *fds, int max);
    bool (*on_poll)(void *ctx, App *app, const struct pollfd *fds, int n); /* true: redraw */
    /* The config's Jupyter screen only: a segment for the status bar on
     * every screen ("" or NULL: none); it is polled and ticked while closed
     * too, so that it follows its job wherever the learner is. */
    const char *(*status_text)(void *ctx, App *app);
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
    const char *workspace;    /* --workspace DIR; NULL: the config's `workspace`, else ~/corelab-work */
} AppConfig;

AppConfig app_config_default(void);

/* Loads the lessons (diagnostics printed, exit 1, before the terminal is
 * touched), opens the terminal, runs the loop and restores the terminal on
 * every way out. Returns the process exit status. */
/* ---- the flags every terminal command shares (walk, teach, follow) ---- */
typedef struct {
    const char *lessons_dir; /* --lessons DIR */
    const char *open;        /* --open LESSON[:STEP], checked */
    const char *workspace;   /* --workspace DIR: where exercises are copied to */
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
/* A screen's key action (ctx: a UiKeyCtx): closes the screen on top. */
bool ui_key_close(void *ctx, int key);
const LessonSet *app_lessons(const App *app);
const UiCaps *app_caps(const App *app);
/* The current lesson index into app_lessons() and step (0-based). */
size_t app_lesson_index(const App *app);
size_t app_step_index(const App *app);
/* Whether the current step's `run:` passed its last run (exit 0 with its
 * expect in the output), or its exercise its last check: follow mode
 * marks such a step done. */
bool app_run_passed(const App *app);
/* Quizzes of the current lesson answered (last answer) and answered right. */
void app_quiz_score(const App *app, int *right, int *answered);
/* What the learner did, step by step (read only; follow mode copies it
 * into the class's status record). */
const Progress *app_progress(const App *app);
/* The value the current step's prediction is compared with, from the
 * last run of its demo (as the prediction's note says it); false when the
 * step has none or its demo has not run. */
bool app_measure(const App *app, double *value);
/* Shows a mode's screen over the lesson (closed by ui_key_close or a step
 * change). */
void app_open_screen(App *app, const UiScreen *s, void *ctx);
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
