/* The model the panes draw from: bounded rings of samples, spans, results,
 * messages and output lines. Everything the stream can grow is capped. */
#include "demo/registry.h"
#include "ui/panes/figures.h"
#include "ui/panes/panes.h"
#include "util/utf8.h"
#include "util/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_init(Model *m)
{
    memset(m, 0, sizeof *m);
}

void shown_result_free(ShownResult *r)
{
    free(r->demo);
    free(r->variant);
    for (int i = 0; i < r->n_fields; i++) {
        free(r->fields[i].key);
        free(r->fields[i].value);
    }
    memset(r, 0, sizeof *r);
}

void model_free(Model *m)
{
    for (int i = 0; i < MODEL_MAX_THREADS; i++)
        free(m->threads[i].ring);
    for (int i = 0; i < m->nresults; i++)
        shown_result_free(&m->results[i]);
    for (int i = 0; i < MODEL_OUT_LINES; i++)
        free(m->out[i]);
    memset(m, 0, sizeof *m);
}

void model_reset(Model *m)
{
    model_free(m);
    model_init(m);
}

void model_set_demo(Model *m, const char *name, const char *variant)
{
    snprintf(m->demo_name, sizeof m->demo_name, "%s", name ? name : "");
    snprintf(m->demo_variant, sizeof m->demo_variant, "%s", variant ? variant : "");
}

static void bump_time(Model *m, double t)
{
    if (isfinite(t) && t > m->t_max)
        m->t_max = t;
}

void model_add_sample(Model *m, double t, const double *pct, int n, const int *ids)
{
    if (n > MODEL_MAX_CPUS)
        n = MODEL_MAX_CPUS;
    if (n < 0)
        n = 0;
    if (n != m->ncpu) /* the CPU set changed: old history is about other CPUs */
        m->hist_n = 0;
    m->ncpu = n;
    int slot = m->hist_head;
    for (int c = 0; c < n; c++) {
        double p = pct[c];
        if (!isfinite(p) || p < 0)
            p = 0;
        if (p > 100)
            p = 100;
        m->last[c] = (float)p;
        m->hist[slot][c] = (uint8_t)lround(p);
        m->cpu_ids[c] = ids ? ids[c] : c;
    }
    m->hist_head = (slot + 1) % MODEL_HIST;
    if (m->hist_n < MODEL_HIST)
        m->hist_n++;
    m->n_samples++;
    bump_time(m, t);
}

int model_hist(const Model *m, int c, int age)
{
    if (c < 0 || c >= m->ncpu || age < 0 || age >= m->hist_n)
        return -1;
    int slot = (m->hist_head - 1 - age + 2 * MODEL_HIST) % MODEL_HIST;
    return m->hist[slot][c];
}

void model_add_span(Model *m, double t, double dur, int thread, int state, int cpu)
{
    if (thread < 0 || thread >= MODEL_MAX_THREADS || state < 0 || state >= STATE_COUNT ||
        !isfinite(t) || !isfinite(dur) || dur < 0 || dur > 1e9) { /* dur is kept as a float */
        m->n_spans_dropped++;
        return;
    }
    ThreadTrack *tr = &m->threads[thread];
    if (!tr->ring)
        tr->ring = xcalloc(MODEL_SPAN_RING, sizeof *tr->ring);
    Span *s = &tr->ring[tr->head];
    s->t = t;
    s->dur = (float)dur;
    s->state = (uint8_t)state;
    s->cpu = (int16_t)(cpu < INT16_MIN ? -1 : cpu > INT16_MAX ? -1 : cpu);
    tr->head = (tr->head + 1) % MODEL_SPAN_RING;
    m->states_seen |= 1u << state;
    if (tr->n < MODEL_SPAN_RING)
        tr->n++;
    if (thread + 1 > m->nthreads)
        m->nthreads = thread + 1;
    m->n_spans++;
    if (state == STATE_RUN)
        m->run_s += dur;
    bump_time(m, t + dur);
    if (t + dur > m->t_spans)
        m->t_spans = t + dur;
    if (t + dur > tr->t_end)
        tr->t_end = t + dur;
}

