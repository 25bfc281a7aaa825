/* ui/progress_read: reading progress.json with json-c (kept apart from
 * the writer: json-c's json_bool type clashes with our emitter's name).
 * Anything of the wrong type or out of range is skipped, never trusted.
 *
 * A version 1 file has only step, furthest and answers (the latest answer
 * per quiz). Its steps up to furthest are taken as seen and its answers as
 * first answers whose rightness is judged against the lesson: all it knew. */
#include "ui/progress.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_in.h"
#include "util/util.h"

enum { PROGRESS_MAX_BYTES = 4 << 20, PROGRESS_MAX_STEP = 100000, MAX_CHOICE = 1000 };

static bool get_int(json_object *obj, const char *key, int64_t min, int64_t max, int64_t *out)
{
    int64_t x;
    if (json_get_integer(obj, key, &x) != JSON_GOT || x < min || x > max)
        return false;
    *out = x;
    return true;
}

static int int_field(json_object *obj, const char *key, int min, int max)
{
    int64_t x;
    return get_int(obj, key, min, max, &x) ? (int)x : 0;
}

/* -1 absent or not a boolean */
static int bool_field(json_object *obj, const char *key)
{
    bool b;
    return json_get_boolean(obj, key, &b) == JSON_GOT ? b : -1;
}

/* The step a key like "4" names, or 0. */
static int step_of(const char *key)
{
    long step;
    return parse_long(key, 1, PROGRESS_MAX_STEP, &step) ? (int)step : 0;
}

static json_object *object_field(json_object *obj, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(obj, key, &v) && json_object_is_type(v, json_type_object) ? v : NULL;
}

static void load_seen(Progress *p, const char *id, json_object *obj, int version)
{
    json_object *seen;
    if (version < 2) {
        int furthest = int_field(obj, "furthest", 1, PROGRESS_MAX_STEP);
        for (int s = 1; s <= furthest; s++)
            progress_mark_seen(p, id, s);
        return;
    }
    if (!json_object_object_get_ex(obj, "seen", &seen) || !json_object_is_type(seen, json_type_array))
        return;
    size_t n = json_object_array_length(seen);
    for (size_t i = 0; i < n && i < PROGRESS_MAX_STEP; i++) {
        json_object *v = json_object_array_get_idx(seen, i);
        int64_t s = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
        if (s >= 1 && s <= PROGRESS_MAX_STEP)
            progress_mark_seen(p, id, (int)s);
    }
}

typedef void StepReader(Progress *p, const char *id, int step, json_object *val);

/* Each "STEP": value in the object obj[section] whose value has the type. */
static void each_step(Progress *p, const char *id, json_object *obj, const char *section, json_type type,
                      StepReader *read)
{
    json_object *all = object_field(obj, section);
    if (!all)
        return;
    json_object_object_foreach(all, key, val) {
        int step = step_of(key);
        if (step && json_object_is_type(val, type))
            read(p, id, step, val);
    }
}

static void read_quiz(Progress *p, const char *id, int step, json_object *val)
{
    int64_t first;
    if (!get_int(val, "first", 1, MAX_CHOICE, &first))
        return;
    int right = bool_field(val, "right");
    if (right < 0)
        progress_set_answer(p, id, step, (int)first);
    else
        progress_quiz_answer(p, id, step, (int)first, right);
}

/* A version 1 file's latest answer per quiz. */
static void read_answer(Progress *p, const char *id, int step, json_object *val)
{
    int64_t choice = json_object_get_int64(val);
    if (choice >= 1 && choice <= MAX_CHOICE)
        progress_set_answer(p, id, step, (int)choice);
}

static void read_prediction(Progress *p, const char *id, int step, json_object *val)
{
    bool right = bool_field(val, "right") == 1;
    int64_t choice;
    json_object *v;
    if (get_int(val, "choice", 1, MAX_CHOICE, &choice))
        progress_predict_choice(p, id, step, (int)choice, right);
    else if (json_object_object_get_ex(val, "value", &v) &&
             (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
        progress_predict_number(p, id, step, json_object_get_double(v), right);
}

static void read_exercise(Progress *p, const char *id, int step, json_object *val)
{
    StepProgress *s = progress_step_record(p, id, step);
    int64_t x;
    if (get_int(val, "attempts", 0, 1000000, &x))
        s->exercise.attempts = (int)x;
    if (get_int(val, "hints", 0, 1000, &x))
        s->exercise.hints = (int)x;
    s->exercise.solution_shown = bool_field(val, "solution") == 1;
    if (get_int(val, "passed_at", 0, INT64_MAX, &x))
        s->exercise.passed_at = x;
}

static void load_lesson(Progress *p, const char *id, json_object *obj, int version)
{
    if (!json_object_is_type(obj, json_type_object) || !*id)
        return;
    LessonProgress *lp = progress_get(p, id, true);
    lp->step = int_field(obj, "step", 1, PROGRESS_MAX_STEP);
    load_seen(p, id, obj, version);
    /* furthest as written; at least what seen says */
    int furthest = int_field(obj, "furthest", 1, PROGRESS_MAX_STEP);
    if (furthest > lp->furthest)
        lp->furthest = furthest;
    each_step(p, id, obj, "quiz", json_type_object, read_quiz);
    each_step(p, id, obj, "answers", json_type_int, read_answer);
    each_step(p, id, obj, "predict", json_type_object, read_prediction);
    each_step(p, id, obj, "exercise", json_type_object, read_exercise);
}

static json_object *parse(const char *path, const char **note)
{
    size_t len;
    char *data = read_file_bounded(path, PROGRESS_MAX_BYTES, &len, true);
    if (!data) {
        if (errno != ENOENT)
            *note = "could not read the progress file; starting from the beginning";
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(64);
    json_object *root = json_tokener_parse_ex(tok, data, (int)len);
    bool complete = json_tokener_get_error(tok) == json_tokener_success &&
                    json_tokener_get_parse_end(tok) >= len - (len > 0 && data[len - 1] == '\n');
    json_tokener_free(tok);
    free(data);
    if (!root || !complete || !json_object_is_type(root, json_type_object)) {
        *note = "the progress file was unreadable (ignored); starting from the beginning";
        json_object_put(root);
        return NULL;
    }
    return root;
}

void progress_load(Progress *p, const char *path, const char **note)
{
    memset(p, 0, sizeof *p);
    *note = NULL;
    p->path = path ? xstrdup(path) : NULL;
    if (!path)
        return;
    json_object *root = parse(path, note);
    if (!root)
        return;
    int version = int_field(root, "version", 1, 1000);
    json_object *v;
    if (json_object_object_get_ex(root, "last", &v) && json_object_is_type(v, json_type_string))
        p->last_id = xstrdup(json_object_get_string(v));
    if ((v = object_field(root, "lessons")) != NULL) {
        json_object_object_foreach(v, key, val)
            load_lesson(p, key, val, version);
    }
    json_object_put(root);
}
