/* class/answers: a status record's answers, step by step (pure: no I/O).
 * The follower fills them from its practice results and its own sticky
 * notes and time; the instructor reads them (stats.c, summary.c). */
#include "class/class.h"

#include <stdio.h>
#include <string.h>

void class_status_answers_for(ClassStatus *s, const char *lesson)
{
    if (strcmp(s->answers_lesson, lesson) == 0)
        return;
    snprintf(s->answers_lesson, sizeof s->answers_lesson, "%s", lesson);
    s->n_answers = 0;
}

const ClassAnswer *class_status_find_answer(const ClassStatus *s, int step)
{
    for (int i = 0; i < s->n_answers; i++)
        if (s->answers[i].step == step)
            return &s->answers[i];
    return NULL;
}

ClassAnswer *class_status_answer(ClassStatus *s, int step)
{
    int i = 0;
    while (i < s->n_answers && s->answers[i].step < step)
        i++;
    if (i < s->n_answers && s->answers[i].step == step)
        return &s->answers[i];
    if (step < 1 || step > 100000 || s->n_answers >= CLASS_STEPS_MAX)
        return NULL;
    memmove(&s->answers[i + 1], &s->answers[i], (size_t)(s->n_answers - i) * sizeof *s->answers);
    s->n_answers++;
    memset(&s->answers[i], 0, sizeof s->answers[i]);
    s->answers[i].step = step;
    return &s->answers[i];
}

void class_status_add_time(ClassStatus *s, int step, double seconds)
{
    if (seconds <= 0 || !s->answers_lesson[0] || strcmp(s->lesson, s->answers_lesson) != 0)
        return;
    ClassAnswer *a = class_status_answer(s, step);
    if (a && a->seconds + seconds <= 1e7)
        a->seconds += seconds;
}

bool class_pace_revealed(const ClassPace *p, int step)
{
    return step >= 1 && step <= CLASS_REVEAL_MAX && (p->reveal >> (step - 1) & 1ULL);
}

double class_answer_trying_s(const ClassAnswer *a, double now)
{
    if (a->exercise != CLASS_EX_TRYING || a->tried_since <= 0)
        return -1;
    return now > a->tried_since ? now - a->tried_since : 0;
}
