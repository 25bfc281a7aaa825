/* Strict number parsing for flags and config values: the whole string must
 * be the number, and it must lie in range. */
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int parse_int_list(const char *s, int min, int max, int *out, int max_n, const char **err)
{
    int n = 0;
    const char *p = s;
    if (!s || !*s) {
        *err = "empty list";
        return -1;
    }
    while (*p) {
        char *end;
        if (!isdigit((unsigned char)*p)) {
            *err = "expected a number";
            return -1;
        }
        errno = 0;
        long a = strtol(p, &end, 10);
        long b = a;
        if (errno) {
            *err = "number too large";
            return -1;
        }
        p = end;
        if (*p == '-') {
            p++;
            if (!isdigit((unsigned char)*p)) {
                *err = "range needs an end, as in 1-8";
                return -1;
            }
            errno = 0;
            b = strtol(p, &end, 10);
            if (errno) {
                *err = "number too large";
                return -1;
            }
            p = end;
            if (b < a) {
                *err = "range runs backwards";
                return -1;
            }
        }
        if (a < min || b > max) {
            *err = "value out of range";
            return -1;
        }
        for (long v = a; v <= b; v++) {
            if (n >= max_n) {
                *err = "too many values";
                return -1;
            }
            out[n++] = (int)v;
        }
        if (*p == ',') {
            p++;
            if (!*p) {
                *err = "trailing comma";
                return -1;
            }
        } else if (*p) {
            *err = "expected ',' or '-' between numbers";
            return -1;
        }
    }
    return n;
}
