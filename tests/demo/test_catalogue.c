/* The catalogue is the one registry of demos: every name and variant in it
 * has code behind it, and every variant a description. */
#include "demo/catalogue.h"
#include "demo/kernel.h"

#include <stdio.h>
#include <string.h>

#include "../lib/check.h"

int main(void)
{
    int n;
    const DemoInfo *c = demo_catalogue(&n);
    for (int i = 0; i < n; i++) {
        const DemoKernel *k = demo_kernel(c[i].name);
        CHECK(k && strcmp(k->name, c[i].name) == 0 && k->run && k->conclude && k->default_work >= 1 &&
                  k->default_work <= k->max_work,
              "demo %s has no proper kernel", c[i].name);
        CHECK(demo_find(c[i].name) == &c[i] && c[i].summary[0], "demo %s: lookup or summary", c[i].name);
        for (const char *const *v = c[i].variants; *v; v++)
            CHECK(demo_has_variant(&c[i], *v) && demo_variant_help(&c[i], *v)[0],
                  "demo %s variant %s: no description", c[i].name, *v);
    }
    CHECK(!demo_find("nosuch") && !demo_kernel("nosuch") && !demo_has_variant(&c[0], "nosuch") &&
              !demo_variant_help(&c[0], "nosuch")[0],
          "unknown names must not be found");
    CHECK(strcmp(demo_variant_list(demo_find("race")), "nolock, mutex, atomic") == 0, "variant list: %s",
          demo_variant_list(demo_find("race")));
    return check_exit();
}
