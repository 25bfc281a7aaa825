/* ui/predict: predict, then observe. On a demo or run step with a
 * `predict:`, the first `r` asks the question under the step's text (a
 * choice by its number key, or a number typed and Enter) and keeps the
 * answer, as first made, in the progress file; then the step runs. When
 * the run ends, the prediction is set beside what was measured ("you
 * predicted 2x, measured 1.02x with 4 workers"), in the panel's footer
 * and under the text, with the lesson's explanation. */
#include "ui/practice_ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void predict_set_step(App *app)
{
    PredictView *p = app->predict;
    const LessonStep *s = app_cur_step(app);
    if (s == p->step)
        return;
    memset(p, 0, sizeof *p);
    p->step = s;
}

static const PredictRecord *made(const App *app)
{
    const StepProgress *sp = progress_step(&app->progress, app_cur_lesson(app)->id, (int)app->step + 1);
    return sp && sp->predict.made ? &sp->predict : NULL;
}

static void refresh_text(App *app)
{
    app->doc_valid = false;
    app->scroll_to_end = true; /* the question and the note are at the end */
    app->dirty |= DIRTY_TEXT;
}

bool predict_before_run(App *app, int key)
{
    PredictView *p = app->predict;
    const LessonStep *s = app_cur_step(app);
    if (key != 'r' || !s || !s->predict || !panel_has_content(app->panel))
        return false;
    if (made(app)) { /* runs as usual, and is compared when it ends */
        p->ran = true;
        p->ended = p->was_running = false;
        return false;
    }
    p->asking = true;
    p->n_typed = 0;
    p->typed[0] = '\0';
    refresh_text(app);
    if (s->predict->choices.n)
        app_message(app, 10, "predict first: press a number from 1 to %zu (Esc: not now)", s->predict->choices.n);
    else
        app_message(app, 10, "predict first: type a number, then Enter (Esc: not now)");
    return true;
}

static void commit(App *app, int choice, double value)
{
    PredictView *p = app->predict;
    const LessonStep *s = app_cur_step(app);
    const char *id = app_cur_lesson(app)->id;
    int step = (int)app->step + 1;
    bool right = lesson_predict_right(s->predict, choice, value);
    if (s->predict->choices.n)
        progress_predict_choice(&app->progress, id, step, choice, right);
    else
        progress_predict_number(&app->progress, id, step, value, right);
    app->progress_changed = true;
    p->asking = false;
    p->ran = true;
    p->ended = false;
    app->message_until = now_monotonic(); /* the question's line goes */
    panel_start(app->panel);
    p->was_running = panel_running(app->panel);
    app->dirty |= DIRTY_PANEL | DIRTY_STATUS;
    refresh_text(app);
}

static void type_number(App *app, int key)
{
    PredictView *p = app->predict;
    if ((key == KEY_BACKSPACE || key == 127 || key == 8) && p->n_typed > 0) {
        p->typed[--p->n_typed] = '\0';
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        double v;
        if (p->n_typed > 0 && parse_double(p->typed, -1e12, 1e12, &v))
            commit(app, 0, v);
        else
            app_message(app, 6, "type a number, such as 2 or 0.5, then Enter");
    } else if (strchr("0123456789.-+eE", key) && key != 0 && p->n_typed + 1 < sizeof p->typed) {
        p->typed[p->n_typed++] = (char)key;
        p->typed[p->n_typed] = '\0';
    }
}

bool predict_take_key(App *app, int key)
{
    PredictView *p = app->predict;
    const LessonStep *s = app_cur_step(app);
    if (!p || !p->asking)
        return false;
    if (!s || !s->predict) { /* the step changed under it */
        p->asking = false;
        return false;
    }
    size_t n = s->predict->choices.n;
    if (key == 27) {
        p->asking = false;
        app_message(app, 5, "no prediction, so nothing ran: r asks again");
    } else if (n > 0 && key >= '1' && key < '1' + (int)n) {
        commit(app, key - '0', 0);
        return true;
    } else if (n == 0) {
        type_number(app, key);
    }
    refresh_text(app);
    return true;
}

/* The prediction beside the measure: how far, and whether within the
 * lesson's tolerance. */
