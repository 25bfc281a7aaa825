/* demo/registry: the list of demos and the questions asked of it. */
#include "demo/registry.h"

#include <math.h>
#include <string.h>

/* The demos, in the order `corelab demo list` shows them: each NAME here
 * is the `const Demo demo_NAME` of src/demo/k_NAME.c. */
#define DEMO_ENTRIES(X) X(gil) X(race) X(procs) X(pool) X(pi) X(sched)

#define DECLARE(name) extern const Demo demo_##name;
#define ENTRY(name) &demo_##name,
DEMO_ENTRIES(DECLARE)
static const Demo *const demos[] = {DEMO_ENTRIES(ENTRY)};

const Demo *const *demo_all(int *n)
{
    *n = DEMO_COUNT_OF(demos);
    return demos;
}

const Demo *demo_find(const char *name)
{
    for (int i = 0; name && i < DEMO_COUNT_OF(demos); i++)
        if (strcmp(demos[i]->name, name) == 0)
            return demos[i];
    return NULL;
}

const DemoVariant *demo_variant(const Demo *d, const char *name)
{
    for (int i = 0; d && name && i < d->nvariants; i++)
        if (strcmp(d->variants[i].name, name) == 0)
            return &d->variants[i];
    return NULL;
}

bool demo_splits_work(const Demo *d, const char *variant)
{
    const DemoVariant *v = demo_variant(d, variant);
    return !v || !v->work_not_split;
}

bool demo_field_is_own(const DemoField *f)
{
    return strcmp(f->key, STREAM_KEY_SPEEDUP) != 0 && strcmp(f->key, DEMO_KEY_EFFICIENCY) != 0;
}

bool demo_field_shown(const Demo *d, const DemoField *f, const char *variant)
{
    if (f->rank == DEMO_HIDDEN)
        return false;
    if (f->variant && (!variant || strcmp(f->variant, variant) != 0))
        return false;
    if (f->shown_for && (!variant || strcmp(f->shown_for, variant) != 0))
        return false;
    return demo_field_is_own(f) || demo_splits_work(d, variant);
}

bool demo_run_disturbed(double busy_others, int workers, int cpus)
{
    if (!isfinite(busy_others) || cpus < 1)
        return false;
    int spare = workers < cpus ? cpus - workers : 0;
    return busy_others > spare + DEMO_BUSY_MARGIN;
}

void demo_names(StrBuf *out)
{
    for (int i = 0; i < DEMO_COUNT_OF(demos); i++)
        strbuf_addf(out, "%s%s", i ? ", " : "", demos[i]->name);
}

void demo_variant_names(const Demo *d, StrBuf *out)
{
    for (int i = 0; i < d->nvariants; i++)
        strbuf_addf(out, "%s%s", i ? ", " : "", d->variants[i].name);
}
