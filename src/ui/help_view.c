/* ui/help_view: `?`, the keys of the screen it was pressed on (the lesson
 * with its panes and mode, the index, search results, Jupyter), under
 * their headings, then the ones that work everywhere. Straight from the
 * key tables (help_sections in ui/keys_doc.c). */
#include "ui/ui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 160, MAX_SECTIONS = 16 };

/* One row of the list: a heading, a binding, or a blank line. */
typedef struct {
    const char *heading;
    const KeyBinding *binding;
} HelpRow;

/* The screen help was opened over (NULL: the lesson). */
static const UiScreen *described(const App *app)
{
    return app->n_screens >= 2 ? app->screens[app->n_screens - 2].screen : NULL;
}

static int help_rows(const App *app, HelpRow *rows, int max)
{
    KeySection secs[MAX_SECTIONS];
    const UiModeHooks *m = app->cfg.mode;
    int ns = help_sections(described(app), m ? m->keys : NULL, secs, MAX_SECTIONS);
    int n = 0;
    for (int i = 0; i < ns; i++) {
        if (secs[i].title && n > 0 && n < max)
            rows[n++] = (HelpRow){NULL, NULL};
        if (secs[i].title && n < max)
            rows[n++] = (HelpRow){secs[i].title, NULL};
        for (const KeyBinding *b = secs[i].keys; b->names && n < max; b++)
            rows[n++] = (HelpRow){NULL, b};
    }
    return n;
}

/* Rows of the list that fit between the title and the footer. */
static int visible_rows(int h) { return h - 5; }

static bool key_scroll(void *ctx, int key)
{
    App *app = ((UiKeyCtx *)ctx)->app;
    HelpRow rows[MAX_ROWS];
    int max = help_rows(app, rows, MAX_ROWS) - visible_rows(app->layout.rows - 1);
    if (key == KEY_UP && app->help.scroll > 0)
        app->help.scroll--;
    else if (key == KEY_DOWN && app->help.scroll < max)
        app->help.scroll++;
    return true;
}

static const KeyBinding help_keys[] = {
    {.keys = {27, 'q', '?'}, .names = "Esc  q  ?", .hint = "closes this help",
     .what = "back to the screen ? was pressed on", .run = ui_key_close},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .hint = "scroll", .what = "scroll this list",
     .run = key_scroll},
    {.names = NULL},
};

KEY_SECTIONS_ONE(help_sections_own, "This help", help_keys);

static void draw_row(const App *app, WINDOW *win, int y, int x, int w, int keyw, const HelpRow *row)
{
    const UiCaps *caps = &app->caps;
    if (row->heading) {
        char *h = text_display(row->heading, caps->ascii);
        draw_text(win, y, x + 2, w - 4, h, style_attr(caps, ROLE_HEADING));
        free(h);
    } else if (row->binding) {
        char *keys = text_display(row->binding->names, caps->ascii);
        char *what = text_display(row->binding->what, caps->ascii);
        draw_text(win, y, x + 4, keyw, keys, style_attr(caps, ROLE_KEY));
        draw_text(win, y, x + 6 + keyw, w - 8 - keyw, what, A_NORMAL);
        free(keys);
        free(what);
    }
}

static void help_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    (void)ctx;
    const UiCaps *caps = &app->caps;
    HelpRow rows[MAX_ROWS];
    int n = help_rows(app, rows, MAX_ROWS);
    int keyw = 12; /* the widest names, within reason */
    for (int i = 0; i < n; i++)
        if (rows[i].binding) {
            int kw = text_width(rows[i].binding->names, strlen(rows[i].binding->names));
            keyw = kw > keyw ? (kw < 24 ? kw : 24) : keyw;
        }
    draw_text(win, y + 1, x + 2, w - 4, "Keys", style_attr(caps, ROLE_TITLE));
    int vis = visible_rows(h);
    for (int i = 0; i < vis && app->help.scroll + i < n; i++)
        draw_row(app, win, y + 3 + i, x, w, keyw, &rows[app->help.scroll + i]);
    char foot[256] = "";
    keys_hints(help_keys, ", ", foot, sizeof foot);
    if (n - app->help.scroll > vis)
        snprintf(foot + strlen(foot), sizeof foot - strlen(foot), " (more below)");
    draw_text(win, y + h - 1, x + 2, w - 4, foot, style_attr(caps, ROLE_DIM));
}

const UiScreen help_screen = {
    .keys = help_sections_own,
    .draw = help_draw,
};
