#include "demo/catalogue.h"

#include <stdio.h>
#include <string.h>

static const char *const gil_variants[] = {"cpu", "nogil", "io", "convoy", "free", NULL};
static const char *const race_variants[] = {"nolock", "mutex", "atomic", NULL};
static const char *const procs_variants[] = {"threads", "processes", NULL};
static const char *const pool_variants[] = {"threads", "processes", NULL};
static const char *const pi_variants[] = {"threads", "processes", NULL};
static const char *const sched_variants[] = {"static", "dynamic", "guided", NULL};

static const char *const gil_help[] = {
    "CPU-bound threads running \"bytecode\" that must hold the GIL",
    "the same work with the GIL released (C code, hashlib on big buffers)",
    "threads blocking in I/O, which releases the GIL",
    "one thread doing short I/O beside CPU-bound threads (the convoy effect)",
    "no GIL at all, as in free-threaded CPython (3.13t, 3.14t)",
};
static const char *const race_help[] = {
    "threads add to one counter with no lock: updates get lost",
    "every increment under a mutex",
    "every increment an atomic fetch-and-add",
};
static const char *const procs_help[] = {
    "workers are threads: cheap to start, memory shared",
    "workers are fork()ed processes: dearer to start, memory copied on write, results through a pipe",
};
static const char *const pool_help[] = {
    "a thread pool taking chunks from a shared queue",
    "a process pool: every chunk and its results go through pipes, as in multiprocessing.Pool",
};
static const char *const pi_help[] = {
    "Monte Carlo pi with one thread per worker",
    "Monte Carlo pi with one fork()ed process per worker, counts sent back through pipes",
};
static const char *const sched_help[] = {
    "equal contiguous blocks of iterations per thread",
    "threads take the next chunk of iterations when they are free",
    "chunks that shrink as the loop runs out",
};

static const DemoInfo catalogue[] = {
    {"gil", "a simulated GIL with CPython's switching rules", gil_variants, gil_help},
    {"race", "lost updates on a shared counter, and their cost to fix", race_variants, race_help},
    {"procs", "the same work with threads and with fork()ed processes", procs_variants, procs_help},
    {"pool", "a worker pool with map(), chunksize and uneven tasks", pool_variants, pool_help},
    {"pi", "Monte Carlo pi with a speedup sweep and an Amdahl fit", pi_variants, pi_help},
    {"sched", "an OpenMP-style parallel for over an uneven loop", sched_variants, sched_help},
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

const char *demo_variant_help(const DemoInfo *d, const char *variant)
{
    for (int i = 0; d->variants[i]; i++)
        if (variant && strcmp(d->variants[i], variant) == 0)
            return d->variant_help ? d->variant_help[i] : "";
    return "";
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
