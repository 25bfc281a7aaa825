/* ui/help_view: `?`, every key the walker knows. */
#include "ui/ui_internal.h"

static const struct {
    const char *keys;
    const char *what;
} help_keys[] = {
    {"Right  PgDn  Space", "next step (on into the next lesson at the end)"},
    {"Left  PgUp", "previous step"},
    {"Up  Down", "scroll a long step"},
    {"Home  End", "first / last step of this lesson"},
    {"1-9", "answer a quiz"},
    {"g", "lesson index (Enter opens)"},
    {"/", "search all lessons (Enter jumps to a match)"},
    {"r", "run this step's demo or exercise"},
    {"s", "stop it"},
    {"+  -", "more / fewer workers while a demo runs"},
    {"[  ]", "shorter / longer GIL switch interval"},
    {"Tab", "next pane of a running demo"},
    {"j", "the Jupyter screen"},
    {"?", "this help"},
    {"Esc", "close this screen, the index or the search"},
    {"q  Ctrl-C", "quit (your place and answers are saved)"},
};

enum { N_HELP = sizeof help_keys / sizeof help_keys[0] };

void help_view_draw(App *app, WINDOW *win, Rect r)
{
    const UiCaps *caps = &app->caps;
    int y = r.y + 1;
    draw_text(win, y, r.x + 2, r.w - 4, "Keys", style_attr(caps, ROLE_TITLE));
    y += 2;
    int rows = r.h - 5;
    for (int i = app->help.scroll; i < N_HELP && y - r.y - 3 < rows; i++, y++) {
        draw_text(win, y, r.x + 4, 20, help_keys[i].keys, style_attr(caps, ROLE_KEY));
        draw_text(win, y, r.x + 26, r.w - 28, help_keys[i].what, A_NORMAL);
    }
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4, "Esc or q closes this help",
              style_attr(caps, ROLE_DIM));
}

bool help_view_key(App *app, int key)
{
    int rows = app->layout.rows - 1 - 5;
    int max = N_HELP - rows > 0 ? N_HELP - rows : 0;
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
