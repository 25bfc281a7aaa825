/* ui/progress: what the learner did, in $XDG_STATE_HOME/corelab/progress.json:
 *
 *   {"version":2,"last":"gil",
 *    "lessons":{"gil":{"step":3,"furthest":5,"seen":[1,2,3,5],
 *      "answers":{"4":2},
 *      "quiz":{"4":{"first":1,"right":false}},
 *      "predict":{"6":{"choice":2,"right":true}},
 *      "exercise":{"7":{"attempts":3,"hints":1,"solution":false,"passed_at":1718000000}}}}}
 *
 * "answers" holds the latest answer per quiz, as version 1 did, so that a
 * version 1 reader still finds them; "quiz" the first. A number prediction
 * writes "value" instead of "choice". Read with json-c (progress_read.c),
 * written with our emitter, replaced atomically (0600 in a 0700
 * directory). Entries for lessons that are not loaded now are kept as they
 * were, so that another --lessons DIR does not wipe them. */
#include "ui/progress.h"

#include "util/term_safe.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_out.h"
#include "util/util.h"

enum { PROGRESS_MAX_STEP = 100000 };

void progress_free(Progress *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].id);
        free(p->items[i].answers);
        free(p->items[i].steps);
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

StepProgress *progress_step_record(Progress *p, const char *id, int step)
{
    if (step < 1 || step > PROGRESS_MAX_STEP)
        return NULL;
    LessonProgress *lp = progress_get(p, id, true);
    if ((size_t)step > lp->n_steps) {
        lp->steps = xrealloc(lp->steps, (size_t)step * sizeof *lp->steps);
        memset(lp->steps + lp->n_steps, 0, ((size_t)step - lp->n_steps) * sizeof *lp->steps);
        lp->n_steps = (size_t)step;
    }
    return &lp->steps[step - 1];
}

const StepProgress *progress_step(const Progress *p, const char *id, int step)
{
    const LessonProgress *lp = progress_get((Progress *)p, id, false);
    return lp && step >= 1 && (size_t)step <= lp->n_steps ? &lp->steps[step - 1] : NULL;
}

void progress_set_position(Progress *p, const char *id, int step)
{
    LessonProgress *lp = progress_get(p, id, true);
    lp->step = step;
    if (!p->last_id || strcmp(p->last_id, id) != 0) {
        free(p->last_id);
        p->last_id = xstrdup(id);
    }
}

void progress_mark_seen(Progress *p, const char *id, int step)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (!s)
        return;
    s->seen = true;
    LessonProgress *lp = progress_get(p, id, false);
    if (step > lp->furthest)
        lp->furthest = step;
}

void progress_set_step(Progress *p, const char *id, int step)
{
    progress_set_position(p, id, step);
    progress_mark_seen(p, id, step);
}

int progress_answer(const Progress *p, const char *id, int step)
{
    const LessonProgress *lp = progress_get((Progress *)p, id, false);
    return lp && step >= 1 && (size_t)step <= lp->n_answers ? lp->answers[step - 1] : 0;
}

static void set_latest(Progress *p, const char *id, int step, int choice)
{
    LessonProgress *lp = progress_get(p, id, true);
    if ((size_t)step > lp->n_answers) {
        lp->answers = xrealloc(lp->answers, (size_t)step * sizeof *lp->answers);
        for (size_t i = lp->n_answers; i < (size_t)step; i++)
            lp->answers[i] = 0;
        lp->n_answers = (size_t)step;
    }
    lp->answers[step - 1] = choice;
}

static bool answer(Progress *p, const char *id, int step, int choice, int right)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (!s)
        return false;
    set_latest(p, id, step, choice);
    if (s->quiz.first > 0)
        return false;
    s->quiz.first = choice;
    s->quiz.right = (signed char)right;
    return true;
}

bool progress_quiz_answer(Progress *p, const char *id, int step, int choice, bool right)
{
    return answer(p, id, step, choice, right);
}

void progress_set_answer(Progress *p, const char *id, int step, int choice)
{
    answer(p, id, step, choice, -1);
}

static bool predict(Progress *p, const char *id, int step, int choice, double value, bool right)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (!s || s->predict.made)
        return false;
    s->predict = (PredictRecord){.made = true, .choice = choice, .value = value, .right = right};
    return true;
}

bool progress_predict_choice(Progress *p, const char *id, int step, int choice, bool right)
{
    return choice >= 1 && predict(p, id, step, choice, 0, right);
}

bool progress_predict_number(Progress *p, const char *id, int step, double value, bool right)
{
    return isfinite(value) && predict(p, id, step, 0, value, right);
}

