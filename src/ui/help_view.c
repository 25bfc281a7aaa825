/* ui/help_view: `?`, every key the walker knows, then a mode's own. */
#include "ui/ui_internal.h"

#include <stdlib.h>

static const UiHelpEntry walker_keys[] = {
    {"Right  PgDn  Space", "next step (on into the next lesson at the end)"},
    {"Left  PgUp", "previous step"},
    {"Up  Down", "scroll a long step"},
    {"Home  End", "top / bottom of the step, then first / last step"},
    {"1-9", "answer a quiz"},
    {"g", "lesson index (Right: its steps, Enter opens)"},
    {"/", "search all lessons (Enter jumps to a match)"},
    {"r", "run this step's demo or exercise"},
    {"s", "stop it"},
    {"+  -", "more / fewer workers while a demo runs"},
    {"[  ]", "shorter / longer GIL switch interval"},
    {"Tab  z  p  t  e", "a demo's panes: focus, zoom, pause, table, export"},
    {"n", "run demos on a compute node via srun (Slurm), or here again"},
    {"j", "the Jupyter screen"},
    {"?", "this help"},
    {"Esc", "close this screen, the index or the search"},
    {"Ctrl-L", "repaint the whole screen"},
    {"q  Ctrl-C", "quit (your place and answers are saved)"},
    {NULL, NULL},
};

/* The i-th entry of the walker's keys followed by the mode's. */
static const UiHelpEntry *entry(const App *app, int i)
{
    int n = 0;
    while (walker_keys[n].keys)
        n++;
    if (i < n)
        return &walker_keys[i];
    const UiHelpEntry *m = app->cfg.mode ? app->cfg.mode->help : NULL;
    for (int k = 0; m && m[k].keys; k++)
        if (n + k == i)
            return &m[k];
    return NULL;
}

static int count(const App *app)
{
    int n = 0;
    while (entry(app, n))
        n++;
    return n;
}

static int rows_for_entries(const App *app) { return app->layout.rows - 1 - 5; }

void help_view_draw(App *app, WINDOW *win, Rect r)
{
    const UiCaps *caps = &app->caps;
    draw_text(win, r.y + 1, r.x + 2, r.w - 4, "Keys", style_attr(caps, ROLE_TITLE));
    int rows = r.h - 5;
    int n = count(app);
    for (int i = 0; i < rows && app->help.scroll + i < n; i++) {
        const UiHelpEntry *e = entry(app, app->help.scroll + i);
        char *keys = text_display(e->keys, caps->ascii);
        char *what = text_display(e->what, caps->ascii);
        draw_text(win, r.y + 3 + i, r.x + 4, 20, keys, style_attr(caps, ROLE_KEY));
        draw_text(win, r.y + 3 + i, r.x + 26, r.w - 28, what, A_NORMAL);
        free(keys);
        free(what);
    }
    const char *foot = n - app->help.scroll > rows ? "Esc or q closes this help, Down shows more"
                                                   : "Esc or q closes this help";
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4, foot, style_attr(caps, ROLE_DIM));
}

bool help_view_key(App *app, int key)
{
    int max = count(app) - rows_for_entries(app);
    if (max < 0)
        max = 0;
    switch (key) {
    case '?':
        app->overlay = OV_NONE;
        app->dirty |= DIRTY_ALL;
        return true;
    case KEY_UP:
        if (app->help.scroll > 0)
            app->help.scroll--;
        app->dirty |= DIRTY_OVERLAY;
        return true;
    case KEY_DOWN:
        if (app->help.scroll < max)
            app->help.scroll++;
        app->dirty |= DIRTY_OVERLAY;
        return true;
    default:
        return false;
    }
}
