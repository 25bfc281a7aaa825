/* demo/demo_cmd: `corelab demo list` and `corelab demo NAME ...`: parse,
 * run the sweep, write JSON records or a table and a conclusion. */
#include "demo/demo.h"
#include "demo/kernel.h"
#include "demo/options.h"
#include "demo/runs.h"
#include "demo/session.h"
#include "probe/probe.h"
#include "util/json_out.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>

static void print_usage(FILE *f)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_adds(&b, "usage: corelab demo list\n"
                    "       corelab demo NAME [--variant V] [--workers LIST] [--work N] [--seconds S]\n"
                    "                         [--switch-interval MS] [--chunksize N] [--schedule S] [--long] [--json]\n"
                    "\n");
    demo_options_usage(&b);
    strbuf_addf(&b, "  %-22s %s\n", "--long", "allow a whole invocation past 120 s (runs x --seconds)");
    strbuf_addf(&b, "  %-22s %s\n", "--json", "one JSON object per line: sample, span, result, fit, error");
    strbuf_addf(&b, "\nAt most %d workers per CPU this process may use.\n", DEMO_WORKERS_PER_CPU);
    fputs(b.data, f);
    strbuf_free(&b);
}

static void cmd_list(FILE *out)
{
    int n;
    const Demo *const *all = demo_all(&n);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%-6s %s\n", all[i]->name, all[i]->summary);
        for (int v = 0; v < all[i]->nvariants; v++)
            fprintf(out, "       %-9s %s\n", all[i]->variants[v].name, all[i]->variants[v].help);
    }
}

/* The keys a result record has beyond those of every demo, for readers of
 * --json. */
static void print_fields(FILE *out, const Demo *d)
{
    fprintf(out, "\nresult fields (--json) besides %s, %s, %s, %s, %s, %s, %s, %s, %s:\n", STREAM_KEY_DEMO,
            STREAM_KEY_VARIANT, STREAM_KEY_WORKERS, STREAM_KEY_WALL_S, STREAM_KEY_SPEEDUP, STREAM_KEY_WORK,
            STREAM_KEY_STOPPED, STREAM_KEY_SPANS_DROPPED, STREAM_KEY_BUSY_OTHERS);
    for (int i = 0; i < d->nfields; i++) {
        const DemoField *f = &d->fields[i];
        if (!demo_field_is_own(f))
            continue;
        StrBuf about;
        strbuf_init(&about);
        if (f->unit[0])
            strbuf_adds(&about, f->unit);
        if (f->per_worker)
            strbuf_addf(&about, "%sone per worker", about.len ? ", " : "");
        if (f->variant)
            strbuf_addf(&about, "%s%s only", about.len ? ", " : "", f->variant);
        if (about.len)
            fprintf(out, "  %-16s %s\n", f->key, about.data);
        else
            fprintf(out, "  %s\n", f->key);
        strbuf_free(&about);
    }
}

static void demo_help(FILE *out, const Demo *d)
{
    const DemoKernel *k = d->kernel;
    fprintf(out, "corelab demo %s: %s\n\nvariants:\n", d->name, d->summary);
    for (int v = 0; v < d->nvariants; v++)
        fprintf(out, "  %-9s %s%s\n", d->variants[v].name, d->variants[v].help, v == 0 ? " (default)" : "");
    fprintf(out, "\n--work counts %s (default %ld", k->unit, k->default_work);
    for (int v = 0; v < d->nvariants; v++)
        if (d->variants[v].default_work > 0)
            fprintf(out, "; %s %ld", d->variants[v].name, d->variants[v].default_work);
    fprintf(out, ", at most %ld).\n", k->max_work);
    print_fields(out, d);
    fprintf(out, "\n");
    print_usage(out);
}

/* Text for stdout written through fn, in ASCII when the locale is not
 * UTF-8. */
static void print_text(void (*fn)(FILE *, const Demo *), const Demo *d, bool ascii)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return;
    fn(m, d);
    fclose(m);
    if (ascii)
        demo_ascii(text);
    fputs(text, stdout);
    free(text);
}

static void list_all(FILE *out, const Demo *d)
{
    (void)d;
    cmd_list(out);
}

