/* class/record_read: pace and status records read with json-c. Unknown keys
 * are ignored so that a newer instructor can add fields; a known key with
 * the wrong type, or a value out of its range, is an error: the records
 * come from other users, and a time of 1e300 must not reach a printf. */
#include "class/class.h"

#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/json_in.h"
#include "util/term_safe.h"

static json_object *parse_object(const char *text, size_t len, const char **err)
{
    if (len > CLASS_PACE_MAX || len > INT32_MAX) {
        *err = "record too large";
        return NULL;
    }
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    json_tokener_free(tok);
    if (!o || e != json_tokener_success) {
        json_object_put(o);
        *err = "not valid JSON";
        return NULL;
    }
    if (!json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        *err = "not a JSON object";
        return NULL;
    }
    return o;
}

/* The key of the last value refused, for the message (per thread: two
 * threads may read records at once). */
static _Thread_local const char *bad_key;
static _Thread_local char bad_why[96];

static bool bad(const char *key)
{
    bad_key = key;
    return false;
}

static const char *why_bad(void)
{
    snprintf(bad_why, sizeof bad_why, "its field %s has the wrong type or is out of range",
             bad_key ? bad_key : "(unknown)");
    return bad_why;
}

/* Each getter leaves *out alone when the key is absent and fails on a value
 * of the wrong type. */
static bool get_str(json_object *o, const char *key, char *out, size_t cap)
{
    const char *s;
    size_t n;
    JsonGot got = json_get_string(o, key, &s, &n);
    if (got != JSON_GOT)
        return got == JSON_ABSENT || bad(key);
    /* Another user wrote it, and names and ids reach the instructor's
     * screen and summary: one line of printable UTF-8 (no NUL, newline,
     * escape sequence or broken character), or the record is refused. */
    if (n >= cap || strlen(s) != n || !term_safe_is_clean(s, n, 0))
        return bad(key);
    memcpy(out, s, n + 1);
    return true;
}

static bool get_num(json_object *o, const char *key, double min, double max, double *out)
{
    double d;
    JsonGot got = json_get_number(o, key, &d);
    if (got == JSON_ABSENT || got == JSON_NULL)
        return true;
    if (got != JSON_GOT || d < min || d > max)
        return bad(key);
    *out = d;
    return true;
}

/* Milliseconds since the epoch, 0 up to 2100. */
static bool get_time(json_object *o, const char *key, double *out)
{
    double ms = *out * 1000.0;
    if (!get_num(o, key, 0, (double)CLASS_TIME_MAX_MS, &ms))
        return false;
    *out = ms / 1000.0;
    return true;
}

static bool get_long(json_object *o, const char *key, long min, long max, long *out)
{
    int64_t x;
    JsonGot got = json_get_integer(o, key, &x);
    if (got == JSON_ABSENT)
        return true;
    if (got != JSON_GOT || x < min || x > max)
        return bad(key);
    *out = (long)x;
    return true;
}

static bool get_int(json_object *o, const char *key, int min, int max, int *out)
{
    long x = *out;
    if (!get_long(o, key, min, max, &x))
        return false;
    *out = (int)x;
    return true;
}

static bool get_bool(json_object *o, const char *key, bool *out)
{
    JsonGot got = json_get_boolean(o, key, out);
    return got == JSON_GOT || got == JSON_ABSENT || bad(key);
}

/* The array under key in *v (NULL when the key is absent), at most max
 * long. */
static bool get_array(json_object *o, const char *key, size_t max, json_object **v)
{
    if (!json_object_object_get_ex(o, key, v)) {
        *v = NULL;
        return true;
    }
    return (json_object_is_type(*v, json_type_array) && json_object_array_length(*v) <= max) || bad(key);
}

/* "reveal": [step, ...] with steps 1..CLASS_REVEAL_MAX. */
static bool get_reveal(json_object *o, unsigned long long *out)
{
    json_object *v;
    if (!get_array(o, "reveal", CLASS_REVEAL_MAX, &v))
        return false;
    for (size_t i = 0; v && i < json_object_array_length(v); i++) {
        json_object *e = json_object_array_get_idx(v, i);
        if (!json_object_is_type(e, json_type_int))
            return bad("reveal");
        int64_t k = json_object_get_int64(e);
        if (k < 1 || k > CLASS_REVEAL_MAX)
            return bad("reveal");
        *out |= 1ULL << (k - 1);
    }
    return true;
}

/* An exercise timer ends within a week of the record's heartbeat. */
static bool timer_plausible(const ClassPace *p)
{
    return p->timer_end == 0 || fabs(p->timer_end - p->heartbeat) <= 7 * 86400.0 || bad("timer_end_ms");
}

