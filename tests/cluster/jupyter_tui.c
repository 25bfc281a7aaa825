/* Test harness: the walker with the live Jupyter screen on `j`, wired the
 * way ui_main does it (see ui/jupyter/jupyter_screen.h), so that the screen
 * can be tested in tmux whatever the main binary wires.
 * usage: jupyter_tui LESSONS_DIR [CORELAB_BIN] */
#include "ui/app.h"
#include "ui/jupyter/jupyter_screen.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: jupyter_tui LESSONS_DIR [CORELAB_BIN]\n", stderr);
        return 2;
    }
    AppConfig cfg = app_config_default();
    cfg.lessons_dir = argv[1];
    cfg.self_exe = argc > 2 ? argv[2] : NULL;
    cfg.save_progress = false;
    void *jctx = jupyter_screen_new();
    cfg.jupyter = &jupyter_live_screen;
    cfg.jupyter_ctx = jctx;
    int rc = app_run(&cfg);
    jupyter_screen_free(jctx);
    return rc;
}
