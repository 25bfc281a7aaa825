/* ui/classmode/follow_answers: the learner's practice results (ui/progress.h)
 * copied into the follower's status record (class/class.h, ClassAnswer),
 * step by step of the class's lesson, so that the instructor sees how the
 * room answered. Only what the record can carry goes in: choices 1..16,
 * attempts and hints within the reader's ranges, times within
 * CLASS_TIME_MAX_MS; a step with nothing to say makes no answer (the
 * record keeps at most CLASS_STEPS_MAX). Pure: no I/O. */
#include "ui/classmode/classmode_int.h"

#include <math.h>
#include <string.h>

#define ATTEMPTS_MAX 100000 /* as the status record's reader allows */
#define HINTS_MAX 1000

static void set_int(int *dst, int v, bool *changed)
{
    if (*dst != v) {
        *dst = v;
        *changed = true;
    }
}

static void set_bool(bool *dst, bool v, bool *changed)
{
    if (*dst != v) {
        *dst = v;
        *changed = true;
    }
}

static void set_num(double *dst, double v, bool *changed)
{
    if (*dst != v) {
        *dst = v;
        *changed = true;
    }
}

static int clamp(int v, int hi) { return v < 0 ? 0 : v > hi ? hi : v; }

/* What of sp the record can say: a quiz answered with a choice it counts,
 * a prediction made, an exercise touched. */
static bool has_something(const StepProgress *sp)
{
    return (sp->quiz.first >= 1 && sp->quiz.first <= CLASS_CHOICES_MAX) || sp->predict.made ||
           sp->exercise.attempts > 0 || sp->exercise.hints > 0 || sp->exercise.solution_shown ||
           sp->exercise.passed_at > 0;
}

static void copy_quiz(ClassAnswer *a, const QuizRecord *q, bool *changed)
{
    if (q->first < 1 || q->first > CLASS_CHOICES_MAX)
        return;
    set_int(&a->quiz_choice, q->first, changed);
    set_bool(&a->quiz_right, q->right == 1, changed);
}

static void copy_predict(ClassAnswer *a, const PredictRecord *p, bool *changed)
{
    if (!p->made)
        return;
    bool choice_ok = p->choice >= 1 && p->choice <= CLASS_CHOICES_MAX;
    if (p->choice != 0 && !choice_ok)
        return; /* a choice the record cannot carry */
    if (p->choice == 0 && !(isfinite(p->value) && fabs(p->value) <= 1e15))
        return;
    set_bool(&a->predicted, true, changed);
    set_int(&a->predict_choice, p->choice, changed);
    set_num(&a->predict_value, p->choice ? 0 : p->value, changed);
    set_bool(&a->predict_right, p->right, changed);
}

/* The exercise: passed once it passed; trying from the first attempt,
 * which this follower saw at wall (the progress file has no time for it). */
static void copy_exercise(ClassAnswer *a, const ExerciseRecord *e, double wall, bool *changed)
{
    double passed = e->passed_at > 0 && e->passed_at * 1000.0 <= (double)CLASS_TIME_MAX_MS ? (double)e->passed_at : 0;
    ClassExState state = passed > 0 ? CLASS_EX_PASSED : e->attempts > 0 ? CLASS_EX_TRYING : CLASS_EX_NONE;
    if (a->exercise != state) {
        a->exercise = state;
        *changed = true;
    }
    set_int(&a->attempts, clamp(e->attempts, ATTEMPTS_MAX), changed);
    set_int(&a->hints, clamp(e->hints, HINTS_MAX), changed);
    set_bool(&a->solution_shown, e->solution_shown, changed);
    set_num(&a->passed_at, passed, changed);
    if (e->attempts > 0 && a->tried_since <= 0 && wall > 0 && wall * 1000.0 <= (double)CLASS_TIME_MAX_MS)
        set_num(&a->tried_since, passed > 0 && passed < wall ? passed : wall, changed);
}

bool follow_copy_answers(ClassStatus *s, const Lesson *l, const Progress *p, double wall)
{
    bool changed = false;
    if (!l || strcmp(s->answers_lesson, l->id) != 0)
        return false;
    for (size_t i = 0; i < l->n_steps && i < 100000; i++) {
        const StepProgress *sp = progress_step(p, l->id, (int)i + 1);
        if (!sp || !has_something(sp))
            continue;
        ClassAnswer *a = class_status_answer(s, (int)i + 1);
        if (!a)
            continue; /* the record is full: CLASS_STEPS_MAX steps already */
        copy_quiz(a, &sp->quiz, &changed);
        copy_predict(a, &sp->predict, &changed);
        copy_exercise(a, &sp->exercise, wall, &changed);
    }
    return changed;
}
