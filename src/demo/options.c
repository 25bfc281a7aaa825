/* demo/options: parsing `corelab demo NAME [options]`. */
#include "demo/options.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

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

static void defaults(DemoOpts *o)
{
    memset(o, 0, sizeof *o);
    o->seconds = DEMO_DEFAULT_SECONDS;
    o->switch_interval_s = 0.005;
}

int demo_opts_parse(int argc, char **argv, DemoOpts *o, char *err, size_t errlen)
{
    defaults(o);
    o->name = argc > 0 ? argv[0] : NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
        } else if ((v = flag_value(argc, argv, &i, "--variant", &missing))) {
            o->variant = v;
        } else if ((v = flag_value(argc, argv, &i, "--workers", &missing))) {
            const char *why;
            o->nworkers = parse_int_list(v, 1, DEMO_MAX_WORKERS, o->workers, DEMO_MAX_RUNS, &why);
            if (o->nworkers < 0) {
                snprintf(err, errlen, "--workers '%s': %s (workers are 1-%d, at most %d values: 4, 1,2,4 or 1-8)",
                         v, why, DEMO_MAX_WORKERS, DEMO_MAX_RUNS);
                return -1;
            }
        } else if ((v = flag_value(argc, argv, &i, "--work", &missing))) {
            if (!parse_long(v, 1, 1000000000000L, &o->work)) {
                snprintf(err, errlen, "--work '%s': expected a whole number from 1 to 10^12", v);
                return -1;
            }
        } else if ((v = flag_value(argc, argv, &i, "--seconds", &missing))) {
            if (!parse_double(v, DEMO_MIN_SECONDS, DEMO_MAX_SECONDS, &o->seconds)) {
                snprintf(err, errlen, "--seconds '%s': expected a number of seconds from %g to %g", v,
                         DEMO_MIN_SECONDS, DEMO_MAX_SECONDS);
                return -1;
            }
        } else if ((v = flag_value(argc, argv, &i, "--switch-interval", &missing))) {
            double ms;
            if (!parse_double(v, 0.001, 1000, &ms)) {
                snprintf(err, errlen, "--switch-interval '%s': expected milliseconds from 0.001 to 1000 (CPython's default is 5)", v);
                return -1;
            }
            o->switch_interval_s = ms / 1000.0;
        } else if ((v = flag_value(argc, argv, &i, "--chunksize", &missing))) {
            if (!parse_long(v, 1, 1000000, &o->chunksize)) {
                snprintf(err, errlen, "--chunksize '%s': expected a whole number from 1 to 1000000", v);
                return -1;
            }
        } else if ((v = flag_value(argc, argv, &i, "--schedule", &missing))) {
            if (strcmp(v, "static") && strcmp(v, "dynamic") && strcmp(v, "guided")) {
                snprintf(err, errlen, "--schedule '%s': expected static, dynamic or guided", v);
                return -1;
            }
            o->schedule = v;
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
