/* util/json_in: typed reads of a JSON object's members. */
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/json_in.h"

#include "../lib/check.h"

/* Each member read says whether it was there, null, of another type, or
 * what was asked. */
static void test_json_in(void)
{
    json_object *o = json_tokener_parse("{\"n\": 2.5, \"i\": 7, \"b\": true, \"s\": \"hi\", \"z\": null}");
    double d = 0;
    int64_t i = 0;
    bool b = false;
    const char *s = NULL;
    size_t len = 0;
    CHECK(json_get_number(o, "n", &d) == JSON_GOT && d == 2.5);
    CHECK(json_get_number(o, "i", &d) == JSON_GOT && d == 7); /* an integer is a number too */
    CHECK(json_get_integer(o, "n", &i) == JSON_WRONG && i == 0);
    CHECK(json_get_integer(o, "i", &i) == JSON_GOT && i == 7);
    CHECK(json_get_boolean(o, "b", &b) == JSON_GOT && b);
    CHECK(json_get_string(o, "s", &s, &len) == JSON_GOT && len == 2 && strcmp(s, "hi") == 0);
    CHECK(json_get_string(o, "i", &s, &len) == JSON_WRONG);
    CHECK(json_get_boolean(o, "z", &b) == JSON_NULL && json_get_number(o, "none", &d) == JSON_ABSENT);
    CHECK(json_get_number(NULL, "n", &d) == JSON_ABSENT);
    json_object_put(o);
}

int main(void)
{
    RUN(test_json_in);
    return check_exit();
}
