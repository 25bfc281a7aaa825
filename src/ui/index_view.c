/* ui/index_view: `g`, every lesson with its id, title, steps, planned
 * minutes and what the learner did in it (steps seen, quizzes right at the
 * first answer, exercises passed; "done" when all of it); Right unfolds a
 * lesson into its steps, each with its mark (seen, right or wrong, passed
 * or trying ...). Enter opens a lesson where the user left it, or the
 * step chosen. */
#include "ui/ui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t lesson;
    long step; /* -1: the lesson's own row */
} IndexRow;

/* A lesson row's columns after the title: steps, minutes, progress; the
 * title keeps at least INDEX_TITLE_MIN. */
enum { INDEX_RIGHT_COLS = 50, INDEX_TITLE_MIN = 24 };

static int title_cols(int w, int idw)
{
    return w - idw - INDEX_RIGHT_COLS > INDEX_TITLE_MIN ? w - idw - INDEX_RIGHT_COLS : INDEX_TITLE_MIN;
}

void index_view_free(IndexView *v)
{
    free(v->expanded);
    v->expanded = NULL;
    v->n_expanded = 0;
}

void index_view_open(App *app)
{
    IndexView *v = &app->index;
    if (v->n_expanded != app->lessons.n) {
        free(v->expanded);
        v->expanded = xcalloc(app->lessons.n ? app->lessons.n : 1, sizeof *v->expanded);
        v->n_expanded = app->lessons.n;
    }
    /* the selection on the current lesson's row */
    v->sel = 0;
    for (size_t i = 0; i < app->lesson; i++)
        v->sel += 1 + (v->expanded[i] ? app->lessons.lessons[i]->n_steps : 0);
    v->top = 0;
}

static size_t n_rows(const App *app)
{
    size_t n = 0;
    for (size_t i = 0; i < app->lessons.n; i++)
        n += 1 + (app->index.expanded[i] ? app->lessons.lessons[i]->n_steps : 0);
    return n;
}

static IndexRow row_at(const App *app, size_t k)
{
    for (size_t i = 0; i < app->lessons.n; i++) {
        if (k == 0)
            return (IndexRow){i, -1};
        k--;
        size_t steps = app->index.expanded[i] ? app->lessons.lessons[i]->n_steps : 0;
        if (k < steps)
            return (IndexRow){i, (long)k};
        k -= steps;
    }
    return (IndexRow){0, -1};
}

static size_t row_of_lesson(const App *app, size_t lesson)
{
    size_t k = 0;
    for (size_t i = 0; i < lesson; i++)
        k += 1 + (app->index.expanded[i] ? app->lessons.lessons[i]->n_steps : 0);
    return k;
}

/* "-", "done", or "3/9 seen, 1/2 right, 0/1 passed" (the parts the
 * lesson has). */
static void progress_text(App *app, const Lesson *l, char *buf, size_t n)
{
    LessonTally t;
    progress_tally(&app->progress, l, &t);
    if (t.done) {
        snprintf(buf, n, "done");
        return;
    }
    if (t.seen == 0 && t.answered == 0 && t.passed + t.trying == 0) {
        snprintf(buf, n, "-");
        return;
    }
    int k = snprintf(buf, n, "%d/%d seen", t.seen, t.steps);
    if (t.quizzes && k > 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, ", %d/%d right", t.right, t.quizzes);
    if (t.exercises && k > 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, ", %d/%d passed", t.passed, t.exercises);
}

static const char *step_kind(const LessonStep *s)
{
    return s->exercise ? "exercise" : s->quiz ? "quiz" : s->demo ? "demo" : s->run ? "run" : s->code ? "code" : "";
}

/* One row of the table as text (caller frees). */
static char *row_text(App *app, IndexRow r, int w, int idw)
{
    const Lesson *l = app->lessons.lessons[r.lesson];
    bool ascii = app->caps.ascii;
    int tw = title_cols(w, idw);
    if (r.step < 0) {
        char prog[64];
        progress_text(app, l, prog, sizeof prog);
        char *title = text_display(l->title ? l->title : "", ascii);
        size_t tfit = text_fit(title, strlen(title), tw);
        int pad = tw - text_width(title, tfit);
        const char *mark = app->index.expanded[r.lesson] ? (ascii ? "v" : "\xe2\x96\xbe")
                                                         : (ascii ? ">" : "\xe2\x96\xb8");
        char *line = xasprintf("%c %s %-*.*s %.*s%*s %5zu %5d  %s", r.lesson == app->lesson ? '*' : ' ',
                               mark, idw - 2, idw - 2, l->id, (int)tfit, title, pad > 0 ? pad : 0, "",
                               l->n_steps, l->teaching + l->exercises, prog);
        free(title);
        return line;
    }
    const LessonStep *s = &l->steps[r.step];
    const char *mark = progress_mark_word(progress_step_mark(&app->progress, l, (int)r.step + 1));
    bool here = r.lesson == app->lesson && (size_t)r.step == app->step;
    char *title = text_display(s->title ? s->title : "", ascii);
    int stw = w - 16 - 20;
    size_t tfit = text_fit(title, strlen(title), stw > 4 ? stw : 4);
    char *line = xasprintf("%c %5ld  %.*s%*s %-8s %s", here ? '*' : ' ', r.step + 1, (int)tfit, title,
                           stw - text_width(title, tfit) > 0 ? stw - text_width(title, tfit) : 0, "",
                           step_kind(s), mark);
    free(title);
    return line;
}

