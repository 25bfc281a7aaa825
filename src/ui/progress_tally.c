/* ui/progress_tally: what a lesson's progress adds up to, judged against
 * the lesson as it is now: the index's marks and counts, "done", and the
 * quiz score a follower reports to the instructor. */
#include "ui/progress.h"

#include <string.h>

/* Was the first answer right? A version 1 file did not say: judged by
 * the lesson's answer. */
static bool first_right(const QuizRecord *q, const LessonQuiz *quiz)
{
    return q->right >= 0 ? q->right > 0 : q->first == quiz->answer;
}

StepMark progress_step_mark(const Progress *p, const Lesson *l, int step)
{
    if (step < 1 || (size_t)step > l->n_steps)
        return MARK_NONE;
    const StepProgress *s = progress_step(p, l->id, step);
    if (!s)
        return MARK_NONE;
    const LessonStep *ls = &l->steps[step - 1];
    if (ls->exercise && s->exercise.passed_at)
        return MARK_PASSED;
    if (ls->exercise && s->exercise.attempts > 0)
        return MARK_TRYING;
    if (ls->quiz && s->quiz.first > 0)
        return first_right(&s->quiz, ls->quiz) ? MARK_RIGHT : MARK_WRONG;
    if (ls->predict && s->predict.made)
        return MARK_PREDICTED;
    return s->seen ? MARK_SEEN : MARK_NONE;
}

const char *progress_mark_word(StepMark m)
{
    static const char *const words[] = {"", "seen", "right", "wrong", "predicted", "trying", "passed"};
    return (unsigned)m < sizeof words / sizeof words[0] ? words[m] : "";
}

void progress_tally(const Progress *p, const Lesson *l, LessonTally *t)
{
    memset(t, 0, sizeof *t);
    t->steps = (int)l->n_steps;
    for (size_t i = 0; i < l->n_steps; i++) {
        const LessonStep *ls = &l->steps[i];
        const StepProgress *s = progress_step(p, l->id, (int)i + 1);
        t->quizzes += ls->quiz != NULL;
        t->predictions += ls->predict != NULL;
        t->exercises += ls->exercise != NULL;
        if (!s)
            continue;
        t->seen += s->seen;
        if (ls->quiz && s->quiz.first > 0) {
            t->answered++;
            t->right += first_right(&s->quiz, ls->quiz);
        }
        t->predicted += ls->predict && s->predict.made;
        if (ls->exercise && s->exercise.passed_at)
            t->passed++;
        else if (ls->exercise && s->exercise.attempts > 0)
            t->trying++;
    }
    t->done = t->steps > 0 && t->seen == t->steps && t->answered == t->quizzes && t->passed == t->exercises;
}
