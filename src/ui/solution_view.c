/* ui/solution_view: an exercise's solution, asked for with `a` (after a
 * y), as a screen over the lesson: highlighted, scrollable, and closed
 * back onto the step, whose file is untouched. */
#include "ui/practice_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *solution_lang(const LessonExercise *ex)
{
    const char *dot = strrchr(ex->solution, '.');
    if (dot && strcmp(dot, ".py") == 0)
        return "python";
    if (dot && (strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0))
        return "c";
    if (dot && strcmp(dot, ".sh") == 0)
        return "sh";
    return "text";
}

/* Rows of code between the title lines and the footer. */
static int code_rows(int h) { return h - 4; }

static void build(App *app, Doc *d, int width)
{
    ExerciseView *v = app->exercise;
    doc_init(d);
    if (v->solution && v->ex)
        render_code(d, solution_lang(v->ex), v->solution, width, app->caps.ascii);
}

static bool key_scroll(void *ctx, int key)
{
    App *app = ((UiKeyCtx *)ctx)->app;
    ExerciseView *v = app->exercise;
    Doc d;
    build(app, &d, app->layout.cols - 4);
    int page = code_rows(app->layout.rows - 1);
    int max = (int)d.n - page;
    doc_free(&d);
    int delta = key == KEY_UP ? -1 : key == KEY_DOWN ? 1 : key == KEY_PPAGE ? -page : page;
    v->solution_scroll += delta;
    if (v->solution_scroll > max)
        v->solution_scroll = max;
    if (v->solution_scroll < 0)
        v->solution_scroll = 0;
    return true;
}

static const KeyBinding solution_keys[] = {
    {.keys = {27, 'q', 'a'}, .names = "Esc  q  a", .hint = "back to your exercise",
     .what = "back to the exercise", .run = ui_key_close},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .what = "scroll the solution", .run = key_scroll},
    {.keys = {KEY_PPAGE, KEY_NPAGE}, .names = "PgUp  PgDn", .what = "a page up / down", .run = key_scroll},
    {.names = NULL},
};

const KeySection solution_key_sections[] = {
    {"An exercise's solution", solution_keys},
    {0},
};

static void solution_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    (void)ctx;
    ExerciseView *v = app->exercise;
    const UiCaps *caps = &app->caps;
    if (!v->ex)
        return;
    char *title = xasprintf("Solution: %s", lesson_exercise_name(v->ex));
    draw_text(win, y, x + 2, w - 4, title, style_attr(caps, ROLE_TITLE));
    free(title);
    draw_text(win, y + 1, x + 2, w - 4, "Compare it with your file; yours is untouched.",
              style_attr(caps, ROLE_DIM));
    Doc d;
    build(app, &d, w - 4);
    int rows = code_rows(h);
    for (int i = 0; i < rows && v->solution_scroll + i < (int)d.n; i++)
        doc_draw_line(win, caps, &d.lines[v->solution_scroll + i], y + 3 + i, x + 2, w - 4);
    char foot[200] = "";
    keys_hints(solution_keys, ", ", foot, sizeof foot);
    if ((int)d.n - v->solution_scroll > rows)
        snprintf(foot + strlen(foot), sizeof foot - strlen(foot), " (more below)");
    draw_text(win, y + h - 1, x + 2, w - 4, foot, style_attr(caps, ROLE_DIM));
    doc_free(&d);
}

const UiScreen solution_screen = {
    .name = "solution",
    .keys = solution_key_sections,
    .draw = solution_draw,
};

void solution_open(App *app, char *text)
{
    ExerciseView *v = app->exercise;
    free(v->solution);
    v->solution = text;
    v->solution_scroll = 0;
    app_open_screen(app, &solution_screen, app);
}
