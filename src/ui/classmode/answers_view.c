/* ui/classmode/answers_view: what the class answered at the instructor's
 * step, as lines of text: a bar per choice with its count (the right one
 * marked *), a histogram of predicted numbers with the measured value's
 * bin marked, an exercise's passed / trying / not started and who has
 * tried longest. The side pane shows as many lines as fit, `c` all of
 * them with the choices' texts and everyone trying. */
#include "ui/classmode/classmode_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    AnswersLine *out;
    int n, max;
    int w;      /* columns */
    bool full;
} AnswerRows;

__attribute__((format(printf, 3, 4))) static void add(AnswerRows *L, AnswersRole role, const char *fmt, ...)
{
    if (L->n >= L->max)
        return;
    AnswersLine *l = &L->out[L->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text, sizeof l->text, fmt, ap);
    va_end(ap);
    l->role = role;
}

/* " *2 ########          3": * for the right one, the label, the bar
 * scaled to top (a count of 1 always shows), the count. */
static void bar(AnswerRows *L, const char *label, int lw, bool right, int count, int top, const char *after)
{
    char fill[160];
    int room = (int)sizeof L->out->text - lw - 16 - (int)strlen(after); /* the count always fits */
    int bw = L->w - lw - 8 - (int)strlen(after);
    bw = bw > room ? room : bw;
    bw = bw < 1 ? 1 : bw >= (int)sizeof fill ? (int)sizeof fill - 1 : bw;
    int k = top > 0 ? (count * bw + top - 1) / top : 0;
    memset(fill, ' ', (size_t)bw);
    memset(fill, '#', (size_t)(k < bw ? k : bw));
    fill[bw] = '\0';
    add(L, right ? AV_RIGHT : AV_BAR, " %c%-*.*s %s %3d%s", right ? '*' : ' ', lw, lw, label, fill, count,
        after);
}

static int top_of(const int *counts, int n)
{
    int top = 0;
    for (int k = 0; k < n; k++)
        top = counts[k] > top ? counts[k] : top;
    return top;
}

/* " Quiz: 2 of 3 answered, 50% right", or " Quiz: 2/3, 50% right" where
 * that does not fit. */
static void headline(AnswerRows *L, const char *what, const char *verb, int made, int students, double share)
{
    char text[160];
    double pct = isfinite(share) ? share * 100 : 0;
    if (made == 0)
        snprintf(text, sizeof text, " %s: none of %d %s yet", what, students, verb);
    else
        snprintf(text, sizeof text, " %s: %d of %d %s, %.0f%% right", what, made, students, verb, pct);
    if ((int)strlen(text) > L->w && made == 0)
        snprintf(text, sizeof text, " %s: 0/%d", what, students);
    else if ((int)strlen(text) > L->w)
        snprintf(text, sizeof text, " %s: %d/%d, %.0f%% right", what, made, students, pct);
    add(L, AV_TITLE, "%s", text);
}

static void choice_bars(AnswerRows *L, const StrList *choices, int answer, const int *counts)
{
    int n = choices->n < CLASS_CHOICES_MAX ? (int)choices->n : CLASS_CHOICES_MAX;
    int top = top_of(counts + 1, n);
    int lw = L->full ? (L->w / 3 < 60 ? L->w / 3 : 60) : 2;
    for (int k = 1; k <= n; k++) {
        char label[CLASS_NAME_MAX * 2], safe[sizeof label];
        if (L->full)
            snprintf(label, sizeof label, "%d. %s", k, choices->items[k - 1]);
        else
            snprintf(label, sizeof label, "%d", k);
        classmode_fmt_safe(safe, sizeof safe, label);
        bar(L, safe, lw, k == answer, counts[k], top, "");
    }
}

/* The histogram of predicted numbers, the measured value's bin marked. */
static void number_bars(AnswerRows *L, const LessonPredict *q, const ClassHistogram *h)
{
    const char *unit = q->unit ? q->unit : "";
    double width = h->bins > 0 ? (h->hi - h->lo) / h->bins : 0;
    char labels[CLASS_HIST_BINS][48];
    int lw = 1;
    for (int i = 0; i < h->bins; i++) {
        snprintf(labels[i], sizeof labels[i], "%.3g-%.3g%s", h->lo + i * width, h->lo + (i + 1) * width, unit);
        lw = (int)strlen(labels[i]) > lw ? (int)strlen(labels[i]) : lw;
    }
    int top = top_of(h->count, h->bins);
    for (int i = 0; i < h->bins; i++)
        bar(L, labels[i], lw, false, h->count[i], top, i == h->measured_bin ? " <measured" : "");
    if (isfinite(h->measured))
        add(L, AV_NORMAL, " measured %.3g%s (your last run)", h->measured, unit);
    else if (q->measure)
        add(L, AV_DIM, " measured: none yet (r runs the demo)");
    if (L->full)
        add(L, AV_DIM, " the lesson's answer: %g%s, within %g", q->number, unit, q->tolerance);
}

static void predict_block(AnswerRows *L, const LessonPredict *q, const ClassStepStats *st)
{
    headline(L, "Predictions", "made", st->predicted, st->students, st->predict_share_right);
    if (q->choices.n)
        choice_bars(L, &q->choices, q->answer, st->predict_choice);
    else
        number_bars(L, q, &st->predict_hist);
}

static const ClassStudent *student_named(const ClassRoster *r, const char *user)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (strcmp(r->items[i].st.user, user) == 0)
            return &r->items[i];
    return NULL;
}

