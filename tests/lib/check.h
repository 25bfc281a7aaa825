/* The C unit tests' one assertion: report the failed condition with its
 * place and keep going, so one run shows every failure. */
#ifndef CORELAB_TEST_CHECK_H
#define CORELAB_TEST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

#endif
