/* ui/app_keys: what a key does on the lesson, and where every key goes.
 *
 * A key goes to the first that takes it: the keys that work anywhere
 * (Ctrl-L, Ctrl-C); a search query or the panel's export path being typed;
 * a question being answered (an exercise's y/N, a prediction); the screen
 * on top (ui/screens.c); on the lesson, its table below, the exercise's
 * (ui/exercise_keys.c), then the panel's (ui/panes/panel_keys.c; a `r`
 * that must first ask for a prediction goes to ui/predict.c), then the
 * mode's. The tables are
 * what `?` and the man page list (ui/keys_doc.c). */
#include "ui/ui_internal.h"
#include "ui/practice_ui.h"

/* ---- moving around ---- */

static bool key_next(void *ctx, int key)
{
    App *app = ctx;
    /* PgDn and Space read a long step to its end before moving on. */
    if (key != KEY_RIGHT && step_view_more_below(app)) {
        step_view_scroll(app, app->layout.text.h > 3 ? app->layout.text.h - 2 : 1);
        return true;
    }
    const Lesson *l = app_cur_lesson(app);
    if (app->step + 1 < l->n_steps)
        app_goto(app, app->lesson, app->step + 1);
    else if (app->lesson + 1 < app->lessons.n)
        app_goto(app, app->lesson + 1, 0);
    else
        app_message(app, 3, "this is the last step of the last lesson");
    return true;
}

static bool key_prev(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    if (app->step > 0)
        app_goto(app, app->lesson, app->step - 1);
    else if (app->lesson > 0) {
        const Lesson *prev = app->lessons.lessons[app->lesson - 1];
        app_goto(app, app->lesson - 1, prev->n_steps ? prev->n_steps - 1 : 0);
    } else
        app_message(app, 3, "this is the first step");
    return true;
}

static bool key_scroll(void *ctx, int key)
{
    step_view_scroll(ctx, key == KEY_UP ? -1 : 1);
    return true;
}

/* The step's top or bottom; never another step. */
static bool key_home_end(void *ctx, int key)
{
    App *app = ctx;
    step_view_scroll(app, key == KEY_HOME ? -app->scroll : (int)app->doc.n);
    return true;
}

static bool key_answer(void *ctx, int key) { return quiz_key(ctx, key); }

/* ---- screens ---- */

const UiScreen *app_jupyter_screen(const App *app, void **ctx)
{
    *ctx = app->cfg.jupyter ? app->cfg.jupyter_ctx : NULL;
    return app->cfg.jupyter ? app->cfg.jupyter : &jupyter_info_screen;
}

static bool key_index(void *ctx, int key)
{
    (void)key;
    index_view_open(ctx);
    app_open_screen(ctx, &index_screen, ctx);
    return true;
}

KEY_ACTION_CALLS(key_search, search_begin)

static bool key_match(void *ctx, int key)
{
    search_step(ctx, key == KEY_CTRL('n') || key == KEY_F(3) ? 1 : -1);
    return true;
}

static bool key_jupyter(void *ctx, int key)
{
    (void)key;
    void *jctx;
    const UiScreen *s = app_jupyter_screen(ctx, &jctx);
    app_open_screen(ctx, s, jctx);
    return true;
}

static bool key_quit(void *ctx, int key)
{
    (void)key;
    app_quit(ctx, 0);
    return true;
}

const KeyBinding app_keys_lesson[] = {
    {.keys = {KEY_RIGHT, KEY_NPAGE, ' '}, .names = "Right  PgDn  Space",
     .what = "next step (PgDn, Space: the rest of a long step first)", .run = key_next,
     .more = "Next step; at the end of a lesson, on into the next lesson. PgDn and Space first "
             "page through the rest of a step taller than the screen; Right moves on at once."},
    {.keys = {KEY_LEFT, KEY_PPAGE, KEY_BACKSPACE}, .names = "Left  PgUp  Backspace",
     .what = "previous step", .run = key_prev,
     .more = "Previous step, back into the previous lesson at a lesson's start."},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .what = "scroll a long step",
     .run = key_scroll, .more = "Scroll a step taller than the screen."},
    {.keys = {KEY_HOME, KEY_END}, .names = "Home  End", .what = "top / bottom of the step",
     .run = key_home_end, .more = "The top or bottom of a step taller than the screen."},
    {.range_lo = '1', .range_hi = '9', .names = "1-9", .what = "answer a quiz", .run = key_answer,
     .more = "Answer the step's quiz: a wrong answer shows a hint, the right one the explanation."},
    {.keys = {'g'}, .names = "g", .what = "lesson index (Right: its steps, Enter opens)",
     .run = key_index,
     .more = "The lesson index: id, title, steps, planned minutes and your progress."},
    {.keys = {'/'}, .names = "/", .what = "search all lessons (Enter jumps to a match)",
     .run = key_search,
     .more = "Search every lesson's titles, text, code and quiz questions (not their answers); "
             "Enter opens a match's step with the query marked."},
    {.keys = {KEY_CTRL('n'), KEY_CTRL('p'), KEY_F(3), KEY_F(15)}, .names = "Ctrl-N  Ctrl-P", .what = "next / previous search match",
     .run = key_match,
     .more = "The next or previous match of the last search, its step opened with the query marked "
             "(F3 and Shift-F3 too)."},
    {.keys = {'j'}, .names = "j", .what = "the Jupyter screen", .run = key_jupyter,
     .more = "The Jupyter screen: a form with your settings to start the job, then its state, "
             "time left, log and connection lines, as corelab jupyter shows them. Leaving the "
             "screen (or corelab) leaves the job running."},
    {.keys = {'q'}, .names = "q", .what = "quit (your place and answers are saved)", .run = key_quit,
     .more = "Quit. Your place and quiz answers are saved."},
    {.names = NULL},
};

