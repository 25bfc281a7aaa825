#include "demo/catalogue.h"

#include <stdio.h>
#include <string.h>

static const char *const gil_variants[] = {"cpu", "nogil", "io", "convoy", "free", NULL};
static const char *const race_variants[] = {"nolock", "mutex", "atomic", NULL};
static const char *const procs_variants[] = {"threads", "processes", NULL};
static const char *const pool_variants[] = {"threads", "processes", NULL};
static const char *const pi_variants[] = {"threads", "processes", NULL};
static const char *const sched_variants[] = {"static", "dynamic", "guided", NULL};

static const DemoInfo catalogue[] = {
    {"gil", "a simulated GIL with CPython's switching rules", gil_variants},
    {"race", "lost updates on a shared counter, and their cost to fix", race_variants},
    {"procs", "the same work with threads and with fork()ed processes", procs_variants},
    {"pool", "a worker pool with map(), chunksize and uneven tasks", pool_variants},
    {"pi", "Monte Carlo pi with a speedup sweep and an Amdahl fit", pi_variants},
    {"sched", "an OpenMP-style parallel for over an uneven loop", sched_variants},
};

const DemoInfo *demo_catalogue(int *n)
{
    *n = (int)(sizeof catalogue / sizeof catalogue[0]);
    return catalogue;
}

const DemoInfo *demo_find(const char *name)
{
    int n;
    const DemoInfo *c = demo_catalogue(&n);
    for (int i = 0; i < n; i++)
        if (name && strcmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

bool demo_has_variant(const DemoInfo *d, const char *variant)
{
    for (const char *const *v = d->variants; *v; v++)
        if (variant && strcmp(*v, variant) == 0)
            return true;
    return false;
}

const char *demo_variant_list(const DemoInfo *d)
{
    static char buf[128];
    size_t off = 0;
    buf[0] = '\0';
    for (const char *const *v = d->variants; *v; v++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s", off ? ", " : "", *v);
    return buf;
}
