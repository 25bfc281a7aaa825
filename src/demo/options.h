/* demo/options: the options of `corelab demo NAME`, in one table that the
 * command line, the lesson schema's demo keys, the panel's command line and
 * its keys all read: flag, lesson key, value type, range, default, and what
 * a demo needs to take the option (registry.h). An option a demo does not
 * take is refused with the same words everywhere (demo_option_refusal). */
#ifndef CORELAB_DEMO_OPTIONS_H
#define CORELAB_DEMO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "demo/registry.h"

#define DEMO_MAX_WORKERS 1024   /* per run */
#define DEMO_MAX_RUNS 64        /* values in --workers */
#define DEMO_DEFAULT_SECONDS 5.0
#define DEMO_MAX_SECONDS 60.0
#define DEMO_MIN_SECONDS 0.1
/* Politeness on a shared login node: at most this many workers per CPU the
 * process may use, and a whole invocation bounded in time unless --long. */
#define DEMO_WORKERS_PER_CPU 8
#define DEMO_TOTAL_SECONDS 120.0

/* In the order the panel writes them on a command line. */
typedef enum {
    DEMO_OPT_VARIANT,
    DEMO_OPT_WORKERS,
    DEMO_OPT_WORK,
    DEMO_OPT_SECONDS,
    DEMO_OPT_SWITCH_INTERVAL,
    DEMO_OPT_CHUNKSIZE,
    DEMO_OPT_SCHEDULE,
    DEMO_OPT_COUNT
} DemoOptionId;

typedef enum {
    DEMO_VALUE_VARIANT, /* one of the demo's variants */
    DEMO_VALUE_WORD,    /* one of the variants of the demos that take it */
    DEMO_VALUE_COUNTS,  /* worker counts: "4", "1,2,4", "1-8"; a lesson's number or list */
    DEMO_VALUE_INT,
    DEMO_VALUE_NUMBER,
} DemoValueType;

typedef struct {
    DemoOptionId id;
    const char *flag;    /* "--switch-interval" */
    const char *metavar; /* "MS" */
    const char *key;     /* the lesson's key: "switch_interval_ms" */
    const char *what;    /* "the switch interval": in the panel's notices */
    DemoValueType type;
    double min, max;     /* INT, NUMBER, and each of COUNTS */
    double dflt;         /* NUMBER: the value when not given; 0: the demo decides */
    const char *unit;    /* "seconds", "ms" in range messages; NULL: a plain number */
    unsigned needs;      /* DEMO_TAKES_*: what a demo needs to take it; 0: every demo */
    const char *help;    /* --help's words after the flag (may say "%g" for min, max, dflt) */
} DemoOption;

/* The table, in DemoOptionId order. */
const DemoOption *demo_options(int *n);
const DemoOption *demo_option(DemoOptionId id);
/* Whether d takes o (d NULL: a demo corelab does not know, which takes
 * only the options every demo takes). */
bool demo_takes(const Demo *d, const DemoOption *o);
/* Whether the demo named name takes option id (by the same rule). */
bool demo_name_takes(const char *name, DemoOptionId id);
/* "<as> belongs to the pool and sched demos, not gil": the one line that
 * refuses o for demo (a name, known or not); as is how the place that
 * refuses calls the option: "--chunksize", "'chunksize'", o->what. */
void demo_option_refusal(const DemoOption *o, const char *as, const char *demo, char *buf, size_t n);
/* A WORD option's words, "static, dynamic or guided" style when last_or. */
void demo_option_words(const DemoOption *o, bool last_or, StrBuf *out);
/* A WORD option's words into out (at most max, then NULL: out has room
 * for max + 1); returns how many. */
int demo_option_word_list(const DemoOption *o, const char **out, int max);
/* Whether word is one of a WORD option's words. */
bool demo_option_word_ok(const DemoOption *o, const char *word);

/* One option's value, by type: word (VARIANT, WORD), counts (COUNTS), num
 * (INT, NUMBER). */
typedef struct {
    bool set;
    const char *word; /* borrowed */
    int counts[DEMO_MAX_RUNS];
    int ncounts;
    double num;
} DemoValue;

/* What a demo is run with: its name and the options given. */
typedef struct {
    const char *name;
    DemoValue v[DEMO_OPT_COUNT];
} DemoSettings;

/* `SELF demo NAME --flag value ... --json` for s (caller frees with
 * argv_free). NULL with a one-line reason in err when s gives an option
 * its demo does not take. */
char **demo_settings_argv(const char *self, const DemoSettings *s, char *err, size_t errlen);

/* The command line, parsed. */
typedef struct {
    const char *name;          /* demo name */
    const char *variant;       /* NULL: the demo's default */
    int workers[DEMO_MAX_RUNS];
    int nworkers;              /* 0: sweep 1..allowed CPUs */
    long work;                 /* 0: the demo's default */
    double seconds;            /* bound of one run */
    double switch_interval_s;  /* gil */
    long chunksize;            /* pool, sched; 0: default */
    const char *schedule;      /* sched; NULL: from the variant */
    bool json;
    bool help;
    bool long_run;             /* --long: no bound on the whole invocation */
    bool given[DEMO_OPT_COUNT]; /* which options the command line set */
} DemoOpts;

/* Parses argv (argv[0] is the demo name): every option's type and range.
 * Returns 0, or -1 with a one-line message in err. Does not know the
 * demo: demo_opts_check does. */
int demo_opts_parse(int argc, char **argv, DemoOpts *o, char *err, size_t errlen);
/* The options given that d does not take, and a --schedule that
 * contradicts --variant: 0, or -1 with a one-line message in err. */
int demo_opts_check(const DemoOpts *o, const Demo *d, char *err, size_t errlen);
/* The lines of --help that describe the options. */
void demo_options_usage(StrBuf *out);

#endif