/* ---- everywhere ---- */

static bool key_help(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    app->help.scroll = 0;
    app_open_screen(app, &help_screen, app);
    return true;
}

static bool key_repaint(void *ctx, int key)
{
    (void)key;
    clearok(curscr, TRUE);
    ((App *)ctx)->dirty |= DIRTY_ALL;
    return true;
}

const KeyBinding app_keys_every_screen[] = {
    {.keys = {'?'}, .names = "?", .what = "the keys of this screen", .run = key_help,
     .more = "Help: the keys of the screen it is pressed on, and these."},
    {.names = NULL},
};

const KeyBinding app_keys_anywhere[] = {
    {.keys = {12}, .names = "Ctrl-L", .what = "repaint the whole screen", .run = key_repaint},
    {.keys = {3}, .names = "Ctrl-C", .what = "quit, from any screen (your place is saved)",
     .run = key_quit},
    {.names = NULL},
};

/* ---- where a key goes ---- */

/* A key of the panel's on a step that has no panel: say so. */
static void nothing_to_run(App *app, int key)
{
    if (keys_find(panel_step_keys, key) && !panel_has_content(app->panel))
        app_message(app, 3, "this step has nothing to run");
}

/* A key the panel takes, and what it redraws: the whole layout when the
 * panel's zoom changed. */
static bool panel_took(App *app, int key)
{
    bool zoomed = panel_zoomed(app->panel);
    if (!panel_key(app->panel, key))
        return false;
    app->dirty |= DIRTY_PANEL | DIRTY_STATUS | (panel_zoomed(app->panel) != zoomed ? DIRTY_LAYOUT : 0);
    return true;
}

static bool mode_key(App *app, int key)
{
    const UiModeHooks *m = app->cfg.mode;
    UiKeyCtx k = {app, app->cfg.mode_ctx};
    for (const KeySection *sec = m ? m->keys : NULL; sec && sec->keys; sec++)
        if (keys_dispatch(sec->keys, &k, key))
            return true;
    return false;
}

void app_handle_key(App *app, int key)
{
    if (key == KEY_RESIZE) { /* the terminal's, not the user's */
        app->dirty |= DIRTY_LAYOUT;
        return;
    }
    if (keys_dispatch(app_keys_anywhere, app, key))
        return;
    if (app->search.prompting) {
        search_prompt_key(app, key);
        return;
    }
    /* The panel's export prompt takes every key: a path may hold q or r. */
    if (app->panel && panel_wants_all_keys(app->panel)) {
        panel_key(app->panel, key);
        app->dirty |= DIRTY_PANEL | DIRTY_STATUS;
        return;
    }
    if (exercise_take_key(app, key) || predict_take_key(app, key))
        return;
    if (app->n_screens > 0) {
        screen_key(app, key);
        return;
    }
    if (app->layout.too_small) { /* only quitting works on the notice */
        const KeyBinding *b = keys_find(app_keys_lesson, key);
        if (b && b->run == key_quit)
            b->run(app, key);
        return;
    }
    /* A zoomed pane has the screen: its keys (arrows, pages) come first. */
    if (panel_zoomed(app->panel) && panel_took(app, key))
        return;
    if (keys_dispatch(app_keys_lesson, app, key) || keys_dispatch(exercise_keys, app, key) ||
        keys_dispatch(app_keys_every_screen, app, key) || predict_before_run(app, key))
        return;
    if (panel_took(app, key))
        return;
    if (!mode_key(app, key))
        nothing_to_run(app, key);
}
