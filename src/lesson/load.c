/* lesson/load: one lesson from a file or from memory, and freeing it. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson/lesson.h"
#include "lesson/schema.h"
#include "lesson/fields.h"
#include "lesson/schema_practice.h"
#include "lesson/ytree.h"
#include "util/util.h"

#define LESSON_MAX_BYTES (1024 * 1024)

static void step_free(LessonStep *s)
{
    if (s->code)
        FREE_ALL(s->code->lang, s->code->source, s->code);
    if (s->demo)
        FREE_ALL(s->demo->name, s->demo->variant, s->demo->schedule, s->demo);
    if (s->quiz) {
        strlist_free(&s->quiz->choices);
        FREE_ALL(s->quiz->question, s->quiz->hint, s->quiz->explain, s->quiz);
    }
    if (s->run)
        FREE_ALL(s->run->command, s->run->expect, s->run);
    lesson_exercise_free(s->exercise);
    lesson_predict_free(s->predict);
    FREE_ALL(s->title, s->text);
}

void lesson_free(Lesson *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_steps; i++)
        step_free(&l->steps[i]);
    strlist_free(&l->questions);
    strlist_free(&l->objectives);
    strlist_free(&l->keypoints);
    FREE_ALL(l->path, l->dir, l->id, l->title, l->steps, l);
}

static bool size_ok(const char *name, size_t len, DiagList *diags)
{
    if (len <= LESSON_MAX_BYTES)
        return true;
    diag_add(diags, name, 1, 1, "file is %zu bytes; lessons are limited to 1 MiB", len);
    return false;
}

Lesson *lesson_load_buffer(const char *name, const char *base_dir, const unsigned char *data,
                           size_t len, DiagList *diags)
{
    if (!size_ok(name, len, diags))
        return NULL;
    bool empty;
    YNode *root = ytree_parse(name, data, len, diags, &empty);
    if (!root) {
        if (empty)
            diag_add(diags, name, 1, 1,
                     "the file is empty; a lesson is a mapping with id, title, teaching, "
                     "exercises and steps");
        return NULL;
    }
    Lesson *l = xcalloc(1, sizeof *l);
    l->path = xstrdup(name);
    l->dir = xstrdup(base_dir ? base_dir : ".");
    size_t errors = schema_lesson(root, l, name, base_dir, diags);
    ytree_free(root);
    if (errors) {
        lesson_free(l);
        return NULL;
    }
    return l;
}

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

Lesson *lesson_load_file(const char *path, DiagList *diags)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        diag_add(diags, path, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_add(diags, path, 0, 0, "not a regular file");
        return NULL;
    }
    if (!size_ok(path, (size_t)st.st_size, diags))
        return NULL;
    size_t len;
    char *data = read_file_bounded(path, LESSON_MAX_BYTES, &len, false);
    if (!data) {
        if (errno == EFBIG)
            diag_add(diags, path, 1, 1, "file is over 1 MiB; lessons are limited to 1 MiB");
        else
            diag_add(diags, path, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    char *dir = dir_of(path);
    Lesson *l = lesson_load_buffer(path, dir, (const unsigned char *)data, len, diags);
    free(dir);
    free(data);
    return l;
}
