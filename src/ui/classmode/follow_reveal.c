/* ui/classmode/follow_reveal: what the instructor released (pace's reveal),
 * on the follower's side: a message when a step's explanation or solution
 * is released, and `v` on that step, a screen with the quiz or
 * prediction's answer and explanation, or the exercise's solution. It
 * counts as no hint and no solution asked for: the class reads it
 * together. */
#include "ui/classmode/classmode.h"
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "practice/practice.h"
#include "util/utf8.h"
#include "util/util.h"

/* The learner's lesson when it is the class's, else NULL; *step 1-based. */
static const Lesson *class_lesson_here(App *app, const ClassPace *p, int *step)
{
    const LessonSet *set = app_lessons(app);
    size_t li = app_lesson_index(app);
    if (!p || !p->lesson[0] || li >= set->n || strcmp(set->lessons[li]->id, p->lesson) != 0)
        return NULL;
    *step = (int)app_step_index(app) + 1;
    return set->lessons[li];
}

static const char *what_of(const LessonStep *st)
{
    return st && st->exercise ? "solution" : "explanation";
}

void follow_reveal_note(FollowReveal *r, App *app, const ClassPace *p)
{
    if (!p || !p->lesson[0])
        return;
    if (strcmp(r->lesson, p->lesson) != 0) {
        snprintf(r->lesson, sizeof r->lesson, "%s", p->lesson);
        r->announced = 0;
    }
    unsigned long long fresh = p->reveal & ~r->announced;
    r->announced = p->reveal;
    if (!fresh)
        return;
    int here = 0, k = 1;
    const Lesson *l = class_lesson_here(app, p, &here);
    if (l && here <= CLASS_REVEAL_MAX && (fresh >> (here - 1) & 1ULL)) {
        app_message(app, 15, "%s released: v shows it", what_of(&l->steps[here - 1]));
        return;
    }
    while (k < CLASS_REVEAL_MAX && !(fresh >> (k - 1) & 1ULL))
        k++;
    int li = lesson_set_index(app_lessons(app), p->lesson);
    const Lesson *cl = li >= 0 ? app_lessons(app)->lessons[li] : NULL;
    app_message(app, 10, "step %d's %s released (v there)", k,
                cl && (size_t)k <= cl->n_steps ? what_of(&cl->steps[k - 1]) : "answer");
}

bool follow_reveal_here(App *app, const ClassPace *p)
{
    int step;
    const Lesson *l = class_lesson_here(app, p, &step);
    return l && class_pace_revealed(p, step);
}

/* ---- the text: one paragraph a line, its first byte its kind ---- */

enum { K_TITLE = 'T', K_TEXT = 'N', K_RIGHT = 'R', K_CODE = 'C' };

/* s as one paragraph of kind (code: one a line), displayable: no control
 * characters, tabs as spaces, and plain ASCII under --ascii. */
static void add_para(StrBuf *b, char kind, const char *prefix, const char *s, bool ascii)
{
    strbuf_addc(b, kind);
    strbuf_adds(b, prefix);
    for (const char *end = s + strlen(s); s < end;) {
        uint32_t cp;
        size_t len = utf8_decode(s, (size_t)(end - s), &cp);
        if (*s == '\n' && kind == K_CODE) {
            strbuf_addc(b, '\n');
            strbuf_addc(b, kind);
        } else if (*s == '\t') {
            strbuf_adds(b, kind == K_CODE ? "    " : " ");
        } else if (*s == '\n') {
            strbuf_addc(b, ' ');
        } else if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f || (ascii && cp >= 0x80)) {
            if (*s != '\r')
                strbuf_addc(b, '?');
        } else {
            strbuf_add(b, s, len);
        }
        s += len;
    }
    strbuf_addc(b, '\n');
}

static void add_choices(StrBuf *b, const StrList *choices, int answer, bool ascii)
{
    for (size_t i = 0; i < choices->n; i++) {
        char prefix[32];
        bool right = (int)i + 1 == answer;
        snprintf(prefix, sizeof prefix, "%s%zu. ", right ? "> " : "  ", i + 1);
        add_para(b, right ? K_RIGHT : K_TEXT, prefix, choices->items[i], ascii);
    }
}

static void build_quiz(StrBuf *b, const LessonStep *st, bool ascii)
{
    const LessonQuiz *q = st->quiz;
    add_para(b, K_TEXT, "Quiz: ", q->question, ascii);
    add_choices(b, &q->choices, q->answer, ascii);
    if (q->explain)
        add_para(b, K_TEXT, "Why: ", q->explain, ascii);
}

static void build_predict(StrBuf *b, const LessonStep *st, bool ascii)
{
    const LessonPredict *q = st->predict;
    add_para(b, K_TEXT, "Prediction: ", q->question, ascii);
    if (q->choices.n) {
        add_choices(b, &q->choices, q->answer, ascii);
    } else {
        char *a = xasprintf("%g%s, within %g", q->number, q->unit ? q->unit : "", q->tolerance);
        add_para(b, K_RIGHT, "The answer: ", a, ascii);
        free(a);
    }
    if (q->explain)
        add_para(b, K_TEXT, "Why: ", q->explain, ascii);
}

static void build_solution(StrBuf *b, const Lesson *l, const LessonStep *st, bool ascii)
{
    PracticeFiles f;
    char *err = NULL;
    practice_files_init(&f, NULL, l, st->exercise);
    char *text = practice_solution_text(&f, &err);
    add_para(b, K_TEXT, "Solution: ", lesson_exercise_name(st->exercise), ascii);
    add_para(b, K_TEXT, "", "Compare it with your file; yours is untouched.", ascii);
    add_para(b, K_TEXT, "", "", ascii);
    add_para(b, K_CODE, "", text ? text : err ? err : "", ascii);
    free(text);
    free(err);
    practice_files_free(&f);
}

void follow_reveal_open(FollowReveal *r, App *app, const ClassPace *p)
{
    int step;
    const Lesson *l = class_lesson_here(app, p, &step);
    if (!l || !class_pace_revealed(p, step) || (size_t)step > l->n_steps) {
        app_message(app, 5, "nothing released for this step yet (v shows it once it is)");
        return;
    }
    const LessonStep *st = &l->steps[step - 1];
    bool ascii = app_caps(app)->ascii;
    StrBuf b;
    strbuf_init(&b);
    char *title = xasprintf("Released by the instructor: step %d, %s", step, st->title ? st->title : "");
    add_para(&b, K_TITLE, "", title, ascii);
    free(title);
    add_para(&b, K_TEXT, "", "", ascii);
    if (st->quiz)
        build_quiz(&b, st, ascii);
    if (st->predict)
        build_predict(&b, st, ascii);
    if (st->exercise)
        build_solution(&b, l, st, ascii);
    free(r->text);
    r->text = strbuf_detach(&b);
    r->scroll = 0;
    app_open_screen(app, &classmode_reveal_screen, r);
}

void follow_reveal_free(FollowReveal *r)
{
    free(r->text);
    r->text = NULL;
}
