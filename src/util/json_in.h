/* util/json_in: a JSON object's members read with their types checked.
 * Each getter says what the key holds: a value of the type asked (*out is
 * set), nothing (no such key), null, or something else. What an absent or
 * a wrong value means (a default, a refused record) is the caller's. */
#ifndef CORELAB_UTIL_JSON_IN_H
#define CORELAB_UTIL_JSON_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object; /* json-c's; its header is the caller's to include */

typedef enum { JSON_ABSENT, JSON_NULL, JSON_WRONG, JSON_GOT } JsonGot;

/* An integer or a double, finite. */
JsonGot json_get_number(struct json_object *o, const char *key, double *out);
/* An integer. */
JsonGot json_get_integer(struct json_object *o, const char *key, int64_t *out);
JsonGot json_get_boolean(struct json_object *o, const char *key, bool *out);
/* A string (*out points into o) and its length in bytes. */
JsonGot json_get_string(struct json_object *o, const char *key, const char **out, size_t *len);

#endif