double model_timeline_edge(const Model *m)
{
    double edge = m->t_spans;
    for (int th = 0; th < m->nthreads; th++) {
        const ThreadTrack *tr = &m->threads[th];
        if (!tr->n)
            continue;
        double end = tr->t_end;
        if (end >= m->t_spans - MODEL_LIVE_S && end < edge)
            edge = end;
    }
    return edge;
}

static char *clean_line(const char *line, size_t len);

void model_name_thread(Model *m, int thread, int pid, int tid, const char *name)
{
    if (thread < 0 || thread >= MODEL_MAX_THREADS || !name)
        return;
    ThreadTrack *tr = &m->threads[thread];
    m->traced = true;
    if (thread == 0)
        m->root_pid = pid;
    tr->pid = pid;
    tr->tid = tid;
    /* A comm is any 15 bytes: kept printable, and cut on a character. */
    char *clean = clean_line(name, strnlen(name, MODEL_NAME_LEN - 1));
    snprintf(tr->name, sizeof tr->name, "%s", clean);
    free(clean);
}

int model_label_width(const Model *m)
{
    return m->traced ? MODEL_LABEL_W : 4;
}

/* The first bytes of s that fill at most cols columns, less the blanks
 * they end in. */
static int fit_bytes(const char *s, int cols)
{
    int n = cols > 0 ? (int)text_fit(s, strlen(s), cols) : 0;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n;
}

void model_thread_label(const Model *m, int th, char *buf, size_t n, int width)
{
    const ThreadTrack *tr = th >= 0 && th < MODEL_MAX_THREADS ? &m->threads[th] : NULL;
    if (!tr || !tr->name[0]) {
        snprintf(buf, n, "%c%-2d", figures_worker_letter(m), th % 100); /* P0 for a process */
        return;
    }
    char id[24];
    if (tr->tid == tr->pid) { /* a process: its pid first, in brackets */
        snprintf(id, sizeof id, "[%d] ", tr->pid);
        snprintf(buf, n, "%s%.*s", id, fit_bytes(tr->name, width - (int)strlen(id)), tr->name);
        return;
    }
    snprintf(id, sizeof id, " %d", tr->tid);
    snprintf(buf, n, "%.*s%s", fit_bytes(tr->name, width - (int)strlen(id)), tr->name, id);
}

/* Whether row th was on a CPU, or wanted one, after t0. */
static bool ran_since(const Model *m, int th, double t0)
{
    const ThreadTrack *tr = &m->threads[th];
    for (size_t i = 0; i < tr->n; i++) {
        const Span *s = &tr->ring[(tr->head + MODEL_SPAN_RING - 1 - i) % MODEL_SPAN_RING];
        if (s->t + s->dur <= t0)
            break;
        if (s->state == STATE_RUN || s->state == STATE_READY || s->state == STATE_NOGIL)
            return true;
    }
    return false;
}

int model_window_rows(const Model *m, double t0, int room, int *rows)
{
    bool keep[MODEL_MAX_THREADS] = {false};
    int n = 0;
    bool all = m->nthreads <= room;
    /* A traced program's threads that ran in the window come first: not
     * the main thread that waits in join() all along. */
    for (int th = 0; m->traced && !all && th < m->nthreads && n < room; th++)
        if (m->threads[th].t_end > t0 && ran_since(m, th, t0)) {
            keep[th] = true;
            n++;
        }
    for (int th = 0; th < m->nthreads && n < room; th++)
        if (!keep[th] && (all || m->threads[th].t_end > t0)) {
            keep[th] = true;
            n++;
        }
    while (n < room) { /* room left: the rows that ended last */
        int last = -1;
        for (int th = 0; th < m->nthreads; th++)
            if (!keep[th] && m->threads[th].n && (last < 0 || m->threads[th].t_end > m->threads[last].t_end))
                last = th;
        if (last < 0)
            break;
        keep[last] = true;
        n++;
    }
    n = 0;
    for (int th = 0; th < m->nthreads; th++)
        if (keep[th])
            rows[n++] = th;
    return n;
}

