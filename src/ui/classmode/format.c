/* ui/classmode/format: small text helpers for the class screens. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>

void classmode_fmt_clock(char *out, size_t cap, double seconds)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    if (s >= 3600)
        snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

void classmode_fmt_ago(char *out, size_t cap, double seconds)
{
    long s = seconds > 0 ? (long)seconds : 0;
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
