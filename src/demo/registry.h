/* demo/registry: every demo corelab has, in one list. `corelab demo list`
 * and `--help`, the sweep, `corelab check`, the panes' results table and
 * their line about the newest result, and the panel's command line all
 * read a demo's facts from its entry here; nothing else names a demo.
 *
 * A new demo:
 *   1. src/demo/k_NAME.c: its DemoKernel (kernel.h: the code of one run and
 *      the sentence about a sweep) and its entry `const Demo demo_NAME =
 *      DEMO_ENTRY(...)` (below: name, summary, variants, the options it
 *      takes, the result fields it reports, its headline);
 *   2. one word in DEMO_ENTRIES in registry.c;
 *   3. one file name in src/demo/meson.build.
 * tests/demo/test_registry.c checks that the entry is complete. */
#ifndef CORELAB_DEMO_REGISTRY_H
#define CORELAB_DEMO_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "demo/stream.h"
#include "util/util.h"

typedef struct DemoKernel DemoKernel; /* kernel.h: the code behind a demo */

/* What a demo takes beyond the options every demo takes (options.h). */
enum {
    DEMO_TAKES_SWITCH_INTERVAL = 1u << 0, /* --switch-interval: a simulated GIL */
    DEMO_TAKES_CHUNKSIZE = 1u << 1,       /* --chunksize */
    DEMO_TAKES_SCHEDULE = 1u << 2,        /* --schedule, another name for its variant */
};

typedef struct {
    const char *name;
    const char *help;         /* one line for `corelab demo list` */
    long default_work;        /* 0: the demo's (DemoKernel.default_work) */
    /* True when --work is one job not split among the workers (gil's
     * convoy gives it all to its I/O thread, the workers run beside):
     * speedups and an Amdahl fit would then compare unlike runs. */
    bool work_not_split;
    const char *workers_are;  /* what a worker is, in the panes' words; NULL: "worker" */
    const char *workers_head; /* its column's header in the panes; NULL: "W" */
    bool processes;           /* its workers are fork()ed processes: P0, P1... in the panes */
    const char *run_means;    /* what a `run` span is in its timeline: "run/GIL"; NULL: "run" */
    const char *unit;         /* what a unit of --work is for it; NULL: the kernel's */
} DemoVariant;

/* How the panes print a field's value. */
typedef enum {
    DEMO_FMT_COUNT,   /* a whole number with thousands separators: 9,439,838 */
    DEMO_FMT_FIX0,    /* no decimals: 54 */
    DEMO_FMT_FIX2,    /* two decimals, three below 0.01: 0.27 */
    DEMO_FMT_FIX5,    /* five decimals: 3.14153 */
    DEMO_FMT_SIG,     /* three significant digits, never an exponent */
    DEMO_FMT_PERCENT, /* a ratio as a percentage: 81% */
    DEMO_FMT_TEXT,    /* a word, as it is */
} DemoFormat;

/* The panes' results table leaves out a field of rank DEMO_HIDDEN, keeps
 * rank 0 at any width and drops the highest ranks first when narrow. */
#define DEMO_HIDDEN (-1)

/* One field of the demo's `result` records (stream.h), in the order of
 * the panes' results table. */
typedef struct {
    const char *key;       /* the record's key */
    const char *label;     /* the table's header: a few characters, with the unit */
    const char *unit;      /* "ms", "µs", ...; "" for counts, ratios and words */
    DemoFormat format;
    bool per_worker;       /* a list, one value per worker: shown as min-max */
    int rank;              /* in the panes' table; DEMO_HIDDEN: not there */
    const char *variant;   /* NULL: every variant reports it; else only this one */
    const char *shown_for; /* NULL: shown wherever reported; else for this variant only */
} DemoField;

/* The usual variant (most are): its work split among workers of the usual
 * kind; its name and its line for `corelab demo list`. */
#define DEMO_VARIANT(name_, help_) {(name_), (help_), 0, false, NULL, NULL, false, NULL, NULL}
/* The same with fork()ed processes for workers: P0, P1... in the panes. */
#define DEMO_VARIANT_PROCESSES(name_, help_) {(name_), (help_), 0, false, NULL, NULL, true, NULL, NULL}

/* A field that every variant reports, at its rank in the panes' table
 * (DEMO_HIDDEN: in the record only): one number (DEMO_FIELD) or one per
 * worker (DEMO_FIELD_EACH). */
#define DEMO_FIELD(key_, label_, unit_, format_, rank_) \
    {(key_), (label_), (unit_), (format_), false, (rank_), NULL, NULL}
