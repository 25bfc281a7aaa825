/* ui/progress: where the user is and what they answered, in
 * $XDG_STATE_HOME/corelab/progress.json:
 *
 *   {"version":1,"last":"gil",
 *    "lessons":{"gil":{"step":3,"furthest":5,"answers":{"4":2}}}}
 *
 * Read with json-c (progress_read.c), written with our emitter, replaced atomically (0600 in
 * a 0700 directory). Entries for lessons that are not loaded now are kept
 * as they were, so that another --lessons DIR does not wipe them. */
#include "ui/ui_internal.h"
#include "util/json_out.h"
#include "util/term_safe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PROGRESS_MAX_BYTES = 4 << 20, PROGRESS_MAX_STEP = 100000 };

void progress_free(Progress *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].id);
        free(p->items[i].answers);
    }
    free(p->items);
    free(p->last_id);
    free(p->path);
    memset(p, 0, sizeof *p);
}

LessonProgress *progress_get(Progress *p, const char *id, bool create)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].id, id) == 0)
            return &p->items[i];
    if (!create)
        return NULL;
    p->items = xrealloc(p->items, (p->n + 1) * sizeof *p->items);
    LessonProgress *lp = &p->items[p->n++];
    memset(lp, 0, sizeof *lp);
    lp->id = xstrdup(id);
    return lp;
}

void progress_set_step(Progress *p, const char *id, int step)
{
    LessonProgress *lp = progress_get(p, id, true);
    lp->step = step;
    if (step > lp->furthest)
        lp->furthest = step;
    if (!p->last_id || strcmp(p->last_id, id) != 0) {
        free(p->last_id);
        p->last_id = xstrdup(id);
    }
}

int progress_answer(const Progress *p, const char *id, int step)
{
    for (size_t i = 0; i < p->n; i++) {
        const LessonProgress *lp = &p->items[i];
        if (strcmp(lp->id, id) == 0)
            return step >= 1 && (size_t)step <= lp->n_answers ? lp->answers[step - 1] : 0;
    }
    return 0;
}

void progress_set_answer(Progress *p, const char *id, int step, int choice)
{
    if (step < 1 || step > PROGRESS_MAX_STEP)
        return;
    LessonProgress *lp = progress_get(p, id, true);
    if ((size_t)step > lp->n_answers) {
        lp->answers = xrealloc(lp->answers, (size_t)step * sizeof *lp->answers);
        for (size_t i = lp->n_answers; i < (size_t)step; i++)
            lp->answers[i] = 0;
        lp->n_answers = (size_t)step;
    }
    lp->answers[step - 1] = choice;
}

int progress_save(const Progress *p)
{
    if (!p->path)
        return 0;
    char *dir = xstrdup(p->path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir_p(dir, 0700) < 0) {
            int e = errno;
            free(dir);
            errno = e;
            return -1;
        }
    }
    free(dir);
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "version", 1);
    if (p->last_id)
        json_kstr(&j, "last", p->last_id);
    json_key(&j, "lessons");
    json_obj_begin(&j);
    for (size_t i = 0; i < p->n; i++) {
        const LessonProgress *lp = &p->items[i];
        json_key(&j, lp->id);
        json_obj_begin(&j);
        if (lp->step > 0)
            json_kint(&j, "step", lp->step);
        if (lp->furthest > 0)
            json_kint(&j, "furthest", lp->furthest);
        json_key(&j, "answers");
        json_obj_begin(&j);
        for (size_t k = 0; k < lp->n_answers; k++) {
            if (lp->answers[k] <= 0)
                continue;
            char key[24];
            snprintf(key, sizeof key, "%zu", k + 1);
            json_kint(&j, key, lp->answers[k]);
        }
        json_obj_end(&j);
        json_obj_end(&j);
    }
    json_obj_end(&j);
    json_obj_end(&j);
    StrBuf out;
    strbuf_init(&out);
    strbuf_adds(&out, json_text(&j));
    strbuf_addc(&out, '\n');
    int rc = write_file_atomic(p->path, out.data, out.len, 0600);
    int e = errno;
    strbuf_free(&out);
    json_free(&j);
    errno = e;
    return rc;
}

void progress_report_unsaved(const Progress *p, int err)
{
    char *path = term_safe(p->path ? p->path : "");
    fprintf(stderr, "corelab: your progress was not saved: cannot write %s: %s\n", path,
            strerror(err));
    free(path);
}
