/* demo/options: the command line of `corelab demo NAME ...`, parsed and
 * range-checked in one place. The limits match lessons/README.md's demo
 * keys, so a lesson that `corelab check` accepts always runs. */
#ifndef CORELAB_DEMO_OPTIONS_H
#define CORELAB_DEMO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#define DEMO_MAX_WORKERS 1024   /* per run */
#define DEMO_MAX_RUNS 64        /* values in --workers */
#define DEMO_DEFAULT_SECONDS 5.0
#define DEMO_MAX_SECONDS 60.0
#define DEMO_MIN_SECONDS 0.1

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
} DemoOpts;

/* Parses argv (argv[0] is the demo name). Returns 0, or -1 with a one-line
 * message in err. Does not know the demos: names and variants are checked
 * by the caller. */
int demo_opts_parse(int argc, char **argv, DemoOpts *o, char *err, size_t errlen);

#endif
