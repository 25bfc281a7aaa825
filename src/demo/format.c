/* demo/format: numbers as the panes print a demo's figures (registry.h's
 * DemoFormat), shared by the results table and the demos' headlines. */
#include "demo/registry.h"

#include <math.h>
#include <stdio.h>

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