void model_thread_cells(const Model *m, int th, double t0, double cell, int ncells, uint8_t *out)
{
    enum { MAXC = 1024 };
    if (ncells > MAXC)
        ncells = MAXC;
    for (int k = 0; k < ncells; k++)
        out[k] = STATE_COUNT;
    if (th < 0 || th >= MODEL_MAX_THREADS || cell <= 0 || ncells <= 0)
        return;
    const ThreadTrack *tr = &m->threads[th];
    if (!tr->ring)
        return;
    static const float zero[STATE_COUNT];
    float acc[MAXC][STATE_COUNT];
    for (int k = 0; k < ncells; k++)
        memcpy(acc[k], zero, sizeof zero);
    double t1 = t0 + cell * ncells;
    /* Newest first; stop once spans end before the window (they arrive in
     * time order per thread, give or take a little). */
    for (size_t i = 0; i < tr->n; i++) {
        const Span *s = &tr->ring[(tr->head + MODEL_SPAN_RING - 1 - i) % MODEL_SPAN_RING];
        double a = s->t, b = s->t + s->dur;
        if (b < t0 - 0.25) /* slack for spans that arrive a little out of order */
            break;
        if (b <= t0 || a >= t1)
            continue;
        if (a < t0)
            a = t0;
        if (b > t1)
            b = t1;
        int k0 = (int)((a - t0) / cell), k1 = (int)((b - t0) / cell);
        if (k1 >= ncells)
            k1 = ncells - 1;
        for (int k = k0; k <= k1 && k >= 0; k++) {
            double ca = t0 + k * cell, cb = ca + cell;
            double ov = (b < cb ? b : cb) - (a > ca ? a : ca);
            if (ov > 0)
                acc[k][s->state] += (float)ov;
        }
    }
    for (int k = 0; k < ncells; k++) {
        int best = STATE_COUNT;
        float bv = 0;
        for (int st = 0; st < STATE_COUNT; st++)
            if (acc[k][st] > bv) {
                bv = acc[k][st];
                best = st;
            }
        out[k] = (uint8_t)best;
    }
}

void model_add_result(Model *m, ShownResult *r)
{
    if (m->nresults >= MODEL_MAX_RESULTS) {
        m->n_results_dropped++;
        shown_result_free(r);
        return;
    }
    m->results[m->nresults++] = *r;
    memset(r, 0, sizeof *r);
}

void model_set_fit(Model *m, double f, int cpus)
{
    if (!isfinite(f))
        return;
    m->has_fit = true;
    m->serial_fraction = f;
    m->fit_cpus = cpus > 0 && cpus <= MODEL_MAX_CPUS * 4 ? cpus : 0;
}

int model_cpus(const Model *m)
{
    if (m->fit_cpus > 0)
        return m->fit_cpus;
    int n = m->ncpu;
    if (m->quota_cpus > 0 && ceil(m->quota_cpus) < n)
        n = (int)ceil(m->quota_cpus);
    return n;
}

/* Workers as the fit counts them: no more than the CPUs. */
static double capped(const Model *m, double workers)
{
    int cpus = model_cpus(m);
    return cpus > 0 && workers > cpus ? cpus : workers;
}

double model_amdahl(const Model *m, double f, double workers)
{
    double p = capped(m, workers);
    return p > 0 ? 1.0 / (f + (1.0 - f) / p) : 0;
}

/* Distinct worker counts among the results with a speedup and a CPU each. */
static int counts_on_cpus(const Model *m)
{
    int cpus = model_cpus(m), n = 0;
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *r = &m->results[i];
        bool seen = false;
        for (int k = 0; k < i; k++)
            seen |= m->results[k].workers == r->workers && m->results[k].has_speedup;
        n += !seen && r->has_speedup && r->workers >= 1 && (cpus == 0 || r->workers <= cpus);
    }
    return n;
}