/* Whether the terminal's locale is UTF-8 (LC_CTYPE from the environment). */
static bool locale_is_utf8(void)
{
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* A usage error: one line, exit 2 (and an error record for JSON readers). */
static int usage_error(bool json, const char *msg)
{
    if (json)
        json_write_error(stdout, msg);
    fprintf(stderr, "corelab demo: %s\n", msg);
    return 2;
}

static void emit_error(Session *s, bool json, const char *msg)
{
    if (json) {
        JsonOut j;
        json_error_record(&j, msg);
        session_write_json(s, &j);
        json_free(&j);
    }
    fprintf(stderr, "corelab demo: %s\n", msg);
}

/* ---- output of a run ---- */

static void emit_result_json(Session *s, const DemoCtx *c, const DemoRow *row)
{
    JsonOut j;
    json_record_begin(&j, STREAM_RESULT);
    json_kstr(&j, STREAM_KEY_DEMO, c->opts->name);
    json_kstr(&j, STREAM_KEY_VARIANT, c->variant);
    json_kint(&j, STREAM_KEY_WORKERS, row->workers);
    json_knum(&j, STREAM_KEY_WALL_S, row->res.wall_s);
    json_knum(&j, STREAM_KEY_SPEEDUP, row->speedup); /* null without a 1-worker run */
    json_kint(&j, STREAM_KEY_WORK, c->work);
    json_kbool(&j, STREAM_KEY_STOPPED, row->res.stopped);
    json_kint(&j, STREAM_KEY_SPANS_DROPPED, (int64_t)trace_dropped(c->trace));
    json_knum(&j, STREAM_KEY_BUSY_OTHERS, round(row->busy_others * 100) / 100); /* null: unknown */
    for (int i = 0; i < row->res.nfields; i++) {
        const ResultField *f = &row->res.f[i];
        json_key(&j, f->key);
        switch (f->kind) {
        case RF_INT: json_int(&j, f->i); break;
        case RF_NUM: json_num(&j, f->d); break;
        case RF_STR: json_str(&j, f->s); break;
        case RF_BOOL: json_bool(&j, f->i != 0); break;
        case RF_NUMS:
            json_arr_begin(&j);
            for (int k = 0; k < f->n; k++)
                json_num(&j, f->arr[k]);
            json_arr_end(&j);
            break;
        }
    }
    json_obj_end(&j);
    session_write_json(s, &j);
    json_free(&j);
}

static int col_width(const ResultField *f)
{
    int w = (int)strlen(f->key);
    return w < 8 ? 8 : w;
}

static void format_field(const ResultField *f, char *buf, size_t len)
{
    switch (f->kind) {
    case RF_INT: snprintf(buf, len, "%lld", (long long)f->i); break;
    case RF_NUM: snprintf(buf, len, "%.4g", f->d); break;
    case RF_STR: snprintf(buf, len, "%s", f->s); break;
    case RF_BOOL: snprintf(buf, len, "%s", f->i ? "yes" : "no"); break;
    case RF_NUMS: {
        double lo = INFINITY, hi = -INFINITY;
        for (int k = 0; k < f->n; k++) {
            lo = fmin(lo, f->arr[k]);
            hi = fmax(hi, f->arr[k]);
        }
        if (f->n == 0)
            snprintf(buf, len, "-");
        else if (lo == hi)
            snprintf(buf, len, "%.3g", lo);
        else
            snprintf(buf, len, "%.3g-%.3g", lo, hi);
        break;
    }
    }
}

static void print_header(Session *s, const DemoRow *row)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_addf(&b, "%7s %9s %8s %10s", "workers", "wall_s", "speedup", "efficiency");
    for (int i = 0; i < row->res.nfields; i++)
        if (row->res.f[i].table)
            strbuf_addf(&b, " %*s", col_width(&row->res.f[i]), row->res.f[i].key);
    session_printf(s, "%s\n", b.data);
    strbuf_free(&b);
}

/* splits: false when the variant does not split one job among the workers
 * (gil convoy): a speedup would then compare unlike runs, so it shows "-".
 * allowed: the CPUs, to say when other programs held the ones it needed. */
static void print_row(Session *s, const DemoRow *row, bool splits, int allowed)
{
    StrBuf b;
    strbuf_init(&b);
    char sp[32] = "-", eff[32] = "-";
    if (splits && isfinite(row->speedup)) {
        snprintf(sp, sizeof sp, "%.2f", row->speedup);
        snprintf(eff, sizeof eff, "%.0f %%", 100.0 * row->speedup / row->workers);
    }
    strbuf_addf(&b, "%7d %9.3f %8s %10s", row->workers, row->res.wall_s, sp, eff);
    for (int i = 0; i < row->res.nfields; i++) {
        const ResultField *f = &row->res.f[i];
        if (!f->table)
            continue;
        char v[64];
        format_field(f, v, sizeof v);
        strbuf_addf(&b, " %*s", col_width(f), v);
    }
    if (row->res.stopped)
        strbuf_adds(&b, "  (stopped at the --seconds limit)");
    if (demo_run_disturbed(row->busy_others, row->workers, allowed))
        strbuf_addf(&b, "  (other programs held %.1f CPUs)", row->busy_others);
    session_printf(s, "%s\n", b.data);
    strbuf_free(&b);
}

