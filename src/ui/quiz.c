/* ui/quiz: a quiz step's question, numbered choices and feedback. The
 * number key answers; a wrong answer shows the hint, the right one the
 * explanation. The learner may try again: the first answer is the one
 * that counts (kept in the progress file with whether it was right), the
 * latest is the one the feedback is for. */
#include "ui/ui_internal.h"

#include <stdio.h>

/* Once the learner has tried again: which answer counts. */
static void first_answer(Doc *d, const LessonQuiz *q, int chosen, int first)
{
    if (first <= 0 || first == chosen)
        return;
    char line[96];
    snprintf(line, sizeof line, "Your first answer, the one that counts: %d (%s).", first,
             first == q->answer ? "right" : "not right");
    doc_blank(d);
    doc_adds(d, line, ROLE_DIM);
    doc_newline(d);
}

void quiz_render(Doc *d, const LessonQuiz *q, int chosen, int first, int width, bool ascii)
{
    render_inline(d, q->question, width, ascii, "Quiz: ", ROLE_HEADING);
    doc_blank(d);
    size_t n = q->choices.n;
    for (size_t i = 0; i < n; i++) {
        bool picked = chosen == (int)i + 1;
        Role role = !picked ? ROLE_NORMAL : chosen == q->answer ? ROLE_CORRECT : ROLE_WRONG;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%s%zu. ", picked ? "> " : "  ", i + 1);
        render_inline(d, q->choices.items[i], width, ascii, prefix, role);
    }
    doc_blank(d);
    char line[80];
    bool right = chosen > 0 && chosen == q->answer;
    if (chosen <= 0)
        snprintf(line, sizeof line, "Press a number from 1 to %zu to answer.", n);
    else if (right)
        snprintf(line, sizeof line, "Correct! %d is the right answer.", chosen);
    else
        snprintf(line, sizeof line, "Not quite: %d is not the answer. Try another number.", chosen);
    doc_adds(d, line, chosen <= 0 ? ROLE_DIM : right ? ROLE_CORRECT : ROLE_WRONG);
    doc_newline(d);
    /* after an answer: why it is right, or a hint towards it */
    const char *more = chosen <= 0 ? NULL : right ? q->explain : q->hint;
    if (more)
        render_inline(d, more, width, ascii, right ? "" : "Hint: ", right ? ROLE_NORMAL : ROLE_HINT);
    first_answer(d, q, chosen, first);
}

bool quiz_key(App *app, int key)
{
    const LessonStep *s = app_cur_step(app);
    if (!s || !s->quiz || key < '1' || key > '9')
        return false;
    int choice = key - '0';
    if ((size_t)choice > s->quiz->choices.n)
        return false;
    const Lesson *l = app_cur_lesson(app);
    progress_quiz_answer(&app->progress, l->id, (int)app->step + 1, choice, choice == s->quiz->answer);
    app->progress_changed = true;
    app->doc_valid = false;
    app->scroll_to_end = true;
    app->dirty |= DIRTY_TEXT;
    return true;
}
