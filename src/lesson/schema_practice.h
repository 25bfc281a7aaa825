/* lesson/schema_practice: the keys of a step that make the learner act,
 * `exercise:` and `predict:`. Internal to lesson/; lessons/README.md
 * documents them for authors. */
#ifndef CORELAB_LESSON_SCHEMA_PRACTICE_H
#define CORELAB_LESSON_SCHEMA_PRACTICE_H

#include <stdbool.h>

#include "lesson/fields.h"

/* An `exercise:` mapping; its starter, solution and checker must exist
 * under c->base_dir (when set). NULL when v is not a mapping. */
LessonExercise *schema_exercise(Checker *c, const YNode *v);
/* A `predict:` mapping at key; demo and run tell what else the step has. */
LessonPredict *schema_predict(Checker *c, const YNode *v, const YNode *key, bool demo, bool run);
/* Two exercises of one lesson may not share a workspace file. */
void schema_exercises_distinct(Checker *c, const Lesson *l);

void lesson_exercise_free(LessonExercise *ex);
void lesson_predict_free(LessonPredict *p);

#endif
