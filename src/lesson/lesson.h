/* lesson/: the lesson model, its libyaml loader and validator, and the
 * `check` and `list` commands. The UI and the class code read lessons only
 * through this header. */
#ifndef CORELAB_LESSON_H
#define CORELAB_LESSON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/util.h" /* argv_free for lesson_run_argv */

/* ---- diagnostics: file:line:col: message ---- */
typedef struct {
    char *file;
    int line; /* 1-based; 0 when the problem is the whole file */
    int col;  /* 1-based */
    char *message;
} Diag;

typedef struct {
    Diag *items;
    size_t n, cap;
} DiagList;

void diag_list_init(DiagList *d);
void diag_list_free(DiagList *d);
void diag_add(DiagList *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vadd(DiagList *d, const char *file, int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* Sort by file, line, column (stable). */
void diag_list_sort(DiagList *d);
/* Sorted by file, line, column; one "file:line:col: message" per line. */
void diag_list_print(DiagList *d, FILE *f);

/* ---- the model ---- */
typedef struct {
    char **items;
    size_t n;
} StrList;

typedef struct {
    char *lang;   /* "python", "c", "sh", "text" (the default); never NULL */
    char *source;
} LessonCode;

/* Unset numbers are 0 (workers: n_workers == 0). */
typedef struct {
    char *name;      /* a name from the demo registry (demo/registry.h) */
    char *variant;   /* NULL: the demo's first variant */
    int workers[64];
    int n_workers;
    long work;
    double seconds;
    double switch_interval_ms;
    int chunksize;
    char *schedule;
} LessonDemo;

typedef struct {
    char *question;
    StrList choices;
    int answer;      /* 1-based index into choices, as the number key */
    char *hint;      /* shown after a wrong answer; may be NULL */
    char *explain;   /* shown after the right answer; may be NULL */
} LessonQuiz;

typedef struct {
    char *command;   /* split on spaces into an argv; run from the lesson's directory, no shell */
    char *expect;    /* substring the output must contain; may be NULL */
    int timeout;     /* seconds, default 30 */
    bool trace;      /* run under `corelab trace`: its threads' timeline beside the output */
} LessonRun;

/* How an exercise is checked: exactly one of command and script is set. */
typedef struct {
    char *command;   /* split on spaces, no shell; runs in the learner's workspace */
    char *expect;    /* with command: text the output must contain; may be NULL */
    char *script;    /* a checker shipped with the lesson (relative to its folder), run
                        with the learner's file as its argument: exit 0 passes */
    int timeout;     /* seconds, default 30 */
    bool trace;      /* run under `corelab trace`, as a run step's `trace` */
} LessonCheck;

/* A file the learner edits until its check passes. */
typedef struct {
    char *file;      /* the starter, relative to the lesson's folder */
    char *solution;  /* relative to the lesson's folder; shown only when asked */
    LessonCheck check;
    StrList hints;   /* from a nudge to nearly the answer */
    int file_line, file_col; /* where `file:` is written */
} LessonExercise;

/* A prediction asked before a demo or run step runs: a choice, or a number. */
typedef struct {
    char *question;
    StrList choices;   /* n == 0: a number is asked */
    int answer;        /* choices: 1-based, as the number key */
    double number;     /* number: the expected value */
    double tolerance;  /* number: a value within this of number is right */
    char *unit;        /* number: shown after values ("x", "s"); may be NULL */
    char *measure;     /* number on a demo step: the result field it is compared
                          with ("speedup", "wall_s"); NULL otherwise */
    char *explain;     /* shown after the run; may be NULL */
} LessonPredict;

typedef struct {
    char *title;
    char *text;          /* markup: paragraphs, `code`, **bold**, *emphasis*, "- " lists */
    LessonCode *code;    /* optional */
    LessonDemo *demo;    /* optional */
    LessonQuiz *quiz;    /* optional */
    LessonRun *run;      /* optional */
    LessonExercise *exercise; /* optional */
    LessonPredict *predict;   /* optional; only with demo or run */
    int line;            /* where the step starts in its file */
} LessonStep;

typedef struct {
    char *path;       /* file it came from */
    char *dir;        /* its directory: `run` commands start here */
    char *id;
    char *title;
    int teaching;     /* planned minutes */
    int exercises;    /* planned minutes */
    StrList questions;
    StrList objectives;
    StrList keypoints;
    LessonStep *steps;
    size_t n_steps;
    int id_line, id_col; /* where the id is written (for duplicate-id messages) */
} Lesson;

typedef struct {
    Lesson **lessons;  /* ordered by file name */
    size_t n;
    size_t n_files;    /* lesson files tried, whether they loaded or not */
} LessonSet;

/* Load and validate one file. Every problem found goes to diags; returns
 * NULL when there was any. Never crashes on any input. */
Lesson *lesson_load_file(const char *path, DiagList *diags);
/* The same, from memory (used by the fuzzer); name is used in messages and
 * base_dir for `run` file checks (NULL: skip those checks). */
Lesson *lesson_load_buffer(const char *name, const char *base_dir,
                           const unsigned char *data, size_t len, DiagList *diags);
void lesson_free(Lesson *l);

/* Load every *.yaml / *.yml in dir (not recursive, so lessons/examples is
 * skipped; so are README* and dot files) or each path given (files, or
 * folders loaded as above). Checks ids are unique across the set.
 * Returns 0 when clean, -1 when any diagnostic was added; lessons that
 * loaded are kept in set either way. */
int lesson_set_load_dir(const char *dir, LessonSet *set, DiagList *diags);
int lesson_set_load_paths(char *const *paths, int n, LessonSet *set, DiagList *diags);
void lesson_set_free(LessonSet *set);
const Lesson *lesson_set_find(const LessonSet *set, const char *id);
int lesson_set_index(const LessonSet *set, const char *id); /* -1 when absent */

/* Where lessons come from: flag, then $CORELAB_LESSONS, then the source
 * tree's lessons/, then the installed data dir. Returns a static string or
 * a string that lives as long as the process. */
const char *lesson_default_dir(const char *flag_dir);

/* Split a `run` command into an argv on spaces (caller frees with
 * argv_free). NULL when the command is empty or uses shell syntax. */
char **lesson_run_argv(const char *command);
/* Why a `run` command cannot be split (a static string), or NULL when it
 * can; *at gets the byte offset of the offending character. */
const char *lesson_run_command_problem(const char *command, size_t *at);

/* The name of an exercise's file in the learner's workspace: the starter's
 * last path component (a pointer into ex->file). */
const char *lesson_exercise_name(const LessonExercise *ex);
/* A checker script ending in .py runs as `python3 SCRIPT FILE`; any other
 * is run directly. */
bool lesson_checker_is_python(const char *script);
/* Whether a prediction is right: choice (1-based) for choices, value for a
 * number. */
bool lesson_predict_right(const LessonPredict *p, int choice, double value);

/* Subcommands: return the process exit status. */
int lesson_cmd_check(int argc, char **argv);
int lesson_cmd_list(int argc, char **argv);

#endif