#define DEMO_FIELD_EACH(key_, label_, unit_, format_, rank_) \
    {(key_), (label_), (unit_), (format_), true, (rank_), NULL, NULL}

/* The two columns every speedup table has: not fields of the record's own
 * (speedup is a core key, efficiency is speedup / workers), but placed
 * among a demo's fields like the others. Left out for a variant whose
 * work is not split. */
#define DEMO_KEY_EFFICIENCY "efficiency"
#define DEMO_FIELD_SPEEDUP(rank) DEMO_FIELD(STREAM_KEY_SPEEDUP, "speedup", "", DEMO_FMT_FIX2, (rank))
#define DEMO_FIELD_EFFICIENCY(rank) DEMO_FIELD(DEMO_KEY_EFFICIENCY, "eff", "", DEMO_FMT_PERCENT, (rank))

/* A finished run as the panes read it back from its result record. */
typedef struct {
    const char *variant;
    int workers;
    /* The number under key: false when absent or not a number. */
    bool (*num)(const void *ctx, const char *key, double *v);
    const void *ctx;
} DemoReading;

typedef struct {
    const char *name;
    const char *summary;           /* one line */
    const DemoVariant *variants;   /* the first is the default */
    int nvariants;
    unsigned takes;                /* DEMO_TAKES_* */
    const DemoField *fields;
    int nfields;
    const DemoKernel *kernel;
    /* The panes' line about a result, after "2 workers" (brief: after
     * "W=2", for a narrow pane): ": lost 9,439,838 of 20,000,000 updates".
     * False when the result lacks its figures (or the demo has no line of
     * its own): the panes then give the wall time and the speedup. */
    bool (*headline)(const DemoReading *r, bool brief, char *buf, size_t n);
} Demo;

#define DEMO_COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A Demo from its parts, the arrays' lengths counted: in k_NAME.c,
 *   const Demo demo_NAME = DEMO_ENTRY("NAME", "summary", variants,
 *                                     DEMO_TAKES_..., fields, &kernel, headline); */
#define DEMO_ENTRY(name_, summary_, variants_, takes_, fields_, kernel_, headline_)                                \
    {.name = (name_), .summary = (summary_), .variants = (variants_), .nvariants = DEMO_COUNT_OF(variants_),      \
     .takes = (takes_), .fields = (fields_), .nfields = DEMO_COUNT_OF(fields_), .kernel = (kernel_),               \
     .headline = (headline_)}

/* Every demo, in the order `corelab demo list` shows them. */
const Demo *const *demo_all(int *n);
/* The demo named name, or NULL. */
const Demo *demo_find(const char *name);
/* d's variant named name, or NULL. */
const DemoVariant *demo_variant(const Demo *d, const char *name);
/* Whether d's variant splits --work among the workers (true for a variant
 * that d does not have). */
bool demo_splits_work(const Demo *d, const char *variant);
/* Whether the panes' results table shows d's field f for this variant:
 * not hidden, reported by the variant, and no speedup where the work is
 * not split. */
bool demo_field_shown(const Demo *d, const DemoField *f, const char *variant);
/* False for the speedup and efficiency columns: not a field of the
 * demo's own in its records. */
bool demo_field_is_own(const DemoField *f);
/* v as format says, into buf: "9,439,838", "0.27", "81%" (format.c).
 * DEMO_FMT_TEXT has no number: "-". */
void demo_format(DemoFormat format, double v, char *buf, size_t n);

/* Whether other programs held more of the CPUs than a run of `workers` on
 * `cpus` CPUs could spare: busy_others is its result record's (CPUs'
 * worth, stream.h), NAN when unknown (then false). Such a run's timing
 * tells about them, not about the demo: the panes and the verdict call it
 * "not conclusive (machine busy)". */
#define DEMO_BUSY_MARGIN 0.3
bool demo_run_disturbed(double busy_others, int workers, int cpus);

/* s with "µ" as "u", "×" as "x", "±" as "+-" and "≈" as "~", in place
 * (each shrinks): text for a terminal that is not UTF-8 (format.c). */
void demo_ascii(char *s);
/* A duration in milliseconds with its unit, three significant digits at
 * most: "5 ms", "0.625 ms" as "625 µs", 0.0012207 as "1.22 µs". */
void demo_format_ms(double ms, char *buf, size_t n);

/* "gil, race, procs, pool, pi, sched" */
void demo_names(StrBuf *out);
/* "cpu, nogil, io, convoy, free" */
void demo_variant_names(const Demo *d, StrBuf *out);

#endif
