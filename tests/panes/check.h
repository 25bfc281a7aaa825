/* A tiny assertion kit for the panes' unit tests: every failed check is
 * printed with its line and counted; main returns the count. */
#ifndef CORELAB_TESTS_PANES_CHECK_H
#define CORELAB_TESTS_PANES_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                        \
        }                                                                            \
    } while (0)

#define CHECK_STR_HAS(hay, needle)                                                             \
    do {                                                                                       \
        const char *h_ = (hay), *n_ = (needle);                                                \
        if (!h_ || !strstr(h_, n_)) {                                                          \
            fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\"\n", __FILE__, __LINE__, n_,      \
                    h_ ? h_ : "(null)");                                                       \
            check_failures++;                                                                  \
        }                                                                                      \
    } while (0)

#define RUN(test)                                       \
    do {                                                \
        int before_ = check_failures;                   \
        test();                                         \
        printf("%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #test); \
    } while (0)

#endif
