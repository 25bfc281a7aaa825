/* demo/options: the options table, and what reads it: the command line's
 * parser, the refusal of an option a demo does not take, and the command
 * line the panel runs. */
#include "demo/options.h"

#include <stdio.h>
#include <string.h>

static const DemoOption options[DEMO_OPT_COUNT] = {
    {DEMO_OPT_VARIANT, "--variant", "V", "variant", "the variant", DEMO_VALUE_VARIANT, 0, 0, 0, NULL, 0,
     "one of the demo's variants (corelab demo list)"},
    {DEMO_OPT_WORKERS, "--workers", "LIST", "workers", "the workers", DEMO_VALUE_COUNTS, 1, DEMO_MAX_WORKERS, 0,
     NULL, 0,
     "4, 1,2,4 or 1-8 ({min}-{max}); default: 1 to the CPUs this process may use\n"
     "(every count up to 8, then powers of two)"},
    {DEMO_OPT_WORK, "--work", "N", "work", "the work", DEMO_VALUE_INT, 1, 1e12, 0, NULL, 0,
     "total work of a run, split among the workers (strong scaling)"},
    {DEMO_OPT_SECONDS, "--seconds", "S", "seconds", "the time bound", DEMO_VALUE_NUMBER, DEMO_MIN_SECONDS,
     DEMO_MAX_SECONDS, DEMO_DEFAULT_SECONDS, "seconds", 0, "bound of one run, {min}-{max} (default {default})"},
    {DEMO_OPT_SWITCH_INTERVAL, "--switch-interval", "MS", "switch_interval_ms", "the switch interval",
     DEMO_VALUE_NUMBER, 0.001, 1000, 5, "ms", DEMO_TAKES_SWITCH_INTERVAL,
     "{demos}: the switch interval in ms (CPython's default is {default})"},
    {DEMO_OPT_CHUNKSIZE, "--chunksize", "N", "chunksize", "the chunk size", DEMO_VALUE_INT, 1, 1000000, 0, NULL,
     DEMO_TAKES_CHUNKSIZE, "{demos}: tasks or loop iterations per chunk (default: as Pool.map, or 1)"},
    {DEMO_OPT_SCHEDULE, "--schedule", "S", "schedule", "the schedule", DEMO_VALUE_WORD, 0, 0, 0, NULL,
     DEMO_TAKES_SCHEDULE, "{demos}: {words} (same as --variant)"},
};

const DemoOption *demo_options(int *n)
{
    *n = DEMO_OPT_COUNT;
    return options;
}

const DemoOption *demo_option(DemoOptionId id)
{
    return id >= 0 && id < DEMO_OPT_COUNT ? &options[id] : NULL;
}

bool demo_takes(const Demo *d, const DemoOption *o)
{
    return o->needs == 0 || (d && (d->takes & o->needs) == o->needs);
}

bool demo_name_takes(const char *name, DemoOptionId id)
{
    return demo_takes(demo_find(name), demo_option(id));
}

/* "a, b and c" from items added one at a time. */
static void add_item(StrBuf *out, int i, int n, const char *item, const char *last_word)
{
    strbuf_addf(out, "%s%s", i == 0 ? "" : i == n - 1 ? last_word : ", ", item);
}

/* The demos that take o: "pool and sched"; returns how many. */
static int taking_demos(const DemoOption *o, StrBuf *out)
{
    int n, count = 0, k = 0;
    const Demo *const *all = demo_all(&n);
    for (int i = 0; i < n; i++)
        count += demo_takes(all[i], o);
    for (int i = 0; i < n; i++)
        if (demo_takes(all[i], o))
            add_item(out, k++, count, all[i]->name, " and ");
    return count;
}

void demo_option_refusal(const DemoOption *o, const char *as, const char *demo, char *buf, size_t n)
{
    StrBuf names;
    strbuf_init(&names);
    int count = taking_demos(o, &names);
    if (count == 0)
        snprintf(buf, n, "%s belongs to no demo", as);
    else
        snprintf(buf, n, "%s belongs to the %s demo%s, not %s", as, names.data, count == 1 ? "" : "s",
                 demo ? demo : "this one");
    strbuf_free(&names);
}

enum { MAX_WORDS = 32 };

int demo_option_word_list(const DemoOption *o, const char **out, int max)
{
    int n, k = 0;
    const Demo *const *all = demo_all(&n);
    for (int i = 0; i < n; i++)
        for (int v = 0; demo_takes(all[i], o) && v < all[i]->nvariants; v++) {
            const char *w = all[i]->variants[v].name;
            bool seen = false; /* two demos that take it may share a variant's name */
            for (int j = 0; j < k && !seen; j++)
                seen = strcmp(out[j], w) == 0;
            if (!seen && k < max)
                out[k++] = w;
        }
    out[k] = NULL;
    return k;
}