/* ---- the sweep ---- */

/* Least-squares Amdahl fit of T(W)/T(1) = f + (1 - f)/P, where P =
 * min(W, allowed CPUs): Amdahl's law is about W workers on W CPUs, and
 * workers beyond the CPUs cannot run at once, so a run with more workers
 * than CPUs is one on `allowed` CPUs (fitting it as W would read the
 * missing CPUs as serial work). NAN unless the sweep has at least three
 * worker counts that each have a CPU, 1 among them: two points would
 * make a line out of any noise. */
static double amdahl_fit(const DemoRow *rows, int n, int allowed)
{
    int counts = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int k = 0; k < i; k++)
            seen |= rows[k].workers == rows[i].workers;
        counts += !seen && rows[i].workers <= allowed && isfinite(rows[i].speedup);
    }
    DemoSweep sw = demo_sweep(rows, n);
    if (counts < 3 || !demo_row(&sw, 1))
        return NAN;
    double num = 0, den = 0;
    for (int i = 0; i < n; i++) {
        int p = rows[i].workers < allowed ? rows[i].workers : allowed;
        if (p < 2 || !isfinite(rows[i].speedup) || rows[i].speedup <= 0)
            continue;
        double x = 1.0 / p, y = 1.0 / rows[i].speedup;
        num += (1 - x) * (y - x);
        den += (1 - x) * (1 - x);
    }
    if (den == 0)
        return NAN;
    double f = num / den;
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* Runs with 1 worker first, so that every other run has its speedup. */
static int order_workers(const DemoOpts *o, int allowed, int *out)
{
    int n = 0;
    if (o->nworkers == 0) {
        /* Every count up to 8 CPUs; beyond, powers of two and the total,
         * so that a sweep on a big node stays short. */
        for (int w = 1; w <= allowed && n < DEMO_MAX_RUNS; w = allowed <= 8 ? w + 1 : w * 2)
            out[n++] = w;
        if (out[n - 1] != allowed && n < DEMO_MAX_RUNS)
            out[n++] = allowed;
        return n;
    }
    int first_one = -1;
    for (int i = 0; i < o->nworkers && first_one < 0; i++)
        if (o->workers[i] == 1)
            first_one = i;
    if (first_one >= 0)
        out[n++] = 1;
    for (int i = 0; i < o->nworkers; i++)
        if (i != first_one)
            out[n++] = o->workers[i];
    return n;
}

typedef struct {
    const DemoOpts *o;
    const Demo *demo;
    const DemoKernel *k;
    const char *variant;
    bool splits;       /* the variant splits --work among the workers */
    long work;
    int order[DEMO_MAX_RUNS];
    int nruns;
    int allowed;
    bool ascii; /* the terminal is not UTF-8: "us" for "µs", "x" for "×" */
} SweepPlan;

