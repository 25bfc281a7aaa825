/* lesson/practice: small facts about exercises and predictions that the
 * checker, the workspace and the screen agree on, and freeing them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "lesson/fields.h"
#include "lesson/schema_practice.h"
#include "util/util.h"

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

void lesson_exercise_free(LessonExercise *ex)
{
    if (!ex)
        return;
    strlist_free(&ex->hints);
    FREE_ALL(ex->file, ex->solution, ex->check.command, ex->check.expect, ex->check.script, ex);
}

void lesson_predict_free(LessonPredict *p)
{
    if (!p)
        return;
    strlist_free(&p->choices);
    FREE_ALL(p->question, p->unit, p->measure, p->explain, p);
}
