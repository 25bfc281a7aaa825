/* ui/step_view: one step as a scrollable doc: title, the lesson's questions
 * and objectives on its first step, text, code, the demo or run line, its
 * prediction, the exercise, the quiz, and the key points on the last step.
 * A step drawn is a step seen (in the progress file). */
#include "ui/ui_internal.h"
#include "ui/practice_ui.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void heading(Doc *d, const char *text)
{
    doc_blank(d);
    doc_adds(d, text, ROLE_HEADING);
    doc_newline(d);
}

static void title(Doc *d, const char *text, int width, bool ascii)
{
    char *disp = text_display(text ? text : "", ascii);
    size_t n = strlen(disp);
    unsigned char *roles = xmalloc(n + 1);
    memset(roles, ROLE_TITLE, n);
    render_wrapped(d, disp, roles, n, width, "", ROLE_TITLE);
    free(roles);
    free(disp);
}

static void lesson_intro(Doc *d, const Lesson *l, int width, bool ascii)
{
    if (l->teaching || l->exercises) {
        char line[96];
        snprintf(line, sizeof line, "Teaching: %d min   Exercises: %d min", l->teaching, l->exercises);
        doc_blank(d);
        doc_adds(d, line, ROLE_DIM);
        doc_newline(d);
    }
    if (l->questions.n) {
        heading(d, "Questions");
        render_list(d, &l->questions, width, ascii);
    }
    if (l->objectives.n) {
        heading(d, "Objectives");
        render_list(d, &l->objectives, width, ascii);
    }
}

static void action_line(Doc *d, const LessonStep *s, int width, bool ascii)
{
    char *line = NULL;
    if (s->demo)
        line = xasprintf("Demo: %s%s%s. Press r to run it, s to stop.", s->demo->name,
                         s->demo->variant ? " " : "", s->demo->variant ? s->demo->variant : "");
    else if (s->run)
        line = xasprintf("Your turn: `%s`. Press r to run it, s to stop.", s->run->command);
    if (!line)
        return;
    doc_blank(d);
    render_markup(d, line, width, ascii, ROLE_BOLD);
    free(line);
}

void step_view_build(App *app, int width)
{
    Doc *d = &app->doc;
    const Lesson *l = app_cur_lesson(app);
    const LessonStep *s = app_cur_step(app);
    bool ascii = app->caps.ascii;
    doc_reset(d);
    if (!s) {
        doc_adds(d, "(this lesson has no steps)", ROLE_DIM);
        doc_newline(d);
    } else {
        title(d, s->title, width, ascii);
        if (app->step == 0)
            lesson_intro(d, l, width, ascii);
        if (s->text) {
            doc_blank(d);
            render_markup(d, s->text, width, ascii, ROLE_NORMAL);
        }
        if (s->code) {
            doc_blank(d);
            render_code(d, s->code->lang, s->code->source, width, ascii);
        }
        action_line(d, s, width, ascii);
        predict_render(app, d, width);
        exercise_render(app, d, width);
        if (s->quiz) {
            doc_blank(d);
            const StepProgress *sp = progress_step(&app->progress, l->id, (int)app->step + 1);
            quiz_render(d, s->quiz, progress_answer(&app->progress, l->id, (int)app->step + 1),
                        sp ? sp->quiz.first : 0, width, ascii);
        }
        if (app->step + 1 == l->n_steps && l->keypoints.n) {
            heading(d, "Key points");
            render_list(d, &l->keypoints, width, ascii);
        }
    }
    if (d->cur.len)
        doc_newline(d);
    /* no trailing blank lines */
    while (d->n > 1 && d->lines[d->n - 1].len == 0) {
        free(d->lines[d->n - 1].text);
        free(d->lines[d->n - 1].roles);
        d->n--;
    }
    search_mark(app);
    app->doc_valid = true;
    app->doc_width = width;
}

static int visible_rows(const App *app)
{
    int h = app->layout.text.h;
    return (int)app->doc.n > h ? h - 1 : h;
}

static void clamp_scroll(App *app)
{
    int max = (int)app->doc.n - visible_rows(app);
    if (max < 0)
        max = 0;
    if (app->scroll > max)
        app->scroll = max;
    if (app->scroll < 0)
        app->scroll = 0;
}

/* On screen now: seen. */
static void mark_seen(App *app)
{
    const Lesson *l = app_cur_lesson(app);
    const StepProgress *sp = progress_step(&app->progress, l->id, (int)app->step + 1);
    if (!l->n_steps || (sp && sp->seen))
        return;
    progress_mark_seen(&app->progress, l->id, (int)app->step + 1);
    app->progress_changed = true;
}

void step_view_draw(App *app)
{
    Rect r = app->layout.text;
    /* Lines longer than about 100 columns are hard to read: wide
     * terminals get a margin on the right instead. */
    int width = r.w - 2 > UI_TEXT_MAX_COLS ? UI_TEXT_MAX_COLS : r.w - 2;
    if (!app->doc_valid || app->doc_width != width)
        step_view_build(app, width);
    int vis = visible_rows(app);
    if (app->scroll_to_end) {
        app->scroll = (int)app->doc.n;
        app->scroll_to_end = false;
    }
    if (app->scroll_to_text) {
        size_t n = strlen(app->scroll_to_text);
        for (size_t i = 0; i < app->doc.n; i++) {
            const char *t = app->doc.lines[i].text;
            bool found = false;
            for (const char *c = t; *c && !found; c++)
                found = strncasecmp(c, app->scroll_to_text, n) == 0;
            if (found) {
                if ((int)i >= app->scroll + vis)
                    app->scroll = (int)i - 2;
                break;
            }
        }
        free(app->scroll_to_text);
        app->scroll_to_text = NULL;
    }
    clamp_scroll(app);
    mark_seen(app);
    for (int i = 0; i < r.h; i++) {
        mvwaddch(stdscr, r.y + i, r.x, ' ');
        mvwaddch(stdscr, r.y + i, r.x + r.w - 1, ' ');
        size_t li = (size_t)(app->scroll + i);
        const DocLine *line = i < vis && li < app->doc.n ? &app->doc.lines[li] : NULL;
        doc_draw_line(stdscr, &app->caps, line, r.y + i, r.x + 1, r.w - 2);
    }
    if (vis < r.h) {
        char ind[96];
        int last = app->scroll + vis;
        snprintf(ind, sizeof ind, "%s lines %d-%d of %zu (%s to scroll)",
                 last < (int)app->doc.n ? "more below:" : "end:", app->scroll + 1, last, app->doc.n,
                 app->caps.ascii ? "up/down" : "\xe2\x86\x91/\xe2\x86\x93");
        draw_text(stdscr, r.y + r.h - 1, r.x + 1, width, ind, style_attr(&app->caps, ROLE_DIM));
    }
}

void step_view_scroll(App *app, int delta)
{
    int before = app->scroll;
    app->scroll += delta;
    if (app->doc_valid)
        clamp_scroll(app);
    else if (app->scroll < 0)
        app->scroll = 0;
    if (app->scroll != before)
        app->dirty |= DIRTY_TEXT;
}

bool step_view_more_below(const App *app)
{
    return app->doc_valid && app->scroll + visible_rows(app) < (int)app->doc.n;
}