static void compare(App *app, const LessonPredict *q, const PredictRecord *r, bool *good)
{
    PredictView *p = app->predict;
    const char *unit = q->unit ? q->unit : "";
    double m;
    int workers;
    if (!q->measure || !panel_measure(app->panel, q->measure, &m, &workers)) {
        snprintf(p->note, sizeof p->note, "you predicted %g%s: compare it with what the run shows", r->value,
                 unit);
        *good = true;
        return;
    }
    double off = fabs(r->value - m);
    *good = off <= q->tolerance;
    int k = snprintf(p->note, sizeof p->note, "you predicted %g%s, measured %.2f%s with %d worker%s: ", r->value,
                     unit, m, unit, workers, workers == 1 ? "" : "s");
    if (*good)
        snprintf(p->note + k, sizeof p->note - (size_t)k, "within %g of it", q->tolerance);
    else
        snprintf(p->note + k, sizeof p->note - (size_t)k, "off by %.2f (more than %g)", off, q->tolerance);
}

/* The run ended: the note, under the text and in the panel's footer. */
static void set_note(App *app)
{
    PredictView *p = app->predict;
    const LessonPredict *q = app_cur_step(app)->predict;
    const PredictRecord *r = made(app);
    if (!r)
        return;
    bool good = r->right;
    if (q->choices.n) {
        int c = r->choice;
        const char *said = c >= 1 && (size_t)c <= q->choices.n ? q->choices.items[c - 1] : "?";
        if (r->right)
            snprintf(p->note, sizeof p->note, "you predicted %d (%s): right", c, said);
        else
            snprintf(p->note, sizeof p->note, "you predicted %d (%s); the answer is %d (%s)", c, said,
                     q->answer, q->choices.items[q->answer - 1]);
    } else {
        compare(app, q, r, &good);
    }
    if (app_cur_step(app)->demo) { /* a run step's footer keeps its verdict */
        panel_say(app->panel, !good, "%s", p->note);
        app->dirty |= DIRTY_PANEL;
    }
    refresh_text(app);
}

void predict_service(App *app)
{
    PredictView *p = app->predict;
    if (!p || !p->ran || p->ended || !p->step || !p->step->predict)
        return;
    if (panel_running(app->panel)) {
        p->was_running = true;
        return;
    }
    if (!p->was_running)
        return;
    p->ended = true;
    set_note(app);
}

/* ---- the step's text ---- */

static void render_question(App *app, Doc *d, const LessonPredict *q, int width)
{
    PredictView *p = app->predict;
    bool ascii = app->caps.ascii;
    render_inline(d, q->question, width, ascii, "Predict: ", ROLE_HEADING);
    for (size_t i = 0; i < q->choices.n; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "  %zu. ", i + 1);
        render_inline(d, q->choices.items[i], width, ascii, prefix, ROLE_NORMAL);
    }
    doc_blank(d);
    char *line;
    if (q->choices.n)
        line = xasprintf("Your prediction? Press a number from 1 to %zu; Esc: not now.", q->choices.n);
    else
        line = xasprintf("Your prediction%s%s%s: %s_   (Enter runs, Esc: not now)", q->unit ? " (in " : "",
                         q->unit ? q->unit : "", q->unit ? ")" : "", p->typed);
    doc_adds(d, line, ROLE_KEY);
    doc_newline(d);
    free(line);
}

void predict_render(App *app, Doc *d, int width)
{
    PredictView *p = app->predict;
    const LessonStep *s = app_cur_step(app);
    if (!s || !s->predict)
        return;
    const LessonPredict *q = s->predict;
    const PredictRecord *r = made(app);
    bool ascii = app->caps.ascii;
    doc_blank(d);
    if (p->asking) {
        render_question(app, d, q, width);
        return;
    }
    render_inline(d, q->question, width, ascii, "Predict: ", ROLE_HEADING);
    char *line;
    if (!r)
        line = xstrdup("Press r: it asks for your prediction before it runs.");
    else if (q->choices.n)
        line = xasprintf("Your prediction: %d. %s", r->choice,
                         r->choice >= 1 && (size_t)r->choice <= q->choices.n ? q->choices.items[r->choice - 1] : "");
    else
        line = xasprintf("Your prediction: %g%s", r->value, q->unit ? q->unit : "");
    render_inline(d, line, width, ascii, "", r ? ROLE_BOLD : ROLE_DIM);
    free(line);
    if (r && p->ended && p->note[0]) {
        doc_blank(d);
        render_inline(d, p->note, width, ascii, ascii ? "=> " : "\xe2\x86\x92 ", ROLE_BOLD);
        if (q->explain)
            render_inline(d, q->explain, width, ascii, "", ROLE_NORMAL);
    }
}
