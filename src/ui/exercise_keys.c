/* ui/exercise_keys: the keys of an exercise step (ctx: App): o opens the
 * file in the learner's editor, r checks it now, i shows the next hint,
 * a the solution and x puts the starter back. a and x ask first (y/N in
 * the exercise's pane); the question takes the next key, whatever it is.
 * On a step without an exercise they say so (r goes on to the panel). */
#include "ui/practice_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The step's exercise view, or NULL after saying the step has none. */
static ExerciseView *with_exercise(App *app)
{
    if (app->exercise->ex)
        return app->exercise;
    app_message(app, 3, "this step has no exercise");
    return NULL;
}

static bool key_edit(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    ExerciseView *v = with_exercise(app);
    if (v && exercise_ready(app)) /* else the pane says what stops it */
        editor_open(app, v->files.file);
    return true;
}

static bool key_check(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    if (!app->exercise->ex)
        return false; /* the panel's r: run a demo or a command */
    exercise_check_now(app, true);
    return true;
}

static bool key_hint(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    ExerciseView *v = with_exercise(app);
    if (!v)
        return true;
    const StepProgress *sp = progress_step(&app->progress, v->lesson->id, v->step_no);
    int shown = sp ? sp->exercise.hints : 0;
    if (v->ex->hints.n == 0) {
        app_message(app, 5, "this exercise has no hints; a shows the solution (it asks first)");
        return true;
    }
    if ((size_t)shown >= v->ex->hints.n) {
        app_message(app, 5, "that was the last hint; a shows the solution (it asks first)");
        return true;
    }
    progress_exercise_hints(&app->progress, v->lesson->id, v->step_no, shown + 1);
    app->progress_changed = true;
    app->doc_valid = false;
    app->scroll_to_end = true; /* the hints are at the end of the step */
    app->dirty |= DIRTY_TEXT;
    exercise_mark(app);
    app_message(app, 4, "hint %d of %zu is under the step's text", shown + 1, v->ex->hints.n);
    return true;
}

static bool ask(void *ctx, ExerciseAsk what)
{
    App *app = ctx;
    ExerciseView *v = with_exercise(app);
    if (!v)
        return true;
    v->ask = what;
    exercise_mark(app);
    app_message(app, 30, "%s  y/N", what == EX_ASK_SOLUTION ? "show the solution?" : "reset your file to the starter?");
    return true;
}

static bool key_solution(void *ctx, int key)
{
    (void)key;
    return ask(ctx, EX_ASK_SOLUTION);
}

static bool key_reset(void *ctx, int key)
{
    (void)key;
    return ask(ctx, EX_ASK_RESET);
}

const KeyBinding exercise_keys[] = {
    {.keys = {'o'}, .names = "o", .hint = "edit", .what = "open the exercise's file in your editor",
     .run = key_edit,
     .more = "Open the exercise's file in your editor ($VISUAL, else $EDITOR, else nano, else vi) "
             "with corelab's screen put away; quitting the editor comes back to the step and checks "
             "the file. Any other editor, in another window or over SSH, works too: every save is "
             "checked."},
    {.keys = {'r'}, .names = "r", .hint = "check", .what = "check the exercise's file now (every save does)",
     .run = key_check},
    {.keys = {'i'}, .names = "i", .hint = "hint", .what = "the exercise's next hint", .run = key_hint,
     .more = "The exercise's next hint, under the step's text; they go from a nudge to nearly the "
             "answer."},
    {.keys = {'a'}, .names = "a", .hint = "solution", .what = "the exercise's solution (asks first)",
     .run = key_solution},
    {.keys = {'x'}, .names = "x", .hint = "reset",
     .what = "put the starter back, yours kept as a backup (asks first)", .run = key_reset,
     .more = "Put the exercise's starter back in place of your file (it asks first); your file is "
             "kept beside it as FILE.~1~ (the next free number)."},
    {.names = NULL},
};

const KeySection exercise_key_sections[] = {
    {"Exercise steps", exercise_keys},
    {0},
};

void exercise_key_hints(char *buf, size_t n)
{
    snprintf(buf, n, " ");
    keys_hints(exercise_keys, "  ", buf, n);
}

/* ---- the answer to a question ---- */

static void show_solution(App *app)
{
    ExerciseView *v = app->exercise;
    char *err = NULL;
    char *text = practice_solution_text(&v->files, &err);
    if (!text) {
        exercise_notice(app, true, "%s", err);
        free(err);
        return;
    }
    progress_exercise_solution(&app->progress, v->lesson->id, v->step_no);
    app->progress_changed = true;
    app->doc_valid = false;
    app->scroll_to_end = true; /* back on the step: its note at the end */
    solution_open(app, text);
}

static void reset_file(App *app)
{
    ExerciseView *v = app->exercise;
    char *backup = NULL, *err = NULL;
    if (practice_workspace_reset(&v->files, &backup, &err) < 0) {
        exercise_notice(app, true, "%s", err);
        free(err);
        return;
    }
    if (backup) {
        char *shown = practice_display_path(backup);
        exercise_notice(app, false, "the starter is back; your version is kept as %s", shown);
        free(shown);
    } else {
        exercise_notice(app, false, "the starter is back in %s", v->shown);
    }
    free(backup);
    exercise_check_now(app, true);
}

bool exercise_take_key(App *app, int key)
{
    ExerciseView *v = app->exercise;
    if (!v || v->ask == EX_ASK_NONE)
        return false;
    ExerciseAsk what = v->ask;
    v->ask = EX_ASK_NONE;
    app->message_until = now_monotonic(); /* the question's line goes */
    exercise_mark(app);
    if (key != 'y' && key != 'Y') {
        exercise_notice(app, false, what == EX_ASK_SOLUTION ? "the solution stays hidden" : "nothing was reset");
        return true;
    }
    if (what == EX_ASK_SOLUTION)
        show_solution(app);
    else
        reset_file(app);
    return true;
}