bool model_fit(const Model *m, double *f, bool *estimated)
{
    if (m->has_fit) {
        *f = m->serial_fraction;
        *estimated = false;
        return true;
    }
    if (counts_on_cpus(m) < 3)
        return false;
    /* 1/S = f + (1-f)/P  <=>  1/S - 1/P = f (1 - 1/P): least squares on f. */
    double num = 0, den = 0;
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *r = &m->results[i];
        double p = capped(m, r->workers);
        if (!r->has_speedup || r->speedup <= 0 || p < 2)
            continue;
        double a = 1.0 - 1.0 / p, b = 1.0 / r->speedup - 1.0 / p;
        num += a * b;
        den += a * a;
    }
    if (den <= 0)
        return false;
    double v = num / den;
    *f = v < 0 ? 0 : v > 1 ? 1 : v;
    *estimated = true;
    return true;
}

bool model_disturbed(const Model *m, double *most)
{
    bool any = false;
    double top = 0;
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *r = &m->results[i];
        for (int k = 0; k < r->n_fields; k++) {
            if (strcmp(r->fields[k].key, STREAM_KEY_BUSY_OTHERS) != 0)
                continue;
            char *end;
            double v = strtod(r->fields[k].value, &end);
            if (end != r->fields[k].value && demo_run_disturbed(v, r->workers, model_cpus(m))) {
                any = true;
                top = v > top ? v : top;
            }
        }
    }
    if (most)
        *most = top;
    return any;
}

void model_message(Model *m, const char *fmt, ...)
{
    char *slot = m->msgs[m->msg_head];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(slot, MODEL_MSG_LEN, fmt, ap);
    va_end(ap);
    /* Keep messages printable: a child's bytes may be anything. */
    for (char *c = slot; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    m->msg_head = (m->msg_head + 1) % MODEL_MSGS;
    if (m->nmsgs < MODEL_MSGS)
        m->nmsgs++;
}

const char *model_msg(const Model *m, int i)
{
    if (i < 0 || i >= m->nmsgs)
        return NULL;
    return m->msgs[(m->msg_head - 1 - i + 2 * MODEL_MSGS) % MODEL_MSGS];
}

/* Output lines are kept printable: control bytes become spaces (tabs too;
 * colours and cursor moves from a child must not reach our terminal), and
 * bytes >= 0x80 are kept only when they form valid UTF-8. */
static char *clean_line(const char *line, size_t len)
{
    if (len > MODEL_OUT_LINE_LEN)
        len = MODEL_OUT_LINE_LEN;
    char *s = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)line[i];
        if (c == '\r') { /* progress bars: keep what follows the last CR (not a CRLF's) */
            if (i + 1 < len)
                o = 0;
            i++;
            continue;
        }
        if (c < 0x80) {
            s[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(line + i, len - i, &cp);
        if (cp == UTF8_INVALID) {
            s[o++] = '?';
        } else {
            memcpy(s + o, line + i, n);
            o += n;
        }
        i += n;
    }
    s[o] = '\0';
    return s;
}

void model_add_output(Model *m, const char *line, size_t len)
{
    int slot = (m->out_head + m->nout) % MODEL_OUT_LINES;
    if (m->nout == MODEL_OUT_LINES) {
        slot = m->out_head;
        m->out_head = (m->out_head + 1) % MODEL_OUT_LINES;
    } else {
        m->nout++;
    }
    free(m->out[slot]);
    m->out[slot] = clean_line(line, len);
    m->out_total++;
}

const char *model_out_line(const Model *m, int i)
{
    if (i < 0 || i >= m->nout)
        return NULL;
    return m->out[(m->out_head + i) % MODEL_OUT_LINES];
}
