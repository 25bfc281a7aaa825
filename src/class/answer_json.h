/* class/answer_json: a student's quiz and prediction answers as JSON, the
 * same in the status record (record.c) and the class record (summary.c). */
#ifndef CORELAB_CLASS_ANSWER_JSON_H
#define CORELAB_CLASS_ANSWER_JSON_H

#include "class/class.h"
#include "util/json_out.h"

/* The quiz choice under quiz_key ("quiz" in the record, "quiz_choice" in
 * the class record) and whether it was right; the prediction (a choice or
 * a number) and whether it was right; nothing for what was not answered. */
void class_answer_put_choices(JsonOut *j, const ClassAnswer *a, const char *quiz_key);

#endif
