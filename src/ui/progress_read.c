/* ui/progress_read: reading progress.json with json-c (kept apart from
 * the writer: json-c's json_bool type clashes with our emitter's name). */
#include "ui/ui_internal.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

enum { PROGRESS_MAX_BYTES = 4 << 20, PROGRESS_MAX_STEP = 100000 };

static int int_field(json_object *obj, const char *key, int min, int max)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_int))
        return 0;
    int64_t x = json_object_get_int64(v);
    return x < min || x > max ? 0 : (int)x;
}

static void load_lesson(Progress *p, const char *id, json_object *obj)
{
    if (!json_object_is_type(obj, json_type_object) || !*id)
        return;
    LessonProgress *lp = progress_get(p, id, true);
    lp->step = int_field(obj, "step", 1, PROGRESS_MAX_STEP);
    lp->furthest = int_field(obj, "furthest", 1, PROGRESS_MAX_STEP);
    json_object *answers;
    if (json_object_object_get_ex(obj, "answers", &answers) &&
        json_object_is_type(answers, json_type_object)) {
        json_object_object_foreach(answers, key, val) {
            long step;
            if (!parse_long(key, 1, PROGRESS_MAX_STEP, &step) || !json_object_is_type(val, json_type_int))
                continue;
            int64_t choice = json_object_get_int64(val);
            if (choice >= 1 && choice <= 1000)
                progress_set_answer(p, id, (int)step, (int)choice);
        }
    }
}

void progress_load(Progress *p, const char *path, const char **note)
{
    memset(p, 0, sizeof *p);
    *note = NULL;
    p->path = path ? xstrdup(path) : NULL;
    if (!path)
        return;
    size_t len;
    char *data = read_file_bounded(path, PROGRESS_MAX_BYTES, &len, true);
    if (!data) {
        if (errno != ENOENT)
            *note = "could not read the progress file; starting from the beginning";
        return;
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
        return;
    }
    json_object *v;
    if (json_object_object_get_ex(root, "last", &v) && json_object_is_type(v, json_type_string))
        p->last_id = xstrdup(json_object_get_string(v));
    if (json_object_object_get_ex(root, "lessons", &v) && json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, key, val)
            load_lesson(p, key, val);
    }
    json_object_put(root);
}