/* ---- keys ---- */

static bool key_move(void *ctx, int key)
{
    App *app = ((UiKeyCtx *)ctx)->app;
    IndexView *v = &app->index;
    size_t n = n_rows(app);
    size_t page = app->layout.rows > 8 ? (size_t)app->layout.rows - 6 : 1;
    if (key == KEY_UP && v->sel > 0)
        v->sel--;
    else if (key == KEY_DOWN && v->sel + 1 < n)
        v->sel++;
    else if (key == KEY_PPAGE)
        v->sel = v->sel > page ? v->sel - page : 0;
    else if (key == KEY_NPAGE)
        v->sel = v->sel + page < n ? v->sel + page : n - 1;
    else if (key == KEY_HOME)
        v->sel = 0;
    else if (key == KEY_END)
        v->sel = n - 1;
    return true;
}

static bool key_fold(void *ctx, int key)
{
    App *app = ((UiKeyCtx *)ctx)->app;
    IndexView *v = &app->index;
    IndexRow row = row_at(app, v->sel);
    bool show = key == KEY_RIGHT || key == '+';
    v->expanded[row.lesson] = show;
    if (!show)
        v->sel = row_of_lesson(app, row.lesson);
    return true;
}

static bool key_open(void *ctx, int key)
{
    (void)key;
    App *app = ((UiKeyCtx *)ctx)->app;
    IndexRow row = row_at(app, app->index.sel);
    if (row.step < 0)
        app_open_lesson(app, row.lesson);
    else
        app_goto(app, row.lesson, (size_t)row.step);
    return true;
}

static const KeyBinding index_keys[] = {
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .hint = "opens",
     .what = "open the lesson where you left it, or the step", .run = key_open},
    {.keys = {KEY_RIGHT, '+', KEY_LEFT, '-'}, .names = "Right  Left", .hint = "show/hide the steps",
     .what = "show / hide a lesson's steps (+ and - too)", .run = key_fold,
     .more = "Unfold a lesson into its steps, or fold it (+ and - too)."},
    {.keys = {27, 'q', 'g'}, .names = "Esc  q  g", .hint = "goes back", .what = "back to the lesson",
     .run = ui_key_close},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .what = "choose a lesson or a step",
     .run = key_move},
    {.keys = {KEY_PPAGE, KEY_NPAGE}, .names = "PgUp  PgDn", .what = "a page up / down",
     .run = key_move},
    {.keys = {KEY_HOME, KEY_END}, .names = "Home  End", .what = "the first / last row",
     .run = key_move},
    {.names = NULL},
};

KEY_SECTIONS_ONE(index_sections, "Lesson index", index_keys);

/* ---- drawing ---- */

static void index_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    (void)ctx;
    Rect r = {y, x, h, w};
    const UiCaps *caps = &app->caps;
    IndexView *v = &app->index;
    draw_text(win, r.y, r.x + 2, r.w - 4, "Lessons", style_attr(caps, ROLE_TITLE));
    char head[200];
    int idw = 18;
    snprintf(head, sizeof head, "    %-*s %-*s %5s %5s  %s", idw - 2, "id", title_cols(r.w, idw),
             "title", "steps", "min", "progress");
    draw_text(win, r.y + 2, r.x, r.w, head, style_attr(caps, ROLE_HEADING));
    int rows = r.h - 4;
    size_t n = n_rows(app);
    if (rows < 1)
        return;
    if (v->sel >= n)
        v->sel = n ? n - 1 : 0;
    if (v->sel < v->top)
        v->top = v->sel;
    if (v->sel >= v->top + (size_t)rows)
        v->top = v->sel - (size_t)rows + 1;
    for (int i = 0; i < rows && v->top + (size_t)i < n; i++) {
        size_t k = v->top + (size_t)i;
        IndexRow row = row_at(app, k);
        char *line = row_text(app, row, r.w, idw);
        attr_t a = k == v->sel ? style_attr(caps, ROLE_SELECTED) : row.step >= 0 ? A_NORMAL : A_BOLD;
        if (k == v->sel)
            draw_fill(win, (Rect){r.y + 3 + i, r.x, 1, r.w}, a);
        draw_text(win, r.y + 3 + i, r.x, r.w, line, a);
        free(line);
    }
    char foot[256] = "";
    keys_hints(index_keys, ", ", foot, sizeof foot);
    snprintf(foot + strlen(foot), sizeof foot - strlen(foot), " (* = where you are)");
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4, foot, style_attr(caps, ROLE_DIM));
}

const UiScreen index_screen = {
    .keys = index_sections,
    .draw = index_draw,
};