/* Text for the reader, in ASCII when the locale is not UTF-8. */
static void say(Session *s, const SweepPlan *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(Session *s, const SweepPlan *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = NULL;
    va_end(ap);
    if (!text)
        return;
    if (p->ascii)
        demo_ascii(text);
    session_printf(s, "%s", text);
    free(text);
}

static int max_of(const int *v, int n)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

static void print_intro(Session *s, const SweepPlan *p)
{
    const DemoVariant *v = demo_variant(p->demo, p->variant);
    say(s, p, "%s (%s): %s\n%ld %s in every run, %s; %d CPU%s allowed\n\n", p->demo->name, p->variant, v->help,
        p->work, v->unit ? v->unit : p->k->unit,
        p->splits ? "split among the workers" : "not split: one thread does them all", p->allowed,
        p->allowed == 1 ? "" : "s");
    double q = session_quota(s);
    if (q > 0)
        session_printf(s, "note: the cgroup's cpu.max quota allows %.3g CPUs; the affinity mask has %d\n", q,
                       session_probe_cpus(s));
}

/* The runs a conclusion should speak of, into out: those with no more
 * workers than allowed CPUs, when one of them has 2 workers or more (more
 * workers than CPUs take turns, and their start times or balance say more
 * about the oversubscription than about the demo). 0: use every run.
 * Shallow copies (out has room for n): out borrows rows' results. */
static int rows_on_cpus(const DemoRow *rows, int n, int allowed, DemoRow *out)
{
    int k = 0;
    bool wide = false, over = false;
    for (int i = 0; i < n; i++) {
        if (rows[i].workers > allowed) {
            over = true;
            continue;
        }
        wide |= rows[i].workers >= 2;
        out[k++] = rows[i];
    }
    return over && wide ? k : 0;
}

static void emit_fit(Session *s, double f, int cpus)
{
    JsonOut j;
    json_record_begin(&j, STREAM_FIT);
    json_knum(&j, STREAM_KEY_SERIAL_FRACTION, f);
    json_kint(&j, STREAM_KEY_CPUS, cpus);
    json_obj_end(&j);
    session_write_json(s, &j);
    json_free(&j);
}

static void finish_sweep(Session *s, const SweepPlan *p, const DemoCtx *c, const DemoRow *rows, int n)
{
    /* Amdahl's law is about one job split W ways. */
    double f = p->splits ? amdahl_fit(rows, n, p->allowed) : NAN;
    if (p->o->json) {
        if (isfinite(f))
            emit_fit(s, f, p->allowed);
        return;
    }
    DemoRow *fit = xcalloc((size_t)n, sizeof *fit);
    int nfit = rows_on_cpus(rows, n, p->allowed, fit);
    const DemoRow *spoken = nfit > 0 ? fit : rows;
    int nspoken = nfit > 0 ? nfit : n;
    /* A fit of runs that were cut short or slowed by others is no finding. */
    bool fitted = isfinite(f) && demo_rows_conclusive(spoken, nspoken, p->allowed);
    if (fitted && f > 0.001)
        say(s, p, "\nAmdahl fit: serial fraction %.3f (no number of workers gets past %.3g× faster)\n", f, 1.0 / f);
    else if (fitted)
        say(s, p, "\nAmdahl fit: serial fraction %.3f (the work splits almost perfectly)\n", f);
    StrBuf b;
    strbuf_init(&b);
    demo_verdict(p->k, c, spoken, nspoken, p->allowed, &b);
    free(fit);
    if (b.len)
        say(s, p, "%s%s\n", fitted ? "" : "\n", b.data);
    strbuf_free(&b);
}

static int run_sweep(const SweepPlan *p)
{
    const DemoOpts *o = p->o;
    char err[256];
    int slots = o->json ? max_of(p->order, p->nruns) + 1 : 0;
    Session *s = session_start(o->json, slots, err, sizeof err);
    if (!s) {
        usage_error(o->json, err);
        return 1;
    }
    DemoCtx c = {.opts = o, .variant = p->variant, .work = p->work, .session = s,
                 .trace = session_trace(s), .shared = session_shared(s), .k_run = p->k->run};
    DemoRow *rows = xcalloc((size_t)p->nruns, sizeof *rows);
    int n = 0, status = 0;
    if (!o->json)
        print_intro(s, p);
    int widest = max_of(p->order, p->nruns);
    demo_warm_up(s, &c, widest < p->allowed ? widest : p->allowed);
    for (int i = 0; i < p->nruns && !session_signal(s); i++) {
        c.workers = p->order[i];
        if (demo_run_count(s, &c, &rows[n], n ? &rows[0] : NULL, err, sizeof err) != 0) {
            if (!session_signal(s) && !session_output_broken(s)) {
                emit_error(s, o->json, err);
                status = 1;
            }
            break;
        }
        if (session_signal(s) || session_output_broken(s))
            break;
        if (o->json)
            emit_result_json(s, &c, &rows[n]);
        else {
            if (n == 0)
                print_header(s, &rows[n]);
            print_row(s, &rows[n], p->splits, p->allowed);
        }
        n++;
    }
    session_stop_threads(s);
    int sig = session_signal(s);
    if (sig) {
        char msg[64];
        snprintf(msg, sizeof msg, "interrupted by %s", sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP");
        emit_error(s, o->json, msg);
        status = 128 + sig;
    } else if (session_output_broken(s)) {
        status = 1;
    } else if (status == 0) {
        finish_sweep(s, p, &c, rows, n);
    }
    for (int i = 0; i < p->nruns; i++)
        result_clear(&rows[i].res);
    free(rows);
    session_end(s);
    return status;
}

/* A class shares a login node: refuse more workers than DEMO_WORKERS_PER_CPU
 * per allowed CPU, and a sweep that could run past DEMO_TOTAL_SECONDS in all
 * (each run is bounded by --seconds) unless --long says so. */
static int polite(const DemoOpts *o, const SweepPlan *p, char *err, size_t errlen)
{
    int cap = DEMO_WORKERS_PER_CPU * p->allowed;
    for (int i = 0; i < p->nruns; i++)
        if (p->order[i] > cap) {
            snprintf(err, errlen, "%d workers on %d allowed CPU%s: corelab demo runs at most %d per CPU (%d here)",
                     p->order[i], p->allowed, p->allowed == 1 ? "" : "s", DEMO_WORKERS_PER_CPU, cap);
            return -1;
        }
    double worst = p->nruns * o->seconds;
    if (!o->long_run && worst > DEMO_TOTAL_SECONDS) {
        snprintf(err, errlen,
                 "%d runs of up to %g s could take %.0f s; a whole demo is bounded to %.0f s: fewer worker "
                 "counts, a smaller --seconds, or --long to allow it",
                 p->nruns, o->seconds, worst, DEMO_TOTAL_SECONDS);
        return -1;
    }
    return 0;
}

/* ---- the command ---- */

static int plan(const DemoOpts *o, SweepPlan *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->o = o;
    p->demo = demo_find(o->name);
    if (!p->demo) {
        StrBuf b;
        strbuf_init(&b);
        demo_names(&b);
        snprintf(err, errlen, "unknown demo '%s' (the demos: %s)", o->name, b.data);
        strbuf_free(&b);
        return -1;
    }
    p->k = p->demo->kernel;
    if (demo_opts_check(o, p->demo, err, errlen) != 0)
        return -1;
    p->variant = o->schedule ? o->schedule : o->variant ? o->variant : p->demo->variants[0].name;
    const DemoVariant *v = demo_variant(p->demo, p->variant);
    if (!v) {
        StrBuf b;
        strbuf_init(&b);
        demo_variant_names(p->demo, &b);
        snprintf(err, errlen, "demo %s has no variant '%s' (its variants: %s)", p->demo->name, p->variant, b.data);
        strbuf_free(&b);
        return -1;
    }
    p->splits = !v->work_not_split;
    p->work = o->work ? o->work : v->default_work > 0 ? v->default_work : p->k->default_work;
    if (p->work > p->k->max_work) {
        snprintf(err, errlen, "--work %ld is too large for %s (at most %ld %s)", p->work, p->demo->name,
                 p->k->max_work, p->k->unit);
        return -1;
    }
    p->allowed = probe_allowed_workers();
    p->ascii = !locale_is_utf8();
    p->nruns = order_workers(o, p->allowed, p->order);
    if (polite(o, p, err, errlen) != 0)
        return -1;
    for (int i = 0; i < p->nruns && p->splits; i++)
        if (p->order[i] > p->work) {
            snprintf(err, errlen, "%d workers for %ld %s: every worker needs some work (raise --work)",
                     p->order[i], p->work, p->k->unit);
            return -1;
        }
    return 0;
}

int demo_cmd(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "list") == 0) {
        if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            print_usage(stdout);
            return 0;
        }
        if (argc > 2)
            return usage_error(false, "demo list takes no arguments");
        print_text(list_all, NULL, !locale_is_utf8());
        return 0;
    }
    DemoOpts o;
    char err[512];
    if (argv[1][0] == '-')
        return usage_error(false, "expected a demo name before the options (corelab demo list)");
    if (demo_opts_parse(argc - 1, argv + 1, &o, err, sizeof err) != 0) {
        bool json = false; /* the error may come before --json was read */
        for (int i = 2; i < argc; i++)
            json = json || strcmp(argv[i], "--json") == 0;
        return usage_error(json, err);
    }
    SweepPlan p;
    if (plan(&o, &p, err, sizeof err) != 0) {
        if (o.help && p.demo == NULL)
            print_usage(stdout);
        return usage_error(o.json, err);
    }
    if (o.help) {
        print_text(demo_help, p.demo, p.ascii);
        return 0;
    }
    /* Not "exe" in ps and top when the panel runs /proc/self/exe. */
    prctl(PR_SET_NAME, "corelab", 0, 0, 0);
    return run_sweep(&p);
}
