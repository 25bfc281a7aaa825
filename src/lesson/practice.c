/* lesson/practice: small facts about exercises and predictions that the
 * checker, the workspace and the screen agree on, and freeing them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "lesson/schema_practice.h"

const char *lesson_exercise_name(const LessonExercise *ex)
{
    const char *slash = strrchr(ex->file, '/');
    return slash ? slash + 1 : ex->file;
}

bool lesson_checker_is_python(const char *script)
{
    size_t n = strlen(script);
    return n > 3 && strcmp(script + n - 3, ".py") == 0;
}

bool lesson_predict_right(const LessonPredict *p, int choice, double value)
{
    if (p->choices.n > 0)
        return choice == p->answer;
    return isfinite(value) && fabs(value - p->number) <= p->tolerance;
}

static void strlist_clear(StrList *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
}

void lesson_exercise_free(LessonExercise *ex)
{
    if (!ex)
        return;
    free(ex->file);
    free(ex->solution);
    free(ex->check.command);
    free(ex->check.expect);
    free(ex->check.script);
    strlist_clear(&ex->hints);
    free(ex);
}

void lesson_predict_free(LessonPredict *p)
{
    if (!p)
        return;
    free(p->question);
    strlist_clear(&p->choices);
    free(p->unit);
    free(p->measure);
    free(p->explain);
    free(p);
}
