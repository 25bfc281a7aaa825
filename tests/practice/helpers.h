/* What the practice tests share: a scratch folder, files written and read
 * whole, and learner programs run with Debian's /usr/bin/python3 first on
 * PATH (the learner's python in CI). A test's main ends with
 * `return scratch_done(dir);`. */
#ifndef CORELAB_TEST_PRACTICE_HELPERS_H
#define CORELAB_TEST_PRACTICE_HELPERS_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

#include "../lib/check.h"

static inline char *scratch_dir(const char *name)
{
    char *tmpl = xasprintf("/tmp/corelab-%s-XXXXXX", name);
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(2);
    }
    return tmpl;
}

static inline void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

/* The whole file, or NULL. Caller frees. */
static inline char *get_file(const char *path) { return read_file_bounded(path, 1 << 24, NULL, false); }

static inline bool file_is(const char *path, const char *text)
{
    char *got = get_file(path);
    bool same = got && strcmp(got, text) == 0;
    free(got);
    return same;
}

static inline void python_first_on_path(void)
{
    const char *path = getenv("PATH");
    char *p = xasprintf("/usr/bin:/bin%s%s", path ? ":" : "", path ? path : "");
    setenv("PATH", p, 1);
    free(p);
}

static inline int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* rm -r of a scratch folder. */
static inline void remove_tree(const char *dir) { nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

/* main's end: the scratch folder removed (and freed), then check_exit(). */
static inline int scratch_done(char *dir)
{
    remove_tree(dir);
    free(dir);
    return check_exit();
}

#endif
