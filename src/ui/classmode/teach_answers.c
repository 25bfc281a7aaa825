/* ui/classmode/teach_answers: what the class answered at the instructor's
 * step, recomputed after every scan (so it follows the answers as they
 * arrive), with the instructor's own measure for a numeric prediction;
 * and `c`, the same on the whole screen. */
#include "ui/classmode/classmode.h"
#include "ui/classmode/classmode_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/util.h"

void teach_answers_reset(TeachState *s)
{
    for (int k = 0; k <= TEACH_MEASURED_MAX; k++)
        s->measured[k] = NAN;
}

static bool step_known(const TeachState *s)
{
    return s->lesson && s->step >= 1 && (size_t)s->step <= s->lesson->n_steps;
}

void teach_answers_update(TeachState *s, App *app)
{
    double m;
    bool keep = step_known(s) && s->step <= TEACH_MEASURED_MAX;
    /* The demo's last run on this step is the measure the class's numbers
     * are set against; it stays when the instructor moves on. */
    if (keep && app_measure(app, &m) && isfinite(m))
        s->measured[s->step] = m;
    memset(&s->stats, 0, sizeof s->stats);
    if (!s->roster || !step_known(s))
        return;
    class_step_stats(s->roster, s->lesson->id, s->step, keep ? s->measured[s->step] : NAN, now_wall(), false,
                     &s->stats);
}

void teach_answers_view(const TeachState *s, AnswersView *v)
{
    bool known = step_known(s);
    *v = (AnswersView){
        .step = known ? &s->lesson->steps[s->step - 1] : NULL,
        .step_no = s->step,
        .lesson = s->lesson ? s->lesson->id : "",
        .stats = &s->stats,
        .roster = s->roster,
        .revealed = known && class_pace_revealed(class_teach_pace(s->t), s->step),
        .now = now_wall(),
    };
}

/* ---- the full screen ---- */

static bool key_scroll(void *ctx, int key)
{
    TeachState *s = ((UiKeyCtx *)ctx)->ctx;
    s->answers_scroll = classmode_scroll_key(s->answers_scroll, key);
    return true;
}

static const KeyBinding answers_keys[] = {
    {.keys = {27, 'q', 'c'}, .names = "Esc  q  c", .hint = "back", .what = "back to the lesson",
     .run = ui_key_close},
    {.keys = {'R'}, .names = "R", .what = "release this step's explanation or solution (R twice)",
     .hint = "release", .run = teach_key_reveal},
    CLASSMODE_SCROLL_KEYS(key_scroll),
    {.names = NULL},
};

KEY_SECTIONS_ONE(answers_sections, "The class's answers (teach, c)", answers_keys);

static void answers_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    TeachState *s = ctx;
    bool color = app_caps(app)->color;
    classmode_init_pairs(color);
    s->answers_drawn = s->scans;
    AnswersView v;
    teach_answers_view(s, &v);
    char title[256], name[128];
    classmode_fmt_safe(name, sizeof name, v.step ? v.step->title : "");
    snprintf(title, sizeof title, " The class at step %d of %s: %s", s->step, v.lesson, name);
    classmode_line(win, y, x, w, classmode_attr(color, CLASS_PAIR_TITLE, A_BOLD), title);
    AnswersLine lines[80];
    int n = answers_view_lines(&v, w - 2, true, lines, 80);
    int rows = h - 3;
    s->answers_scroll = classmode_scroll_clamp(s->answers_scroll, n, rows);
    for (int i = 0; i < rows; i++) {
        int k = s->answers_scroll + i;
        if (n == 0 && i == 0)
            classmode_line(win, y + 2, x + 1, w - 1, A_DIM, " no quiz, prediction or exercise at this step");
        else
            classmode_line(win, y + 2 + i, x + 1, w - 1, k < n ? answers_role_attr(lines[k].role, color) : A_NORMAL,
                           k < n ? lines[k].text : "");
    }
    classmode_keys_foot(win, y + h - 1, x, w, answers_keys, s->answers_scroll + rows < n);
}

/* Redrawn after every scan: the answers as they arrive. */
static bool answers_tick(void *ctx, App *app, double now)
{
    (void)app;
    (void)now;
    TeachState *s = ctx;
    return s->answers_drawn != s->scans;
}

const UiScreen classmode_answers_screen = {
    .name = "answers",
    .keys = answers_sections,
    .draw = answers_draw,
    .tick = answers_tick,
};

bool teach_key_answers(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    TeachState *s = k->ctx;
    s->answers_scroll = 0;
    app_open_screen(k->app, &classmode_answers_screen, s);
    return true;
}
