/* class/record: the pace and status records (their format: "Records" in
 * class.h) written as JSON with the util/json_out emitter (record_read.c
 * reads them with json-c: the two headers cannot meet in one file, both
 * define json_bool), and the flag rules. */
#include "class/class.h"
#include "answer_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_out.h"
#include "util/util.h"

static const char *const flag_names[] = {"none", "done", "help"};

const char *class_flag_name(ClassFlag f)
{
    return (unsigned)f < 3 ? flag_names[f] : "none";
}

bool class_flag_parse(const char *s, ClassFlag *out)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(s, flag_names[i]) == 0) {
            *out = (ClassFlag)i;
            return true;
        }
    }
    return false;
}

/* Times go out as whole milliseconds since the epoch: the emitter's %g
 * would round a timestamp to the nearest 1000 s. */
static void put_time(JsonOut *j, const char *key, double t)
{
    json_kint(j, key, (int64_t)llround(t * 1000.0));
}

char *class_pace_to_json(const ClassPace *p)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 1);
    json_kstr(&j, "lesson", p->lesson);
    json_kint(&j, "step", p->step);
    json_kint(&j, "seq", p->seq);
    put_time(&j, "lesson_started_ms", p->lesson_started);
    put_time(&j, "step_started_ms", p->step_started);
    put_time(&j, "timer_end_ms", p->timer_end);
    json_kstr(&j, "instructor", p->instructor);
    put_time(&j, "heartbeat_ms", p->heartbeat);
    json_kbool(&j, "clear_flags_on_step", p->clear_flags_on_step);
    json_kbool(&j, "away", p->away);
    json_kstr(&j, "host", p->host);
    json_kint(&j, "pid", p->pid);
    if (p->reveal) {
        json_key(&j, "reveal");
        json_arr_begin(&j);
        for (int k = 1; k <= CLASS_REVEAL_MAX; k++)
            if (class_pace_revealed(p, k))
                json_int(&j, k);
        json_arr_end(&j);
    }
    json_obj_end(&j);
    return json_detach(&j);
}

void class_answer_put_choices(JsonOut *j, const ClassAnswer *a, const char *quiz_key)
{
    if (a->quiz_choice > 0) {
        json_kint(j, quiz_key, a->quiz_choice);
        json_kbool(j, "quiz_right", a->quiz_right);
    }
    if (a->predicted) {
        if (a->predict_choice > 0)
            json_kint(j, "predict_choice", a->predict_choice);
        else
            json_knum(j, "predict", a->predict_value);
        json_kbool(j, "predict_right", a->predict_right);
    }
}

/* Only what happened: an untouched step is {"step":N}. */
static void put_answer(JsonOut *j, const ClassAnswer *a)
{
    json_obj_begin(j);
    json_kint(j, "step", a->step);
    class_answer_put_choices(j, a, "quiz");
    if (a->exercise != CLASS_EX_NONE)
        json_kstr(j, "exercise", a->exercise == CLASS_EX_PASSED ? "passed" : "trying");
    if (a->attempts)
        json_kint(j, "attempts", a->attempts);
    if (a->hints)
        json_kint(j, "hints", a->hints);
    if (a->solution_shown)
        json_kbool(j, "solution", true);
    if (a->tried_since > 0)
        put_time(j, "tried_ms", a->tried_since);
    if (a->passed_at > 0)
        put_time(j, "passed_ms", a->passed_at);
    if (a->help)
        json_kbool(j, "help", true);
    if (a->done)
        json_kbool(j, "done", true);
    if (a->seconds >= 0.5)
        json_kint(j, "seconds", llround(a->seconds));
    json_obj_end(j);
}

char *class_status_to_json(const ClassStatus *s)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 2);
    json_kstr(&j, "user", s->user);
    json_kstr(&j, "lesson", s->lesson);
    json_kint(&j, "step", s->step);
    json_kstr(&j, "flag", class_flag_name(s->flag));
    json_kint(&j, "flag_seq", s->flag_seq);
    json_kint(&j, "quiz_score", s->quiz_score);
    json_kint(&j, "quiz_total", s->quiz_total);
    put_time(&j, "heartbeat_ms", s->heartbeat);
    json_kint(&j, "beat", s->beat);
    json_kbool(&j, "roaming", s->roaming);
    if (s->n_answers > 0) {
        json_kstr(&j, "answers_lesson", s->answers_lesson);
        json_key(&j, "answers");
        json_arr_begin(&j);
        for (int i = 0; i < s->n_answers && i < CLASS_STEPS_MAX; i++)
            put_answer(&j, &s->answers[i]);
        json_arr_end(&j);
    }
    json_obj_end(&j);
    return json_detach(&j);
}

void class_status_set_flag(ClassStatus *s, ClassFlag f, const ClassPace *pace)
{
    s->flag = f;
    s->flag_seq = pace ? pace->seq : 0;
    /* The class record keeps which steps a note was raised on. */
    if (f != CLASS_FLAG_NONE && s->answers_lesson[0] && strcmp(s->lesson, s->answers_lesson) == 0) {
        ClassAnswer *a = class_status_answer(s, s->step);
        if (a && f == CLASS_FLAG_HELP)
            a->help = true;
        else if (a)
            a->done = true;
    }
}

bool class_status_on_pace(ClassStatus *s, const ClassPace *pace)
{
    if (s->flag == CLASS_FLAG_NONE || !pace->clear_flags_on_step || s->flag_seq == pace->seq)
        return false;
    s->flag = CLASS_FLAG_NONE;
    s->flag_seq = pace->seq;
    return true;
}