/* "ann 4:12, 3 tries, 1 hint" */
static void describe_trying(const ClassAnswer *a, const char *user, double s, char *out, size_t cap)
{
    char who[CLASS_NAME_MAX], clock[16];
    classmode_fmt_safe(who, sizeof who, user);
    classmode_fmt_clock(clock, sizeof clock, s);
    snprintf(out, cap, "%s %s, %d tr%s, %d hint%s", who, clock, a ? a->attempts : 0,
             a && a->attempts == 1 ? "y" : "ies", a ? a->hints : 0, a && a->hints == 1 ? "" : "s");
}

/* Full view: everyone live at the exercise, in the roster's order (the
 * stuck first). */
static void exercise_people(AnswerRows *L, const AnswersView *v)
{
    const ClassRoster *r = v->roster;
    for (size_t i = 0; r && i < r->n; i++) {
        const ClassStudent *s = &r->items[i];
        const ClassAnswer *a = strcmp(s->st.answers_lesson, v->lesson) == 0
                             ? class_status_find_answer(&s->st, v->step_no) : NULL;
        if (s->stale)
            continue;
        char text[160], who[CLASS_NAME_MAX];
        classmode_fmt_safe(who, sizeof who, s->st.user);
        double trying = a ? class_answer_trying_s(a, v->now) : -1;
        if (a && a->exercise == CLASS_EX_PASSED) {
            add(L, AV_RIGHT, "   passed       %s (%d tr%s)", who, a->attempts, a->attempts == 1 ? "y" : "ies");
        } else if (trying >= 0) {
            describe_trying(a, s->st.user, trying, text, sizeof text);
            add(L, trying >= CLASS_STUCK_S ? AV_ALERT : AV_NORMAL, "   %-12s %s",
                trying >= CLASS_STUCK_S ? "STUCK" : "trying", text);
        } else {
            add(L, AV_DIM, "   not started  %s", who);
        }
    }
}

static void exercise_block(AnswerRows *L, const AnswersView *v)
{
    const ClassStepStats *st = v->stats;
    add(L, AV_TITLE, " Exercise: %d passed of %d", st->ex_passed, st->students);
    int counts[3] = {st->ex_passed, st->ex_trying, st->ex_none};
    static const char *names[3] = {"passed", "trying", "not started"};
    for (int i = 0; i < 3; i++)
        bar(L, names[i], 11, i == 0 && counts[0] > 0, counts[i], st->students, "");
    if (st->stuck_user[0]) {
        const ClassStudent *s = student_named(v->roster, st->stuck_user);
        const ClassAnswer *a = s ? class_status_find_answer(&s->st, v->step_no) : NULL;
        char text[160];
        describe_trying(a, st->stuck_user, st->stuck_s, text, sizeof text);
        bool stuck = st->stuck_s >= CLASS_STUCK_S;
        add(L, stuck ? AV_ALERT : AV_NORMAL, " %s longest: %s", stuck ? "stuck" : "trying", text);
    }
    if (L->full)
        exercise_people(L, v);
}

static void quiz_block(AnswerRows *L, const LessonQuiz *q, const ClassStepStats *st)
{
    headline(L, "Quiz", "answered", st->quiz_answered, st->students, st->quiz_share_right);
    choice_bars(L, &q->choices, q->answer, st->quiz_choice);
}

int answers_view_lines(const AnswersView *v, int w, bool full, AnswersLine *out, int max)
{
    AnswerRows L = {.out = out, .max = max, .w = w, .full = full};
    const LessonStep *s = v->step;
    if (!s || !v->stats || !(s->quiz || s->predict || s->exercise))
        return 0;
    if (s->quiz)
        quiz_block(&L, s->quiz, v->stats);
    if (s->predict)
        predict_block(&L, s->predict, v->stats);
    if (s->exercise)
        exercise_block(&L, v);
    const char *what = s->exercise ? "solution" : "explanation";
    if (v->revealed)
        add(&L, AV_RIGHT, " %s released to the class", what);
    else if (full)
        add(&L, AV_DIM, " R: release the %s to the class", what);
    else if (w >= 40)
        add(&L, AV_DIM, " c: full screen  R: release %s", what);
    else
        add(&L, AV_DIM, " c: all  R: release");
    return L.n;
}

attr_t answers_role_attr(AnswersRole role, bool color)
{
    switch (role) {
    case AV_TITLE: return classmode_attr(color, CLASS_PAIR_TITLE, A_BOLD);
    case AV_BAR: return classmode_attr(color, CLASS_PAIR_BAR, A_NORMAL);
    case AV_RIGHT: return classmode_attr(color, CLASS_PAIR_DONE, A_BOLD);
    case AV_ALERT: return classmode_attr(color, CLASS_PAIR_HELP, A_BOLD);
    case AV_DIM: return A_DIM;
    default: return A_NORMAL;
    }
}

int answers_view_draw(const AnswersView *v, WINDOW *win, int y, int x, int h, int w, bool color)
{
    AnswersLine lines[40];
    int n = answers_view_lines(v, w, false, lines, 40);
    int rows = n < h ? n : h;
    for (int i = 0; i < rows; i++) {
        bool cut = n > h && i == rows - 1;
        classmode_line(win, y + i, x, w, cut ? A_DIM : answers_role_attr(lines[i].role, color),
                       cut ? " ... c: all of it" : lines[i].text);
    }
    return rows;
}

const char *answers_exercise_word(const ClassStudent *s, const char *lesson, int step_no,
                                  const LessonStep *step)
{
    if (!step || !step->exercise || !lesson || strcmp(s->st.answers_lesson, lesson) != 0)
        return "";
    const ClassAnswer *a = class_status_find_answer(&s->st, step_no);
    if (!a || a->exercise == CLASS_EX_NONE)
        return "";
    if (a->exercise == CLASS_EX_PASSED)
        return "pass";
    return s->stuck_s >= CLASS_STUCK_S ? "stuck" : "try";
}
