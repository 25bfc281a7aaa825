/* ui/progress: what the learner did, in $XDG_STATE_HOME/corelab/progress.json.
 *
 * Per lesson: the step shown last (to resume), and per step whether it was
 * seen (displayed, not skipped over), a quiz's first answer and whether it
 * was right (and its latest answer, which the step shows feedback for), a
 * prediction, an exercise's attempts, hints, solution and pass. A lesson
 * is done when every step was seen, every quiz answered and every exercise
 * passed.
 *
 * Steps are numbered from 1 throughout, as on screen. Setters never fail;
 * progress_save writes the file (0600, atomically). */
#ifndef CORELAB_UI_PROGRESS_H
#define CORELAB_UI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson/lesson.h"

typedef struct {
    int first;         /* first choice, 1-based; 0 none */
    signed char right; /* the first choice was right: 1, 0; -1 unknown (a version 1 file) */
} QuizRecord;

typedef struct {
    bool made;         /* a prediction was made */
    int choice;        /* choices: 1-based */
    double value;      /* number */
    bool right;
} PredictRecord;

typedef struct {
    int attempts;        /* checks run to the end */
    int hints;           /* hints shown */
    bool solution_shown;
    int64_t passed_at;   /* first pass, seconds since the epoch; 0 not passed */
} ExerciseRecord;

typedef struct {
    bool seen;
    QuizRecord quiz;
    PredictRecord predict;
    ExerciseRecord exercise;
} StepProgress;

typedef struct {
    char *id;
    int step;            /* last step shown, 1-based */
    int furthest;        /* furthest step seen, 1-based */
    int *answers;        /* answers[i]: latest choice (1-based) for step i+1, 0 none */
    size_t n_answers;
    StepProgress *steps; /* steps[i]: step i+1 */
    size_t n_steps;
} LessonProgress;

typedef struct {
    LessonProgress *items; /* also lessons not in the current set: kept as read */
    size_t n;
    char *last_id;         /* lesson shown last */
    char *path;            /* NULL: do not save */
} Progress;

/* ---- the file (progress.c writes, progress_read.c reads) ---- */

/* Reads the file (version 2, or version 1 with only step, furthest and
 * answers); a missing file is an empty progress, a corrupt one too with
 * *note set to a static explanation. */
void progress_load(Progress *p, const char *path, const char **note);
/* 0, or -1 with errno set. Creates the directory 0700, the file 0600. */
int progress_save(const Progress *p);
/* On stderr, once the terminal is restored: the last save failed with err
 * (a full disk, a read-only state folder) and where it would have gone;
 * otherwise the next start silently begins from the first step. */
void progress_report_unsaved(const Progress *p, int err);
void progress_free(Progress *p);

/* ---- reading and recording (progress.c) ---- */

LessonProgress *progress_get(Progress *p, const char *id, bool create);
/* The record of one step; NULL when nothing was recorded. */
const StepProgress *progress_step(const Progress *p, const char *id, int step);
/* The same, made when missing (NULL only for a step out of range). */
StepProgress *progress_step_record(Progress *p, const char *id, int step);

/* Where the learner is (to resume there), without marking anything seen. */
void progress_set_position(Progress *p, const char *id, int step);
/* The step was displayed. */
void progress_mark_seen(Progress *p, const char *id, int step);
/* Both: the step is shown now. */
void progress_set_step(Progress *p, const char *id, int step);

/* The latest answer (0: none): the quiz shows feedback for it. */
int progress_answer(const Progress *p, const char *id, int step);
/* A quiz answer: the latest always, the first (with right) only once.
 * Returns true when this was the first. */
bool progress_quiz_answer(Progress *p, const char *id, int step, int choice, bool right);
/* The same where rightness is not known here (it is judged against the
 * lesson when counted). */
void progress_set_answer(Progress *p, const char *id, int step, int choice);

/* A prediction is kept as first made: false (nothing changed) when there
 * is one already. */
bool progress_predict_choice(Progress *p, const char *id, int step, int choice, bool right);
bool progress_predict_number(Progress *p, const char *id, int step, double value, bool right);

/* A check that ran to the end; the first pass keeps its time (wall clock,
 * seconds since the epoch). */
void progress_exercise_attempt(Progress *p, const char *id, int step, bool passed, double wall);
/* hints: how many are shown now (the count only grows). */
void progress_exercise_hints(Progress *p, const char *id, int step, int hints);
void progress_exercise_solution(Progress *p, const char *id, int step);

/* ---- what it adds up to (progress_tally.c) ---- */

typedef enum {
    MARK_NONE,      /* not seen */
    MARK_SEEN,
    MARK_RIGHT,     /* quiz: first answer right */
    MARK_WRONG,     /* quiz: first answer wrong */
    MARK_PREDICTED, /* a prediction made */
    MARK_TRYING,    /* exercise: checked, not passed */
    MARK_PASSED,    /* exercise passed */
} StepMark;

typedef struct {
    int steps, seen;
    int quizzes, answered, right; /* right: first answers that were right */
    int predictions, predicted;
    int exercises, trying, passed;
    bool done;
} LessonTally;

void progress_tally(const Progress *p, const Lesson *l, LessonTally *t);
/* The mark of step (1-based) of l. */
StepMark progress_step_mark(const Progress *p, const Lesson *l, int step);
/* "seen", "right", "wrong", "predicted", "trying", "passed"; "" for none. */
const char *progress_mark_word(StepMark m);

#endif