void demo_option_words(const DemoOption *o, bool last_or, StrBuf *out)
{
    const char *words[MAX_WORDS + 1];
    int n = demo_option_word_list(o, words, MAX_WORDS);
    for (int i = 0; i < n; i++)
        add_item(out, i, n, words[i], last_or ? " or " : ", ");
}

bool demo_option_word_ok(const DemoOption *o, const char *word)
{
    const char *words[MAX_WORDS + 1];
    for (int i = 0, n = demo_option_word_list(o, words, MAX_WORDS); word && i < n; i++)
        if (strcmp(words[i], word) == 0)
            return true;
    return false;
}

/* ---- the command line the panel runs ---- */

static char *value_text(const DemoOption *o, const DemoValue *v)
{
    switch (o->type) {
    case DEMO_VALUE_VARIANT:
    case DEMO_VALUE_WORD:
        return xstrdup(v->word ? v->word : "");
    case DEMO_VALUE_COUNTS: {
        StrBuf sb;
        strbuf_init(&sb);
        for (int i = 0; i < v->ncounts; i++)
            strbuf_addf(&sb, "%s%d", i ? "," : "", v->counts[i]);
        if (!sb.data)
            strbuf_adds(&sb, "");
        return strbuf_detach(&sb);
    }
    case DEMO_VALUE_INT:
        return xasprintf("%.0f", v->num);
    case DEMO_VALUE_NUMBER:
        break;
    }
    return xasprintf("%g", v->num);
}

char **demo_settings_argv(const char *self, const DemoSettings *s, char *err, size_t errlen)
{
    const Demo *d = demo_find(s->name);
    for (int i = 0; i < DEMO_OPT_COUNT; i++)
        if (s->v[i].set && !demo_takes(d, &options[i])) {
            demo_option_refusal(&options[i], options[i].flag, s->name, err, errlen);
            return NULL;
        }
    char **av = xcalloc(4 + 2 * DEMO_OPT_COUNT + 1, sizeof *av);
    int n = 0;
    av[n++] = xstrdup(self);
    av[n++] = xstrdup("demo");
    av[n++] = xstrdup(s->name);
    for (int i = 0; i < DEMO_OPT_COUNT; i++)
        if (s->v[i].set) {
            av[n++] = xstrdup(options[i].flag);
            av[n++] = value_text(&options[i], &s->v[i]);
        }
    av[n++] = xstrdup("--json");
    return av;
}

/* ---- the command line of `corelab demo` ---- */

/* "--flag VALUE" or "--flag=VALUE": the value, or NULL when this argument is
 * not the flag. *i advances past a separate value. */
