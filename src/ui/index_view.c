/* ui/index_view: `g`, every lesson with its id, title, steps, planned
 * minutes and how far the user got. Enter opens one where they left it. */
#include "ui/ui_internal.h"

#include <stdlib.h>
#include <string.h>

void index_view_open(App *app)
{
    app->index.sel = app->lesson;
    app->index.top = 0;
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

void index_view_draw(App *app, WINDOW *win, Rect r)
{
    const UiCaps *caps = &app->caps;
    const LessonSet *set = &app->lessons;
    draw_text(win, r.y, r.x + 2, r.w - 4, "Lessons", style_attr(caps, ROLE_TITLE));
    char head[160];
    int idw = 16;
    snprintf(head, sizeof head, "  %-*s %-*s %5s %5s  %s", idw, "id", r.w - idw - 32, "title", "steps",
             "min", "progress");
    draw_text(win, r.y + 2, r.x, r.w, head, style_attr(caps, ROLE_HEADING));
    int rows = r.h - 4;
    if (rows < 1)
        return;
    if (app->index.sel < app->index.top)
        app->index.top = app->index.sel;
    if (app->index.sel >= app->index.top + (size_t)rows)
        app->index.top = app->index.sel - (size_t)rows + 1;
    for (int i = 0; i < rows && app->index.top + (size_t)i < set->n; i++) {
        size_t k = app->index.top + (size_t)i;
        const Lesson *l = set->lessons[k];
        char prog[32];
        progress_text(app, l, prog, sizeof prog);
        char *title = text_display(l->title ? l->title : "", caps->ascii);
        int tw = r.w - idw - 32;
        size_t tfit = text_fit(title, strlen(title), tw);
        int pad = tw - text_width(title, tfit);
        char *line = xasprintf("%c %-*.*s %.*s%*s %5zu %5d  %s", k == app->lesson ? '*' : ' ', idw, idw,
                               l->id, (int)tfit, title, pad > 0 ? pad : 0, "", l->n_steps,
                               l->teaching + l->exercises, prog);
        attr_t a = k == app->index.sel ? style_attr(caps, ROLE_SELECTED) : A_NORMAL;
        if (k == app->index.sel)
            draw_fill(win, (Rect){r.y + 3 + i, r.x, 1, r.w}, a);
        draw_text(win, r.y + 3 + i, r.x, r.w, line, a);
        free(line);
        free(title);
    }
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4,
              "Enter opens the lesson where you left it, Esc goes back (* = current)",
              style_attr(caps, ROLE_DIM));
}

bool index_view_key(App *app, int key)
{
    size_t n = app->lessons.n;
    size_t page = app->layout.rows > 8 ? (size_t)app->layout.rows - 6 : 1;
    IndexView *v = &app->index;
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
    case '\n':
    case '\r':
    case KEY_ENTER:
        app_open_lesson(app, v->sel);
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
