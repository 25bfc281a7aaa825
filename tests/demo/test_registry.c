/* The registry is the one list of demos: every entry is complete (a name,
 * a summary, variants with a line of help, a kernel, result fields with a
 * label and a unit), every option in the options table makes sense and is
 * taken by some demo, and lookups find what is there and nothing else. */
#include "demo/kernel.h"
#include "demo/options.h"
#include "demo/registry.h"

#include <stdio.h>
#include <string.h>

#include "../lib/check.h"

static bool filled(const char *s)
{
    return s && s[0];
}

static void variants_complete(const Demo *d)
{
    CHECK(d->nvariants >= 1 && d->variants);
    for (int v = 0; v < d->nvariants; v++) {
        const DemoVariant *dv = &d->variants[v];
        CHECK(filled(dv->name) && filled(dv->help));
        CHECK(demo_variant(d, dv->name) == dv); /* and no other of that name */
        CHECK(dv->default_work >= 0 && dv->default_work <= d->kernel->max_work);
        if (!filled(dv->name) || !filled(dv->help))
            fprintf(stderr, "demo %s: variant %d has no name or help\n", d->name, v);
    }
}

/* Some field of the table is shown for every variant (the table would be
 * the workers and the wall time alone otherwise). */
static bool shows_a_field(const Demo *d, const char *variant)
{
    for (int i = 0; i < d->nfields; i++)
        if (demo_field_shown(d, &d->fields[i], variant))
            return true;
    return false;
}

static void fields_complete(const Demo *d)
{
    CHECK(d->nfields >= 1 && d->fields);
    for (int i = 0; i < d->nfields; i++) {
        const DemoField *f = &d->fields[i];
        bool ok = filled(f->key) && filled(f->label) && f->unit != NULL;
        /* the header says the unit, so the table needs no legend */
        ok = ok && (!f->unit[0] || strstr(f->label, f->unit));
        ok = ok && (!f->variant || demo_variant(d, f->variant));
        ok = ok && (!f->shown_for || demo_variant(d, f->shown_for));
        ok = ok && f->rank >= DEMO_HIDDEN && f->format >= DEMO_FMT_COUNT && f->format <= DEMO_FMT_TEXT;
        for (int k = 0; k < i; k++)
            ok = ok && strcmp(d->fields[k].key, f->key) != 0;
        if (!ok)
            fprintf(stderr, "demo %s: field %d (%s) is incomplete\n", d->name, i, f->key ? f->key : "?");
        CHECK(ok);
    }
    for (int v = 0; v < d->nvariants; v++)
        CHECK(shows_a_field(d, d->variants[v].name));
}

static void entry_complete(const Demo *d)
{
    CHECK(filled(d->name) && filled(d->summary));
    CHECK(demo_find(d->name) == d);
    const DemoKernel *k = d->kernel;
    CHECK(k && k->run && k->conclude && filled(k->unit) && k->default_work >= 1 && k->default_work <= k->max_work);
    if (!k)
        return;
    CHECK(d->headline != NULL);
    CHECK((d->takes & ~(unsigned)(DEMO_TAKES_SWITCH_INTERVAL | DEMO_TAKES_CHUNKSIZE | DEMO_TAKES_SCHEDULE)) == 0);
    variants_complete(d);
    fields_complete(d);
}

static void options_sound(void)
{
    int n, ndemos;
    const DemoOption *opts = demo_options(&n);
    const Demo *const *all = demo_all(&ndemos);
    CHECK(n == DEMO_OPT_COUNT);
    for (int i = 0; i < n; i++) {
        const DemoOption *o = &opts[i];
        CHECK((int)o->id == i && demo_option(o->id) == o);
        CHECK(filled(o->flag) && strncmp(o->flag, "--", 2) == 0 && filled(o->metavar));
        CHECK(filled(o->key) && filled(o->what) && filled(o->help));
        CHECK(o->min <= o->max);
        CHECK(o->dflt == 0 || (o->dflt >= o->min && o->dflt <= o->max));
        int taken = 0;
        for (int d = 0; d < ndemos; d++)
            taken += demo_takes(all[d], o);
        CHECK(taken >= 1); /* an option no demo takes has no business here */
        if (o->type == DEMO_VALUE_WORD) {
            const char *words[16];
            CHECK(demo_option_word_list(o, words, 15) >= 1);
            CHECK(demo_option_word_ok(o, words[0]) && !demo_option_word_ok(o, "nosuch"));
        }
        for (int k = 0; k < i; k++)
            CHECK(strcmp(opts[k].flag, o->flag) != 0 && strcmp(opts[k].key, o->key) != 0);
    }
}

static bool all_ones(const void *ctx, const char *key, double *v)
{
    (void)ctx;
    (void)key;
    *v = 1;
    return true;
}

static bool nothing(const void *ctx, const char *key, double *v)
{
    (void)ctx;
    (void)key;
    (void)v;
    return false;
}

/* A headline with every figure there says something; with none, nothing
 * (the panes then give the wall time). */
static void headlines(const Demo *d)
{
    for (int v = 0; v < d->nvariants && d->headline; v++) {
        char buf[160] = "";
        DemoReading full = {d->variants[v].name, 2, all_ones, NULL};
        if (d->headline(&full, false, buf, sizeof buf))
            CHECK(buf[0] != '\0');
        DemoReading empty = {d->variants[v].name, 2, nothing, NULL};
        CHECK(!d->headline(&empty, true, buf, sizeof buf));
    }
}

static void lookups(void)
{
    int n;
    const Demo *const *all = demo_all(&n);
    CHECK(n >= 1);
    CHECK(demo_find("nosuch") == NULL && demo_find(NULL) == NULL);
    CHECK(demo_variant(all[0], "nosuch") == NULL && demo_variant(NULL, "cpu") == NULL);
    CHECK(demo_splits_work(NULL, "x"));
    StrBuf b;
    strbuf_init(&b);
    demo_names(&b);
    CHECK(b.data && strncmp(b.data, all[0]->name, strlen(all[0]->name)) == 0);
    strbuf_free(&b);
    char buf[32];
    demo_format(DEMO_FMT_COUNT, 9439838, buf, sizeof buf);
    CHECK(strcmp(buf, "9,439,838") == 0);
    demo_format(DEMO_FMT_PERCENT, 0.81, buf, sizeof buf);
    CHECK(strcmp(buf, "81%") == 0);
    demo_format(DEMO_FMT_SIG, 0.2434, buf, sizeof buf);
    CHECK(strcmp(buf, "0.243") == 0);
}

int main(void)
{
    int n;
    const Demo *const *all = demo_all(&n);
    for (int i = 0; i < n; i++) {
        entry_complete(all[i]);
        headlines(all[i]);
        for (int k = 0; k < i; k++)
            CHECK(strcmp(all[k]->name, all[i]->name) != 0);
    }
    options_sound();
    lookups();
    return check_exit();
}
