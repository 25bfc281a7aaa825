/* ui/index_view: `g`, every lesson with its id, title, steps, planned
 * minutes and how far the user got; Right unfolds a lesson into its steps.
 * Enter opens a lesson where the user left it, or the step chosen. */
#include "ui/ui_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t lesson;
    long step; /* -1: the lesson's own row */
} Row;

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

static Row row_at(const App *app, size_t k)
{
    for (size_t i = 0; i < app->lessons.n; i++) {
        if (k == 0)
            return (Row){i, -1};
        k--;
        size_t steps = app->index.expanded[i] ? app->lessons.lessons[i]->n_steps : 0;
        if (k < steps)
            return (Row){i, (long)k};
        k -= steps;
    }
    return (Row){0, -1};
}

static size_t row_of_lesson(const App *app, size_t lesson)
{
    size_t k = 0;
    for (size_t i = 0; i < lesson; i++)
        k += 1 + (app->index.expanded[i] ? app->lessons.lessons[i]->n_steps : 0);
    return k;
}

static void progress_text(App *app, const Lesson *l, char *buf, size_t n)
{
    LessonProgress *lp = progress_get(&app->progress, l->id, false);
    if (!lp || lp->furthest <= 0)
        snprintf(buf, n, "-");
    else if ((size_t)lp->furthest >= l->n_steps)
        snprintf(buf, n, "done");
    else
        snprintf(buf, n, "%d/%zu", lp->furthest, l->n_steps);
}

static const char *step_kind(const LessonStep *s)
{
    return s->quiz ? "quiz" : s->demo ? "demo" : s->run ? "run" : s->code ? "code" : "";
}

/* One row of the table as text (caller frees). */
static char *row_text(App *app, Row r, int w, int idw)
{
    const Lesson *l = app->lessons.lessons[r.lesson];
    bool ascii = app->caps.ascii;
    int tw = w - idw - 32;
    if (r.step < 0) {
        char prog[32];
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
    LessonProgress *lp = progress_get(&app->progress, l->id, false);
    bool seen = lp && r.step < lp->furthest;
    bool here = r.lesson == app->lesson && (size_t)r.step == app->step;
    char *title = text_display(s->title ? s->title : "", ascii);
    int stw = w - 16 - 14;
    size_t tfit = text_fit(title, strlen(title), stw > 4 ? stw : 4);
    char *line = xasprintf("%c %5ld  %.*s%*s %-5s %s", here ? '*' : ' ', r.step + 1, (int)tfit, title,
                           stw - text_width(title, tfit) > 0 ? stw - text_width(title, tfit) : 0, "",
                           step_kind(s), seen ? "seen" : "");
    free(title);
    return line;
}

void index_view_draw(App *app, WINDOW *win, Rect r)
{
    const UiCaps *caps = &app->caps;
    IndexView *v = &app->index;
    draw_text(win, r.y, r.x + 2, r.w - 4, "Lessons", style_attr(caps, ROLE_TITLE));
    char head[200];
    int idw = 18;
    snprintf(head, sizeof head, "    %-*s %-*s %5s %5s  %s", idw - 2, "id", r.w - idw - 32, "title",
             "steps", "min", "progress");
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
        Row row = row_at(app, k);
        char *line = row_text(app, row, r.w, idw);
        attr_t a = k == v->sel ? style_attr(caps, ROLE_SELECTED) : row.step >= 0 ? A_NORMAL : A_BOLD;
        if (k == v->sel)
            draw_fill(win, (Rect){r.y + 3 + i, r.x, 1, r.w}, a);
        draw_text(win, r.y + 3 + i, r.x, r.w, line, a);
        free(line);
    }
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4,
              "Enter opens, Right/Left show/hide the steps, Esc goes back (* = where you are)",
              style_attr(caps, ROLE_DIM));
}

bool index_view_key(App *app, int key)
{
    IndexView *v = &app->index;
    size_t n = n_rows(app);
    size_t page = app->layout.rows > 8 ? (size_t)app->layout.rows - 6 : 1;
    Row row = row_at(app, v->sel);
    switch (key) {
    case KEY_UP:
        if (v->sel > 0)
            v->sel--;
        break;
    case KEY_DOWN:
        if (v->sel + 1 < n)
            v->sel++;
        break;
    case KEY_PPAGE:
        v->sel = v->sel > page ? v->sel - page : 0;
        break;
    case KEY_NPAGE:
        v->sel = v->sel + page < n ? v->sel + page : n - 1;
        break;
    case KEY_HOME:
        v->sel = 0;
        break;
    case KEY_END:
        v->sel = n - 1;
        break;
    case KEY_RIGHT:
    case '+':
        v->expanded[row.lesson] = true;
        break;
    case KEY_LEFT:
    case '-':
        v->expanded[row.lesson] = false;
        v->sel = row_of_lesson(app, row.lesson);
        break;
    case '\n':
    case '\r':
    case KEY_ENTER:
        if (row.step < 0)
            app_open_lesson(app, row.lesson);
        else
            app_goto(app, row.lesson, (size_t)row.step);
        return true;
    case 'g':
        app->overlay = OV_NONE;
        app->dirty |= DIRTY_ALL;
        return true;
    default:
        return false;
    }
    app->dirty |= DIRTY_OVERLAY;
    return true;
}
