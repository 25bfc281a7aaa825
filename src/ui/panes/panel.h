/* ui/panes/panel: the live area beside the lesson text for a step with a
 * `demo:` or a `run:`. It owns the child process (`corelab demo ... --json`
 * or the run command), reads its output without blocking, and draws the
 * meters, speedup chart, timeline and output panes. The walker (ui/) owns
 * the event loop and calls only these functions. */
#ifndef CORELAB_UI_PANEL_H
#define CORELAB_UI_PANEL_H

#include <poll.h>
#include <stdbool.h>
#include <curses.h>

#include "lesson/lesson.h"
#include "ui/caps.h"
#include "ui/keys.h"

typedef struct Panel Panel;

Panel *panel_new(const UiCaps *caps, const char *self_exe);
/* Kills any child, restores nothing on screen (the walker redraws). */
void panel_free(Panel *p);

/* The step now shown; NULL for steps with neither demo nor run. Changing
 * step stops what runs (its process group is killed). */
void panel_set_step(Panel *p, const Lesson *lesson, const LessonStep *step);
bool panel_has_content(const Panel *p); /* the step has a demo or run */

void panel_start(Panel *p);  /* `r` */
void panel_stop(Panel *p);   /* `s` */
bool panel_running(const Panel *p);
/* Keys the panel understands, from the tables below (ctx: the Panel);
 * true when used. A step without a demo or run uses none. */
bool panel_key(Panel *p, int key);
/* Every step with a pane (r, s, Tab), and a demo's panes (+ - [ ] z ...);
 * as sections for `?` and the man page. */
extern const KeyBinding panel_step_keys[];
extern const KeyBinding panel_zoom_keys[];
extern const KeyBinding panel_demo_keys[];
extern const KeySection panel_key_sections[];
/* The footer's key hints for the step shown, " r run  s stop  Tab focus",
 * within width columns: the less useful ones left out, none cut. */
void panel_key_hints(const Panel *p, char *buf, size_t n, int width);
/* The focused pane has the whole screen (m): the walker gives the panel
 * all of it, and its keys before the lesson's. */
bool panel_zoomed(const Panel *p);

/* File descriptors to poll (at most max); returns how many were filled. */
int panel_pollfds(Panel *p, struct pollfd *fds, int max);
/* After poll: read what is ready, reap the child. */
void panel_on_poll(Panel *p, const struct pollfd *fds, int n);
/* A stopped child gets SIGTERM and its grace (seconds for srun, which must
 * release its job step) without the screen waiting for it: this reaps the
 * ones that have gone and SIGKILLs the ones past their grace. Call it on
 * every turn of the loop, whatever is on screen; returns the seconds until
 * it needs calling again, or -1 when no child is being stopped. */
double panel_reap(Panel *p, double now);
/* Seconds until the panel wants to be redrawn (≤ 0.1 while running). */
double panel_timeout(const Panel *p, double now);
bool panel_dirty(const Panel *p);

/* Draw into the rectangle; the walker calls this only when dirty or after a
 * layout change. Minimum sensible size: 20x6; smaller draws nothing. */
void panel_draw(Panel *p, WINDOW *win, int y, int x, int h, int w);
/* One line for the status bar ("gil cpu running 2 workers", "" when idle). */
const char *panel_status(const Panel *p);

/* The live panes' own keys, for the `?` screen and the man page: the i-th
 * pane's name, its help line and its key table (NULL: none); false past
 * the last pane. The panel takes them whichever pane has the focus. */
bool panel_pane_keys(int i, const char **name, const char **help, const KeyBinding **keys);

/* The command line of this demo step as `r` would run it now (caller
 * frees with argv_free); NULL with a one-line reason in err when the step
 * has no demo or gives it an option it does not take. */
char **panel_demo_argv(const Panel *p, char *err, size_t errlen);

/* Whether the last run of this `run:` step exited 0 with its `expect` in
 * the output (false for demo steps, before a run, after a stop). */
bool panel_run_passed(const Panel *p);
/* The measure ("speedup", "wall_s") of the finished demo's widest run,
 * and its workers; false before a result, while running, on a run step.
 * (panel_predict.c) */
bool panel_measure(const Panel *p, const char *measure, double *value, int *workers);
/* A line for the footer until the next run or step (a prediction set
 * beside the result). */
void panel_say(Panel *p, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* True while the panel's own prompt (the CSV export path) is open: the
 * walker should then hand every key to panel_key, `q` included. */
bool panel_wants_all_keys(const Panel *p);

#endif
