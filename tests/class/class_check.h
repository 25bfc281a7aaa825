/* The class unit tests' own fixtures, beside tests/lib/check.h:
 *
 *   return class_run_tests(tmpl, plain, n, in_dir, m);  main: the tests of
 *                                  plain (a CheckTest table), then those of
 *                                  in_dir ({CLASS_DIR_TEST(fn), ...}, each
 *                                  fn(base)) in one temp dir made from tmpl
 *                                  and removed after; then check_exit()
 *   class_says(&err, a, b)         err holds a and b (b may be NULL); frees err
 *   class_follow_refused(dir, now, a, b)  following dir fails saying a and b
 *   class_teach_refused(dir, now, a, b)   teaching from dir fails saying a and b
 */
#ifndef CORELAB_TESTS_CLASS_CHECK_H
#define CORELAB_TESTS_CLASS_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "class/class.h"

#include "../lib/check.h"

typedef struct {
    const char *name;
    void (*run)(const char *base);
} ClassDirTest;

#define CLASS_DIR_TEST(fn) {#fn, fn}

static inline void class_tmpdir_remove(const char *base)
{
    const char *argv[] = {"rm", "-rf", base, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
}

static inline int class_run_tests(const char *tmpl, const CheckTest *plain, size_t n_plain,
                                  const ClassDirTest *in_dir, size_t n_dir)
{
    char name[64];
    snprintf(name, sizeof name, "%s", tmpl);
    char *base = mkdtemp(name);
    if (!base) {
        perror("mkdtemp");
        return 1;
    }
    check_run_all(plain, n_plain);
    for (size_t i = 0; i < n_dir; i++) {
        int before = check_failures;
        in_dir[i].run(base);
        printf("%s %s\n", check_failures == before ? "ok  " : "FAIL", in_dir[i].name);
    }
    class_tmpdir_remove(base);
    return check_exit();
}

static inline bool class_says(char **err, const char *a, const char *b)
{
    bool ok = *err && strstr(*err, a) && (!b || strstr(*err, b));
    free(*err);
    *err = NULL;
    return ok;
}

static inline bool class_follow_refused(const char *dir, double now, const char *a, const char *b)
{
    char *err = NULL;
    ClassFollow *f = class_follow_open(dir, now, &err);
    if (f) {
        class_follow_close(f);
        free(err);
        return false;
    }
    return class_says(&err, a, b);
}

static inline bool class_teach_refused(const char *dir, double now, const char *a, const char *b)
{
    char *err = NULL;
    ClassTeach *t = class_teach_open(dir, true, now, &err);
    if (t) {
        class_teach_free(t);
        free(err);
        return false;
    }
    return class_says(&err, a, b);
}

#endif
