/* util/json_in: typed reads of a JSON object's members (json_in.h). */
#include "util/json_in.h"

#include <json-c/json.h>

#include <math.h>

/* What key holds: JSON_GOT when it is of type a or b (*v is the value). */
static JsonGot member(json_object *o, const char *key, json_type a, json_type b, json_object **v)
{
    if (!o || !json_object_object_get_ex(o, key, v))
        return JSON_ABSENT;
    if (json_object_is_type(*v, json_type_null))
        return JSON_NULL;
    return json_object_is_type(*v, a) || json_object_is_type(*v, b) ? JSON_GOT : JSON_WRONG;
}

JsonGot json_get_number(json_object *o, const char *key, double *out)
{
    json_object *v;
    JsonGot got = member(o, key, json_type_double, json_type_int, &v);
    if (got == JSON_GOT && !isfinite(json_object_get_double(v)))
        return JSON_WRONG;
    if (got == JSON_GOT)
        *out = json_object_get_double(v);
    return got;
}

JsonGot json_get_integer(json_object *o, const char *key, int64_t *out)
{
    json_object *v;
    JsonGot got = member(o, key, json_type_int, json_type_int, &v);
    if (got == JSON_GOT)
        *out = json_object_get_int64(v);
    return got;
}

JsonGot json_get_boolean(json_object *o, const char *key, bool *out)
{
    json_object *v;
    JsonGot got = member(o, key, json_type_boolean, json_type_boolean, &v);
    if (got == JSON_GOT)
        *out = json_object_get_boolean(v);
    return got;
}

JsonGot json_get_string(json_object *o, const char *key, const char **out, size_t *len)
{
    json_object *v;
    JsonGot got = member(o, key, json_type_string, json_type_string, &v);
    if (got == JSON_GOT) {
        *out = json_object_get_string(v);
        *len = (size_t)json_object_get_string_len(v);
    }
    return got;
}
