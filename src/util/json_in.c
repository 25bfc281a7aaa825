/* util/json_in: typed reads of a JSON object's members (json_in.h). */
#include "util/json_in.h"

#include <math.h>

/* What key holds, before its type is looked at: *v is the value. */
static JsonGot member(json_object *o, const char *key, json_object **v)
{
    if (!o || !json_object_object_get_ex(o, key, v))
        return JSON_ABSENT;
    return json_object_is_type(*v, json_type_null) ? JSON_NULL : JSON_GOT;
}

JsonGot json_get_number(json_object *o, const char *key, double *out)
{
    json_object *v;
    JsonGot got = member(o, key, &v);
    if (got != JSON_GOT)
        return got;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        return JSON_WRONG;
    double d = json_object_get_double(v);
    if (!isfinite(d))
        return JSON_WRONG;
    *out = d;
    return JSON_GOT;
}

JsonGot json_get_integer(json_object *o, const char *key, int64_t *out)
{
    json_object *v;
    JsonGot got = member(o, key, &v);
    if (got != JSON_GOT)
        return got;
    if (!json_object_is_type(v, json_type_int))
        return JSON_WRONG;
    *out = json_object_get_int64(v);
    return JSON_GOT;
}

JsonGot json_get_boolean(json_object *o, const char *key, bool *out)
{
    json_object *v;
    JsonGot got = member(o, key, &v);
    if (got != JSON_GOT)
        return got;
    if (!json_object_is_type(v, json_type_boolean))
        return JSON_WRONG;
    *out = json_object_get_boolean(v);
    return JSON_GOT;
}

JsonGot json_get_string(json_object *o, const char *key, const char **out, size_t *len)
{
    json_object *v;
    JsonGot got = member(o, key, &v);
    if (got != JSON_GOT)
        return got;
    if (!json_object_is_type(v, json_type_string))
        return JSON_WRONG;
    *out = json_object_get_string(v);
    *len = (size_t)json_object_get_string_len(v);
    return JSON_GOT;
}