int class_pace_from_json(const char *text, size_t len, ClassPace *out, const char **err)
{
    json_object *o = parse_object(text, len, err);
    if (!o)
        return -1;
    ClassPace p = {.clear_flags_on_step = true};
    bad_key = NULL;
    bool ok = get_str(o, "lesson", p.lesson, sizeof p.lesson)
        && get_int(o, "step", 0, 100000, &p.step)
        && get_long(o, "seq", 0, 1L << 40, &p.seq)
        && get_time(o, "lesson_started_ms", &p.lesson_started)
        && get_time(o, "step_started_ms", &p.step_started)
        && get_time(o, "timer_end_ms", &p.timer_end)
        && get_str(o, "instructor", p.instructor, sizeof p.instructor)
        && get_time(o, "heartbeat_ms", &p.heartbeat)
        && get_bool(o, "clear_flags_on_step", &p.clear_flags_on_step)
        && get_bool(o, "away", &p.away)
        && get_str(o, "host", p.host, sizeof p.host)
        && get_long(o, "pid", 0, 1L << 31, &p.pid)
        && get_reveal(o, &p.reveal)
        && timer_plausible(&p);
    json_object_put(o);
    if (!ok) {
        *err = why_bad();
        return -1;
    }
    *out = p;
    return 0;
}

static bool get_exercise(json_object *o, ClassExState *out)
{
    char state[16] = "none";
    if (!get_str(o, "exercise", state, sizeof state))
        return bad("exercise");
    if (strcmp(state, "none") == 0)
        *out = CLASS_EX_NONE;
    else if (strcmp(state, "trying") == 0)
        *out = CLASS_EX_TRYING;
    else if (strcmp(state, "passed") == 0)
        *out = CLASS_EX_PASSED;
    else
        return bad("exercise");
    return true;
}

static bool get_answer(json_object *o, ClassAnswer *a)
{
    if (!json_object_is_type(o, json_type_object))
        return bad("answers");
    bool has_num = json_object_object_get_ex(o, "predict", NULL);
    int ok = get_int(o, "step", 1, 100000, &a->step)
        && get_int(o, "quiz", 1, CLASS_CHOICES_MAX, &a->quiz_choice)
        && get_bool(o, "quiz_right", &a->quiz_right)
        && get_num(o, "predict", -1e15, 1e15, &a->predict_value)
        && get_int(o, "predict_choice", 1, CLASS_CHOICES_MAX, &a->predict_choice)
        && get_bool(o, "predict_right", &a->predict_right)
        && get_exercise(o, &a->exercise)
        && get_int(o, "attempts", 0, 100000, &a->attempts)
        && get_int(o, "hints", 0, 1000, &a->hints)
        && get_bool(o, "solution", &a->solution_shown)
        && get_time(o, "tried_ms", &a->tried_since)
        && get_time(o, "passed_ms", &a->passed_at)
        && get_bool(o, "help", &a->help)
        && get_bool(o, "done", &a->done)
        && get_num(o, "seconds", 0, 1e7, &a->seconds);
    a->predicted = has_num || a->predict_choice > 0;
    return ok && (a->step > 0 || bad("step"));
}

/* "answers": at most CLASS_STEPS_MAX, steps strictly increasing. */
static bool get_answers(json_object *o, ClassStatus *s)
{
    json_object *v;
    if (!get_array(o, "answers", CLASS_STEPS_MAX, &v))
        return false;
    for (size_t i = 0; v && i < json_object_array_length(v); i++) {
        ClassAnswer *a = &s->answers[s->n_answers];
        memset(a, 0, sizeof *a);
        if (!get_answer(json_object_array_get_idx(v, i), a))
            return false; /* bad_key names the answer's field */
        if (s->n_answers > 0 && a->step <= s->answers[s->n_answers - 1].step)
            return bad("answers");
        s->n_answers++;
    }
    return true;
}

int class_status_from_json(const char *text, size_t len, ClassStatus *out, const char **err)
{
    json_object *o = parse_object(text, len, err);
    if (!o)
        return -1;
    static const ClassStatus zero;
    ClassStatus s = zero;
    bad_key = NULL;
    char flag[16] = "none";
    bool ok = get_str(o, "user", s.user, sizeof s.user)
        && get_str(o, "lesson", s.lesson, sizeof s.lesson)
        && get_int(o, "step", 0, 100000, &s.step)
        && get_str(o, "flag", flag, sizeof flag)
        && (class_flag_parse(flag, &s.flag) || bad("flag"))
        && get_long(o, "flag_seq", 0, 1L << 40, &s.flag_seq)
        && get_int(o, "quiz_score", 0, 100000, &s.quiz_score)
        && get_int(o, "quiz_total", 0, 100000, &s.quiz_total)
        && get_time(o, "heartbeat_ms", &s.heartbeat)
        && get_long(o, "beat", 0, 1L << 40, &s.beat)
        && get_bool(o, "roaming", &s.roaming)
        && get_str(o, "answers_lesson", s.answers_lesson, sizeof s.answers_lesson)
        && get_answers(o, &s);
    json_object_put(o);
    if (ok && s.n_answers > 0 && !s.answers_lesson[0])
        memcpy(s.answers_lesson, s.lesson, sizeof s.lesson);
    if (!ok) {
        *err = why_bad();
        return -1;
    }
    *out = s;
    return 0;
}