static const char *flag_value(int argc, char **argv, int *i, const char *flag, bool *missing)
{
    size_t n = strlen(flag);
    const char *a = argv[*i];
    if (strncmp(a, flag, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* One value by its option's type and range; 0, or -1 with err set. */
static int parse_value(const DemoOption *o, const char *text, DemoValue *v, char *err, size_t errlen)
{
    const char *why;
    long l;
    StrBuf words;
    switch (o->type) {
    case DEMO_VALUE_VARIANT: /* the demo's: checked once it is known */
        v->word = text;
        return 0;
    case DEMO_VALUE_WORD:
        if (demo_option_word_ok(o, text)) {
            v->word = text;
            return 0;
        }
        strbuf_init(&words);
        demo_option_words(o, true, &words);
        snprintf(err, errlen, "%s '%s': expected %s", o->flag, text, words.data ? words.data : "nothing");
        strbuf_free(&words);
        return -1;
    case DEMO_VALUE_COUNTS:
        v->ncounts = parse_int_list(text, (int)o->min, (int)o->max, v->counts, DEMO_MAX_RUNS, &why);
        if (v->ncounts >= 0)
            return 0;
        snprintf(err, errlen, "%s '%s': %s (each %g-%g, at most %d values: 4, 1,2,4 or 1-8)", o->flag, text, why,
                 o->min, o->max, DEMO_MAX_RUNS);
        return -1;
    case DEMO_VALUE_INT:
        if (parse_long(text, (long)o->min, (long)o->max, &l)) {
            v->num = (double)l;
            return 0;
        }
        snprintf(err, errlen, "%s '%s': expected a whole number from %.0f to %.0f", o->flag, text, o->min, o->max);
        return -1;
    case DEMO_VALUE_NUMBER:
        if (parse_double(text, o->min, o->max, &v->num))
            return 0;
        snprintf(err, errlen, "%s '%s': expected a number%s%s from %g to %g", o->flag, text, o->unit ? " of " : "",
                 o->unit ? o->unit : "", o->min, o->max);
        return -1;
    }
    return -1;
}

/* Where each option lands in DemoOpts, which the kernels read. */
static void store(DemoOpts *o, DemoOptionId id, const DemoValue *v)
{
    o->given[id] = true;
    switch (id) {
    case DEMO_OPT_VARIANT: o->variant = v->word; break;
    case DEMO_OPT_WORKERS:
        memcpy(o->workers, v->counts, sizeof o->workers);
        o->nworkers = v->ncounts;
        break;
    case DEMO_OPT_WORK: o->work = (long)v->num; break;
    case DEMO_OPT_SECONDS: o->seconds = v->num; break;
    case DEMO_OPT_SWITCH_INTERVAL: o->switch_interval_s = v->num / 1000.0; break;
    case DEMO_OPT_CHUNKSIZE: o->chunksize = (long)v->num; break;
    case DEMO_OPT_SCHEDULE: o->schedule = v->word; break;
    case DEMO_OPT_COUNT: break;
    }
}

int demo_opts_parse(int argc, char **argv, DemoOpts *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->seconds = options[DEMO_OPT_SECONDS].dflt;
    o->switch_interval_s = options[DEMO_OPT_SWITCH_INTERVAL].dflt / 1000.0;
    o->name = argc > 0 ? argv[0] : NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *text = NULL;
        bool missing = false;
        /* the flags without a value */
        bool *flag = strcmp(a, "--json") == 0   ? &o->json
                     : strcmp(a, "--long") == 0 ? &o->long_run
                     : strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 ? &o->help : NULL;
        if (flag) {
            *flag = true;
            continue;
        }
        int k = 0;
        for (; k < DEMO_OPT_COUNT && !missing; k++)
            if ((text = flag_value(argc, argv, &i, options[k].flag, &missing)))
                break;
        if (text) {
            DemoValue v = {.set = true};
            if (parse_value(&options[k], text, &v, err, errlen) != 0)
                return -1;
            store(o, (DemoOptionId)k, &v);
        } else if (missing) {
            snprintf(err, errlen, "%s needs a value", a);
            return -1;
        } else {
            snprintf(err, errlen, "unknown option '%s' (try corelab demo --help)", a);
            return -1;
        }
    }
    return 0;
}

int demo_opts_check(const DemoOpts *o, const Demo *d, char *err, size_t errlen)
{
    for (int i = 0; i < DEMO_OPT_COUNT; i++)
        if (o->given[i] && !demo_takes(d, &options[i])) {
            demo_option_refusal(&options[i], options[i].flag, d ? d->name : o->name, err, errlen);
            return -1;
        }
    if (o->schedule && o->variant && strcmp(o->variant, o->schedule) != 0) {
        snprintf(err, errlen, "%s %s contradicts %s %s", options[DEMO_OPT_SCHEDULE].flag, o->schedule,
                 options[DEMO_OPT_VARIANT].flag, o->variant);
        return -1;
    }
    return 0;
}

/* An option's help with {min}, {max}, {default}, {demos} and {words}
 * filled in; continuation lines indented under the first. */
static void help_text(const DemoOption *o, StrBuf *out)
{
    for (const char *h = o->help; *h; h++) {
        if (*h == '\n') {
            strbuf_addf(out, "\n%25s", "");
        } else if (strncmp(h, "{min}", 5) == 0) {
            strbuf_addf(out, "%g", o->min);
            h += 4;
        } else if (strncmp(h, "{max}", 5) == 0) {
            strbuf_addf(out, "%g", o->max);
            h += 4;
        } else if (strncmp(h, "{default}", 9) == 0) {
            strbuf_addf(out, "%g", o->dflt);
            h += 8;
        } else if (strncmp(h, "{demos}", 7) == 0) {
            taking_demos(o, out);
            h += 6;
        } else if (strncmp(h, "{words}", 7) == 0) {
            demo_option_words(o, true, out);
            h += 6;
        } else {
            strbuf_addc(out, *h);
        }
    }
}

void demo_options_usage(StrBuf *out)
{
    for (int i = 0; i < DEMO_OPT_COUNT; i++) {
        char flag[40];
        snprintf(flag, sizeof flag, "%s %s", options[i].flag, options[i].metavar);
        strbuf_addf(out, "  %-22s ", flag);
        help_text(&options[i], out);
        strbuf_addc(out, '\n');
    }
}