void progress_exercise_attempt(Progress *p, const char *id, int step, bool passed, double wall)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (!s)
        return;
    s->exercise.attempts++;
    if (passed && s->exercise.passed_at == 0)
        s->exercise.passed_at = wall >= 1 ? (int64_t)wall : 1;
}

void progress_exercise_hints(Progress *p, const char *id, int step, int hints)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (s && hints > s->exercise.hints)
        s->exercise.hints = hints;
}

void progress_exercise_solution(Progress *p, const char *id, int step)
{
    StepProgress *s = progress_step_record(p, id, step);
    if (s)
        s->exercise.solution_shown = true;
}

/* ---- writing ---- */

static void step_key(JsonOut *j, size_t i)
{
    char key[24];
    snprintf(key, sizeof key, "%zu", i + 1);
    json_key(j, key);
}

static bool quiz_made(const StepProgress *sp)
{
    return sp->quiz.first > 0;
}

static void quiz_write(JsonOut *j, const StepProgress *sp)
{
    json_kint(j, "first", sp->quiz.first);
    if (sp->quiz.right >= 0)
        json_kbool(j, "right", sp->quiz.right > 0);
}

static bool predict_made(const StepProgress *sp)
{
    return sp->predict.made;
}

static void predict_write(JsonOut *j, const StepProgress *sp)
{
    const PredictRecord *r = &sp->predict;
    if (r->choice > 0)
        json_kint(j, "choice", r->choice);
    else
        json_knum(j, "value", r->value);
    json_kbool(j, "right", r->right);
}

static bool exercise_made(const StepProgress *sp)
{
    const ExerciseRecord *e = &sp->exercise;
    return e->attempts || e->hints || e->solution_shown || e->passed_at;
}

static void exercise_write(JsonOut *j, const StepProgress *sp)
{
    const ExerciseRecord *e = &sp->exercise;
    json_kint(j, "attempts", e->attempts);
    json_kint(j, "hints", e->hints);
    json_kbool(j, "solution", e->solution_shown);
    if (e->passed_at)
        json_kint(j, "passed_at", e->passed_at);
}

/* The per-step records: an object each, of the steps that have one. */
static const struct {
    const char *key;
    bool (*made)(const StepProgress *sp);
    void (*write)(JsonOut *j, const StepProgress *sp);
} step_records[] = {
    {"quiz", quiz_made, quiz_write},
    {"predict", predict_made, predict_write},
    {"exercise", exercise_made, exercise_write},
};

static void write_records(JsonOut *j, const LessonProgress *lp)
{
    for (size_t r = 0; r < sizeof step_records / sizeof step_records[0]; r++) {
        json_key(j, step_records[r].key);
        json_obj_begin(j);
        for (size_t i = 0; i < lp->n_steps; i++) {
            if (!step_records[r].made(&lp->steps[i]))
                continue;
            step_key(j, i);
            json_obj_begin(j);
            step_records[r].write(j, &lp->steps[i]);
            json_obj_end(j);
        }
        json_obj_end(j);
    }
}

static void write_lesson(JsonOut *j, const LessonProgress *lp)
{
    json_key(j, lp->id);
    json_obj_begin(j);
    if (lp->step > 0)
        json_kint(j, "step", lp->step);
    if (lp->furthest > 0)
        json_kint(j, "furthest", lp->furthest);
    json_key(j, "seen");
    json_arr_begin(j);
    for (size_t i = 0; i < lp->n_steps; i++)
        if (lp->steps[i].seen)
            json_int(j, (int64_t)i + 1);
    json_arr_end(j);
    json_key(j, "answers");
    json_obj_begin(j);
    for (size_t k = 0; k < lp->n_answers; k++) {
        if (lp->answers[k] <= 0)
            continue;
        step_key(j, k);
        json_int(j, lp->answers[k]);
    }
    json_obj_end(j);
    write_records(j, lp);
    json_obj_end(j);
}

static int make_parent(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        rc = mkdir_p(dir, 0700);
    }
    int e = errno;
    free(dir);
    errno = e;
    return rc;
}

int progress_save(const Progress *p)
{
    if (!p->path)
        return 0;
    if (make_parent(p->path) < 0)
        return -1;
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "version", 2);
    if (p->last_id)
        json_kstr(&j, "last", p->last_id);
    json_key(&j, "lessons");
    json_obj_begin(&j);
    for (size_t i = 0; i < p->n; i++)
        write_lesson(&j, &p->items[i]);
    json_obj_end(&j);
    json_obj_end(&j);
    size_t len = json_finish_line(&j);
    int rc = write_file_atomic(p->path, json_text(&j), len, 0600);
    int e = errno;
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
