/* The catalogue is the one registry of demos: every name and variant in it
 * has code behind it, and every variant a description. */
#include "demo/catalogue.h"
#include "demo/kernel.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    int n, failures = 0;
    const DemoInfo *c = demo_catalogue(&n);
    for (int i = 0; i < n; i++) {
        const DemoKernel *k = demo_kernel(c[i].name);
        if (!k || strcmp(k->name, c[i].name) != 0 || !k->run || !k->conclude || k->default_work < 1 ||
            k->default_work > k->max_work) {
            fprintf(stderr, "demo %s has no proper kernel\n", c[i].name);
            failures++;
        }
        if (demo_find(c[i].name) != &c[i] || !c[i].summary[0]) {
            fprintf(stderr, "demo %s: lookup or summary\n", c[i].name);
            failures++;
        }
        for (const char *const *v = c[i].variants; *v; v++)
            if (!demo_has_variant(&c[i], *v) || !demo_variant_help(&c[i], *v)[0]) {
                fprintf(stderr, "demo %s variant %s: no description\n", c[i].name, *v);
                failures++;
            }
    }
    if (demo_find("nosuch") || demo_kernel("nosuch") || demo_has_variant(&c[0], "nosuch") ||
        demo_variant_help(&c[0], "nosuch")[0]) {
        fprintf(stderr, "unknown names must not be found\n");
        failures++;
    }
    if (strcmp(demo_variant_list(demo_find("race")), "nolock, mutex, atomic") != 0) {
        fprintf(stderr, "variant list: %s\n", demo_variant_list(demo_find("race")));
        failures++;
    }
    printf(failures ? "catalogue: failed\n" : "catalogue: all checks passed\n");
    return failures ? 1 : 0;
}
