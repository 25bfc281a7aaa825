/* lesson/set: all the lessons of a folder (or of paths given), their ids
 * unique, and where the default folder is. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson/lesson.h"
#include "util/util.h"

static bool is_lesson_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.' || strncasecmp(name, "README", 6) == 0)
        return false;
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lesson files of dir, sorted by name; NULL (reported) when dir cannot
 * be read. */
static char **lesson_files(const char *dir, size_t *n_out, DiagList *diags)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_add(diags, dir, 0, 0, "cannot open the lesson folder");
        return NULL;
    }
    size_t n = 0, cap = 16;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_lesson_name(e->d_name))
            continue;
        char *path = path_join(dir, e->d_name);
        if (!path_is_file(path)) {
            free(path);
            continue;
        }
        if (n == cap) {
            cap *= 2;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n++] = path;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    *n_out = n;
    return names;
}

/* Adds l to set, or reports its id as taken and frees it. */
static void set_add(LessonSet *set, Lesson *l, DiagList *diags)
{
    for (size_t i = 0; i < set->n; i++) {
        const Lesson *o = set->lessons[i];
        if (strcmp(o->id, l->id) == 0) {
            diag_add(diags, l->path, l->id_line, l->id_col,
                     "duplicate lesson id '%s' (also the id of %s:%d:%d)", l->id, o->path,
                     o->id_line, o->id_col);
            lesson_free(l);
            return;
        }
    }
    set->lessons = xrealloc(set->lessons, (set->n + 1) * sizeof *set->lessons);
    set->lessons[set->n++] = l;
}

static void load_one(const char *path, LessonSet *set, DiagList *diags)
{
    set->n_files++;
    Lesson *l = lesson_load_file(path, diags);
    if (l)
        set_add(set, l, diags);
}

static void load_dir(const char *dir, LessonSet *set, DiagList *diags)
{
    size_t n = 0;
    char **files = lesson_files(dir, &n, diags);
    if (!files)
        return;
    if (n == 0)
        diag_add(diags, dir, 0, 0, "no lessons here (*.yaml or *.yml files)");
    for (size_t i = 0; i < n; i++) {
        load_one(files[i], set, diags);
        free(files[i]);
    }
    free(files);
}

int lesson_set_load_dir(const char *dir, LessonSet *set, DiagList *diags)
{
    size_t before = diags->n;
    load_dir(dir, set, diags);
    return diags->n == before ? 0 : -1;
}

int lesson_set_load_paths(char *const *paths, int n, LessonSet *set, DiagList *diags)
{
    size_t before = diags->n;
    for (int i = 0; i < n; i++) {
        if (path_is_dir(paths[i]))
            load_dir(paths[i], set, diags);
        else
            load_one(paths[i], set, diags);
    }
    return diags->n == before ? 0 : -1;
}

void lesson_set_free(LessonSet *set)
{
    for (size_t i = 0; i < set->n; i++)
        lesson_free(set->lessons[i]);
    free(set->lessons);
    set->lessons = NULL;
    set->n = 0;
    set->n_files = 0;
}

int lesson_set_index(const LessonSet *set, const char *id)
{
    for (size_t i = 0; id && i < set->n; i++)
        if (strcmp(set->lessons[i]->id, id) == 0)
            return (int)i;
    return -1;
}

const Lesson *lesson_set_find(const LessonSet *set, const char *id)
{
    int i = lesson_set_index(set, id);
    return i < 0 ? NULL : set->lessons[i];
}

const char *lesson_default_dir(const char *flag_dir)
{
    if (flag_dir && *flag_dir)
        return flag_dir;
    const char *env = getenv("CORELAB_LESSONS");
    if (env && *env)
        return env;
#ifdef CORELAB_SOURCE_LESSONS
    if (path_is_dir(CORELAB_SOURCE_LESSONS))
        return CORELAB_SOURCE_LESSONS;
#endif
    return CORELAB_DATA_LESSONS;
}
