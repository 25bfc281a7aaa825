/* ui/jupyter: the `j` screen -- the Jupyter job on the cluster, live.
 *
 * A form (defaults from the config files and the old script's names), then
 * the session: PENDING with the scheduler's reason and expected start,
 * RUNNING with node and time left (a warning under 10 minutes), ended with
 * state and exit code; the log's tail; the copy-ready connection lines;
 * stop with confirmation. Opening it while a session runs reattaches.
 *
 * Wiring (the app loop's UiScreen hook, ui/app.h):
 *
 *     void *jctx = jupyter_screen_new();
 *     cfg.jupyter = &jupyter_live_screen;
 *     cfg.jupyter_ctx = jctx;
 *     int rc = app_run(&cfg);
 *     jupyter_screen_free(jctx);   // after the terminal is restored: says
 *                                  // on stderr when a job is left running
 */
#ifndef CORELAB_UI_JUPYTER_SCREEN_H
#define CORELAB_UI_JUPYTER_SCREEN_H

#include "ui/app.h"

extern const UiScreen jupyter_live_screen;

void *jupyter_screen_new(void);
void jupyter_screen_free(void *ctx);

#endif
