/* class/record_read: pace and status records read with json-c. Unknown keys
 * are ignored so that a newer instructor can add fields; a known key with
 * the wrong type is an error. */
#include "class/class.h"

#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "util/term_safe.h"

static json_object *parse_object(const char *text, size_t len, const char **err)
{
    if (len > CLASS_PACE_MAX) {
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

/* Each getter leaves *out alone when the key is absent and fails on a value
 * of the wrong type. */
static bool get_str(json_object *o, const char *key, char *out, size_t cap)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v))
        return true;
    if (!json_object_is_type(v, json_type_string))
        return false;
    const char *s = json_object_get_string(v);
    size_t n = (size_t)json_object_get_string_len(v);
    /* Another user wrote it, and names and ids reach the instructor's
     * screen and summary: one line of printable UTF-8 (no NUL, newline,
     * escape sequence or broken character), or the record is refused. */
    if (n >= cap || strlen(s) != n || !term_safe_is_clean(s, n, 0))
        return false;
    memcpy(out, s, n + 1);
    return true;
}

static bool get_num(json_object *o, const char *key, double *out)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
        return true;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        return false;
    double d = json_object_get_double(v);
    if (!isfinite(d))
        return false;
    *out = d;
    return true;
}

/* Wall-clock times in ms since the epoch, up to the year 33658: a time
 * far in the future would keep a record "live" for ever. */
#define RECORD_TIME_MAX_MS 1e15

static bool get_time(json_object *o, const char *key, double *out)
{
    double ms = *out * 1000.0;
    if (!get_num(o, key, &ms) || ms < 0 || ms > RECORD_TIME_MAX_MS)
        return false;
    *out = ms / 1000.0;
    return true;
}

static bool get_long(json_object *o, const char *key, long min, long max, long *out)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v))
        return true;
    if (!json_object_is_type(v, json_type_int))
        return false;
    int64_t x = json_object_get_int64(v);
    if (x < min || x > max)
        return false;
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
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v))
        return true;
    if (!json_object_is_type(v, json_type_boolean))
        return false;
    *out = json_object_get_boolean(v);
    return true;
}

int class_pace_from_json(const char *text, size_t len, ClassPace *out, const char **err)
{
    json_object *o = parse_object(text, len, err);
    if (!o)
        return -1;
    ClassPace p = {.clear_flags_on_step = true};
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
        && get_long(o, "pid", 0, 1L << 31, &p.pid);
    json_object_put(o);
    if (!ok) {
        *err = "a field has the wrong type or is out of range";
        return -1;
    }
    *out = p;
    return 0;
}

int class_status_from_json(const char *text, size_t len, ClassStatus *out, const char **err)
{
    json_object *o = parse_object(text, len, err);
    if (!o)
        return -1;
    ClassStatus s = {0};
    char flag[16] = "none";
    bool ok = get_str(o, "user", s.user, sizeof s.user)
        && get_str(o, "lesson", s.lesson, sizeof s.lesson)
        && get_int(o, "step", 0, 100000, &s.step)
        && get_str(o, "flag", flag, sizeof flag)
        && class_flag_parse(flag, &s.flag)
        && get_long(o, "flag_seq", 0, 1L << 40, &s.flag_seq)
        && get_int(o, "quiz_score", 0, 100000, &s.quiz_score)
        && get_int(o, "quiz_total", 0, 100000, &s.quiz_total)
        && get_time(o, "heartbeat_ms", &s.heartbeat)
        && get_bool(o, "roaming", &s.roaming);
    json_object_put(o);
    if (!ok) {
        *err = "a field has the wrong type or is out of range";
        return -1;
    }
    *out = s;
    return 0;
}

