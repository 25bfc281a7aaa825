/* demo/catalogue: the names and variants of every demo, in one registry, so
 * that `corelab check` and the UI know them whether or not a demo's code is
 * built. */
#ifndef CORELAB_DEMO_CATALOGUE_H
#define CORELAB_DEMO_CATALOGUE_H

#include <stdbool.h>

typedef struct {
    const char *name;
    const char *summary;
    const char *const *variants; /* NULL-terminated; the first is the default */
    const char *const *variant_help; /* one line per variant, same order */
} DemoInfo;

const DemoInfo *demo_catalogue(int *n);
const DemoInfo *demo_find(const char *name);
bool demo_has_variant(const DemoInfo *d, const char *variant);
/* The one-line description of a variant, or "" when unknown. */
const char *demo_variant_help(const DemoInfo *d, const char *variant);
/* "cpu, nogil, io, convoy, free" -- static buffer. */
const char *demo_variant_list(const DemoInfo *d);

#endif
