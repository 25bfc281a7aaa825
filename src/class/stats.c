/* class/stats: what the class answered at one step, from a finished roster
 * (pure: no I/O): bars per choice, share right, a histogram of predicted
 * numbers with the measured value's bin, exercise passed / trying / not
 * started, and who has been failing the longest. */
#include "class/class.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double nice_step(double raw)
{
    if (!(raw > 1e-300))
        raw = 1e-300;
    double p = pow(10.0, floor(log10(raw)));
    double m = raw / p;
    double k = m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 2.5 ? 2.5 : m <= 5.0 ? 5.0 : 10.0;
    return k * p;
}

/* Bins are [lo, hi): a value on an edge goes up, even where the division
 * lands a hair below it (1.0 over edges of 0.2 from 0.6). */
static int bin_of(const ClassHistogram *h, double step, double x)
{
    double b = floor((x - h->lo) / step + 1e-9);
    if (b < 0)
        return 0;
    return b >= h->bins ? h->bins - 1 : (int)b;
}

void class_histogram(const double *v, size_t n, double measured, int bins, ClassHistogram *h)
{
    memset(h, 0, sizeof *h);
    h->measured = isfinite(measured) ? measured : NAN;
    h->measured_bin = -1;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(v[i])) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
    }
    if (isfinite(h->measured)) {
        lo = fmin(lo, h->measured);
        hi = fmax(hi, h->measured);
    }
    if (!(lo <= hi))
        return; /* no values at all */
    if (bins < 1 || bins > CLASS_HIST_BINS)
        bins = CLASS_HIST_BINS;
    double span = hi - lo, step;
    step = nice_step(span > 0 ? span / bins : (fabs(lo) > 0 ? fabs(lo) / 10 : 1));
    for (;;) { /* edges on multiples of a round step, at most `bins` bins */
        h->lo = floor(lo / step) * step;
        double nb = floor((hi - h->lo) / step) + 1;
        if (nb <= bins) {
            h->bins = (int)nb;
            break;
        }
        step = nice_step(step * 1.0001);
    }
    h->hi = h->lo + h->bins * step;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            h->count[bin_of(h, step, v[i])]++;
    if (isfinite(h->measured))
        h->measured_bin = bin_of(h, step, h->measured);
}

static void count_answer(ClassStepStats *o, const ClassStudent *s, const ClassAnswer *a,
                         double now, double *values, size_t *n_values, double *seconds, int *seen)
{
    if (a->quiz_choice > 0) {
        o->quiz_answered++;
        o->quiz_right += a->quiz_right;
        o->quiz_choice[a->quiz_choice]++;
    }
    if (a->predicted) {
        o->predicted++;
        o->predict_right += a->predict_right;
        if (a->predict_choice > 0)
            o->predict_choice[a->predict_choice]++;
        else
            values[(*n_values)++] = a->predict_value;
    }
    if (a->exercise == CLASS_EX_PASSED)
        o->ex_passed++;
    else if (a->exercise == CLASS_EX_TRYING)
        o->ex_trying++;
    double trying = class_answer_trying_s(a, now);
    if (trying >= 0 && (!o->stuck_user[0] || trying > o->stuck_s)) {
        o->stuck_s = trying;
        snprintf(o->stuck_user, sizeof o->stuck_user, "%s", s->st.user);
    }
    o->helped += a->help;
    o->done += a->done;
    if (a->seconds > 0) {
        *seconds += a->seconds;
        (*seen)++;
    }
}

static double share(int right, int n)
{
    return n > 0 ? (double)right / n : NAN;
}

void class_step_stats(const ClassRoster *r, const char *lesson, int step, double measured,
                      double now, bool with_stale, ClassStepStats *out)
{
    memset(out, 0, sizeof *out);
    out->step = step;
    double *values = xcalloc(r->n ? r->n : 1, sizeof *values);
    size_t n_values = 0;
    double seconds = 0;
    int seen = 0;
    for (size_t i = 0; i < r->n; i++) {
        const ClassStudent *s = &r->items[i];
        if (s->stale && !with_stale)
            continue;
        out->students++;
        if (strcmp(s->st.answers_lesson, lesson) != 0)
            continue;
        const ClassAnswer *a = class_status_find_answer(&s->st, step);
        if (a)
            count_answer(out, s, a, now, values, &n_values, &seconds, &seen);
    }
    out->ex_none = out->students - out->ex_passed - out->ex_trying;
    out->quiz_share_right = share(out->quiz_right, out->quiz_answered);
    out->predict_share_right = share(out->predict_right, out->predicted);
    out->seconds_mean = seen ? seconds / seen : 0;
    class_histogram(values, n_values, measured, CLASS_HIST_BINS, &out->predict_hist);
    free(values);
}
