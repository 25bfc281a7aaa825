/* ui/ui_main: the entry points of the terminal UI. */
#include "ui/ui.h"
#include "ui/app.h"
#include "ui/ui_internal.h"
#include "ui/classmode/classmode.h"
#include "ui/jupyter/jupyter_screen.h"

#include <stdio.h>

static int walk_main(int argc, char **argv)
{
    UiOptions o;
    int rc = ui_options_parse(argc, argv, &o);
    if (rc)
        return rc;
    if (o.help) {
        fputs(ui_usage, stdout);
        return 0;
    }
    if (o.version) {
        printf("corelab %s\n", CORELAB_VERSION);
        return 0;
    }
    AppConfig cfg = app_config_default();
    cfg.lessons_dir = o.lessons_dir;
    cfg.open_spec = o.open;
    cfg.workspace = o.workspace;
    cfg.ascii = o.ascii;
    cfg.no_color = o.no_color;
    return ui_run_with_jupyter(&cfg);
}

int ui_run_with_jupyter(AppConfig *cfg)
{
    /* `j`: the live Jupyter screen (ui/jupyter/). */
    void *jctx = jupyter_screen_new();
    cfg->jupyter = &jupyter_live_screen;
    cfg->jupyter_ctx = jctx;
    int rc = app_run(cfg);
    jupyter_screen_free(jctx); /* after the terminal is restored: says what keeps running */
    return rc;
}

int ui_main(UiMode mode, int argc, char **argv)
{
    switch (mode) {
    case UI_MODE_WALK:
        return walk_main(argc, argv);
    case UI_MODE_TEACH:
        return classmode_teach_main(argc, argv);
    case UI_MODE_FOLLOW:
        return classmode_follow_main(argc, argv);
    }
    fprintf(stderr, "corelab %s: not available yet\n", mode == UI_MODE_TEACH ? "teach" : "follow");
    return 2;
}
