/* ui/classmode/format: small text helpers for the class screens. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>

/* Whole seconds, at most 99:59:59 (a converted double beyond long's range
 * would be undefined behaviour; records are range-checked, this is not
 * the only guard). */
static long whole_seconds(double seconds)
{
    if (!(seconds > 0))
        return 0;
    return seconds < 359999.0 ? (long)(seconds + 0.5) : 359999;
}

void classmode_fmt_clock(char *out, size_t cap, double seconds)
{
    long s = whole_seconds(seconds);
    if (s >= 3600)
        snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

void classmode_fmt_ago(char *out, size_t cap, double seconds)
{
    long s = !(seconds > 0) ? 0 : seconds < 1e9 ? (long)seconds : 999999999;
    if (s < 60)
        snprintf(out, cap, "%lds", s);
    else if (s < 3600)
        snprintf(out, cap, "%ldm", s / 60);
    else
        snprintf(out, cap, "%ldh", s / 3600);
}

void classmode_fmt_safe(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        out[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    if (cap)
        out[n] = '\0';
}
