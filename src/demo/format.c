/* demo/format: numbers as the panes print a demo's figures (registry.h's
 * DemoFormat), shared by the results table and the demos' headlines. */
#include "demo/registry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 49512 -> "49,512" */
static void format_count(char *buf, size_t n, double v)
{
    char digits[32];
    long long x = llround(fabs(v) < 9e18 ? v : 0);
    int len = snprintf(digits, sizeof digits, "%lld", x < 0 ? -x : x);
    char out[48];
    size_t o = 0;
    if (x < 0)
        out[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
}

/* Three significant digits, never an exponent (a cost per task may be a
 * few nanoseconds, in µs). */
static void format_sig(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (a == 0)
        snprintf(buf, n, "0");
    else if (a >= 100)
        snprintf(buf, n, "%.0f", v);
    else if (a >= 10)
        snprintf(buf, n, "%.1f", v);
    else if (a >= 1)
        snprintf(buf, n, "%.2f", v);
    else if (a >= 0.001)
        snprintf(buf, n, "%.3f", v);
    else
        snprintf(buf, n, "<0.001");
}

void demo_format(DemoFormat format, double v, char *buf, size_t n)
{
    switch (format) {
    case DEMO_FMT_COUNT:
        format_count(buf, n, v);
        return;
    case DEMO_FMT_FIX0:
        snprintf(buf, n, "%.0f", v);
        return;
    case DEMO_FMT_FIX2:
        snprintf(buf, n, v != 0 && fabs(v) < 0.01 ? "%.3f" : "%.2f", v);
        return;
    case DEMO_FMT_FIX5:
        snprintf(buf, n, "%.5f", v);
        return;
    case DEMO_FMT_SIG:
        format_sig(buf, n, v);
        return;
    case DEMO_FMT_PERCENT:
        snprintf(buf, n, "%.0f%%", 100.0 * v);
        return;
    case DEMO_FMT_TEXT:
        break;
    }
    snprintf(buf, n, "-");
}

void demo_ascii(char *s)
{
    static const struct {
        const char *from, *to;
    } subst[] = {{"µ", "u"}, {"×", "x"}, {"±", "+-"}, {"≈", "~"}};
    for (size_t k = 0; k < sizeof subst / sizeof subst[0]; k++) {
        size_t fl = strlen(subst[k].from), tl = strlen(subst[k].to);
        for (char *p = strstr(s, subst[k].from); p; p = strstr(p + tl, subst[k].from)) {
            memmove(p + tl, p + fl, strlen(p + fl) + 1);
            memcpy(p, subst[k].to, tl);
        }
    }
}

/* Up to three significant digits, no trailing zeros. */
static void format_short(double v, char *buf, size_t n)
{
    double a = fabs(v);
    snprintf(buf, n, "%.*f", a >= 100 ? 0 : a >= 10 ? 1 : 2, v);
    if (strchr(buf, '.')) {
        char *e = buf + strlen(buf) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
}

void demo_format_ms(double ms, char *buf, size_t n)
{
    char num[32];
    if (ms >= 1 || ms <= 0) {
        format_short(ms, num, sizeof num);
        snprintf(buf, n, "%s ms", num);
    } else {
        format_short(ms * 1000, num, sizeof num);
        snprintf(buf, n, "%s µs", num);
    }
}
