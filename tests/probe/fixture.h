/* The probe tests' recorded fixtures: the folder main sets from its
 * argument, and a fixture read from it whole (the test ends if it cannot
 * be read: every check after it would fail for that reason alone). */
#ifndef CORELAB_TESTS_PROBE_FIXTURE_H
#define CORELAB_TESTS_PROBE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

static const char *fixtures;

static char *fixture(const char *name)
{
    char *path = path_join(fixtures, name);
    char *text = read_file_bounded(path, 1 << 20, NULL, false);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    free(path);
    return text;
}

#endif
