/* The C tests' assertions. A failed check prints its place and condition and
 * is counted; the test goes on, so one run shows every failure.
 *
 *   CHECK(cond)                 fails when cond is false
 *   CHECK(cond, fmt, ...)       the same, and says more (printf-style)
 *   CHECK_STR_HAS(hay, needle)  fails unless needle is in hay (a NULL hay fails)
 *   RUN(test)                   calls test(), then prints "ok   test" or "FAIL test"
 *   check_run_all(tests, n)     RUN of each of a table {CHECK_TEST(a), ...}
 *   return check_exit();        main's end: 0, or 1 after "N check(s) failed"
 *   check_fixtures_dir(argc, argv)  argv[1], the recorded fixtures' folder; NULL
 *                               after a usage line (main returns 2)
 */
#ifndef CORELAB_TESTS_CHECK_H
#define CORELAB_TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

static inline void check_failed(const char *file, int line, const char *cond)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, cond);
    check_failures++;
}

__attribute__((format(printf, 4, 5))) static inline void check_failed_says(const char *file, int line,
                                                                           const char *cond,
                                                                           const char *fmt, ...)
{
    fprintf(stderr, "%s:%d: check failed: %s: ", file, line, cond);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    check_failures++;
}

/* CHECK's number of arguments picks the plain or the explaining form (up to
 * seven values after the format). */
#define CHECK_PICK_(a1, a2, a3, a4, a5, a6, a7, a8, a9, form, ...) form
#define CHECK(...)                                                                           \
    CHECK_PICK_(__VA_ARGS__, CHECK_SAYS_, CHECK_SAYS_, CHECK_SAYS_, CHECK_SAYS_, CHECK_SAYS_, \
                CHECK_SAYS_, CHECK_SAYS_, CHECK_SAYS_, CHECK_ONLY_, unused)(__VA_ARGS__)
#define CHECK_ONLY_(cond)                                    \
    do {                                                     \
        if (!(cond))                                         \
            check_failed(__FILE__, __LINE__, #cond);         \
    } while (0)
#define CHECK_SAYS_(cond, ...)                                        \
    do {                                                              \
        if (!(cond))                                                  \
            check_failed_says(__FILE__, __LINE__, #cond, __VA_ARGS__); \
    } while (0)

#define CHECK_STR_HAS(hay, needle)                                                         \
    do {                                                                                   \
        const char *h_ = (hay), *n_ = (needle);                                            \
        if (!h_ || !strstr(h_, n_))                                                        \
            check_failed_says(__FILE__, __LINE__, "CHECK_STR_HAS(" #hay ", " #needle ")", \
                              "expected \"%s\" in \"%s\"", n_, h_ ? h_ : "(null)");        \
    } while (0)

#define RUN(test)                                                              \
    do {                                                                       \
        int before_ = check_failures;                                          \
        test();                                                                \
        printf("%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #test); \
    } while (0)

typedef struct {
    const char *name;
    void (*run)(void);
} CheckTest;

#define CHECK_TEST(fn) {#fn, fn}
#define CHECK_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static inline void check_run_all(const CheckTest *tests, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int before = check_failures;
        tests[i].run();
        printf("%s %s\n", check_failures == before ? "ok  " : "FAIL", tests[i].name);
    }
}

static inline int check_exit(void)
{
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    puts("all checks passed");
    return 0;
}

static inline const char *check_fixtures_dir(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return NULL;
    }
    return argv[1];
}

#endif
