/* practice/: the engine under an exercise step, for a poll-based loop
 * without threads.
 *
 *   workspace.c  the learner's copy of the starter, ~/corelab-work/<lesson>/
 *   watch.c      noticing saves: inotify on the folder, a stat poll besides
 *   check.c      running the check: no shell, bounded in time and output
 *   capture.c    the check's output, head and tail kept when it is long
 *   verdict.c    what the check's end means: passed, not yet, error ...
 *   traceback.c  Python's error message and line, read from a traceback
 *
 * A screen uses them like this: practice_files_init + practice_workspace_
 * prepare when the step is shown (and shows f.file); file_watch_open on
 * f.file; in its loop, poll file_watch_fd and exercise_check_fd with the
 * smaller of their timeouts, then call file_watch_changed and
 * exercise_check_pump; on a change, exercise_check_free the old check and
 * exercise_check_start a new one; when it is done, show the verdict's line
 * and record the attempt in the progress file. Errors come back as one
 * line for the screen (caller frees). */
#ifndef CORELAB_PRACTICE_H
#define CORELAB_PRACTICE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"

/* ---- workspace.c ---- */

typedef struct {
    char *dir;      /* the lesson's workspace folder: ROOT/<lesson-id> */
    char *file;     /* the learner's file: dir/<starter's name> */
    char *starter;  /* the shipped starter (never written) */
    char *solution; /* the shipped solution (never written) */
} PracticeFiles;

/* The workspace root: root when given (--workspace DIR, config key
 * `workspace`), else ~/corelab-work. Caller frees. */
char *practice_workspace_root(const char *root);
/* The paths of exercise ex of lesson l under root (NULL: the default
 * root). Touches nothing on disk. */
void practice_files_init(PracticeFiles *f, const char *root, const Lesson *l, const LessonExercise *ex);
void practice_files_free(PracticeFiles *f);
/* Make f->dir (0700, with its parents) and copy the starter to f->file
 * when the learner has no file there yet; an existing file is never
 * written. *copied tells whether the starter was copied now. 0, or -1
 * with *err set: the folder cannot be made or written, the starter is
 * missing, f->file is not a writable file. */
int practice_workspace_prepare(const PracticeFiles *f, bool *copied, char **err);
/* Keep the learner's file as FILE.~N~ beside it (the first N free), then
 * put the starter in its place. *backup gets the backup's path (caller
 * frees; NULL when there was no file to keep). 0, or -1 with *err set;
 * the learner's file is untouched unless the backup was written. */
int practice_workspace_reset(const PracticeFiles *f, char **backup, char **err);
/* The shipped solution's text (caller frees), or NULL with *err set. */
char *practice_solution_text(const PracticeFiles *f, char **err);
/* path with $HOME shown as ~, for the screen (caller frees). */
char *practice_display_path(const char *path);

/* ---- watch.c ---- */

typedef struct FileWatch FileWatch;

/* Watch path for saves, by inotify on its folder (editors save by
 * renaming a new file over the old one) and by a stat poll (mtime, size,
 * inode) twice a second, which sees what inotify misses (a file saved from
 * another machine on NFS). force_poll, or $CORELAB_WATCH=poll, leaves
 * inotify out. Never fails: without inotify it polls. */
FileWatch *file_watch_open(const char *path, bool force_poll);
void file_watch_close(FileWatch *w);
/* An fd to poll for POLLIN, or -1 when polling only. */
int file_watch_fd(const FileWatch *w);
/* Seconds until file_watch_changed wants to be called, from now
 * (now_monotonic()). */
double file_watch_timeout(const FileWatch *w, double now);
/* Reads the fd's events and stats when due. True once per save, when the
 * file has kept the same size and mtime for 100 ms (a half-written save
 * is not reported). A deleted file is a change too. */
bool file_watch_changed(FileWatch *w, double now);
bool file_watch_uses_inotify(const FileWatch *w);

/* ---- check.c, verdict.c ---- */

typedef enum {
    CHECK_RUNNING,
    CHECK_PASSED,
    CHECK_NOT_YET,    /* ran, but not what was wanted */
    CHECK_ERROR,      /* the program raised (a Python traceback) or died of a signal */
    CHECK_TIMEOUT,    /* stopped at the check's timeout */
    CHECK_FLOOD,      /* stopped: it printed more than CHECK_MAX_PRINTED bytes */
    CHECK_CANNOT_RUN, /* the command or the learner's file is missing */
    CHECK_CANCELLED,  /* stopped by exercise_check_cancel (a newer save) */
} CheckState;

enum {
    CHECK_MAX_PRINTED = 8 << 20,  /* more and the check is stopped */
    CHECK_KEEP_HEAD = 48 << 10,   /* of longer output, the first bytes kept ... */
    CHECK_KEEP_TAIL = 16 << 10,   /* ... and the last */
};

typedef struct {
    CheckState state;
    char *line;       /* one line for the screen: "passed", "not yet: expected
                         \"lost 0\", saw \"balance 1026 of 4000: lost 2974\"",
                         "error: race_fix.py line 7: NameError: name 'lok' is
                         not defined", "timeout: ..." ... */
    char *expected;   /* not yet, by a command: its expect; else NULL */
    char *seen;       /* not yet: the last relevant line of output (the
                         checker's last line); error: the exception line */
    char *where_file; /* error, timeout: the file and line it was at; */
    int where_line;   /*   the learner's file when it is in the traceback */
    int status;       /* the wait status, when it exited */
    double seconds;   /* how long it ran */
} CheckVerdict;

typedef struct ExerciseCheck ExerciseCheck;

/* Start the check of exercise ex (of the lesson in lesson_dir) on f->file,
 * in f->dir, without a shell: a command split as `run` commands are, or
 * `python3 CHECKER FILE` (a checker not ending in .py is run directly).
 * Never NULL: a check that cannot start is done at once (CHECK_CANNOT_RUN). */
ExerciseCheck *exercise_check_start(const LessonExercise *ex, const char *lesson_dir, const PracticeFiles *f);

/* A check with `trace: true` runs as `CORELAB trace --json -- ...`: the
 * program's output is the check's output as without it, and the JSON
 * records (demo/stream.h) go to records as they are read. */
typedef struct {
    const char *corelab; /* the corelab binary */
    void (*records)(void *ctx, const char *data, size_t len);
    void *ctx;
} CheckTracer;
/* exercise_check_start, traced when ex's check says so (tracer NULL: never). */
ExerciseCheck *exercise_check_start_traced(const LessonExercise *ex, const char *lesson_dir, const PracticeFiles *f,
                                           const CheckTracer *tracer);
/* A traced check's records pipe, to poll for POLLIN while records may
 * come; else -1. */
int exercise_check_records_fd(const ExerciseCheck *c);
/* Stops a running check (kills its process group) and frees it. */
void exercise_check_free(ExerciseCheck *c);
/* Stop it now: the verdict is CHECK_CANCELLED. */
void exercise_check_cancel(ExerciseCheck *c);
/* An fd to poll for POLLIN while output may come, else -1. */
int exercise_check_fd(const ExerciseCheck *c);
/* Seconds until exercise_check_pump wants to be called; -1 when done. */
double exercise_check_timeout(const ExerciseCheck *c, double now);
/* Read what is there, notice the end, enforce the time and output limits.
 * Never blocks. True when output or state changed (redraw). */
bool exercise_check_pump(ExerciseCheck *c, double now);
bool exercise_check_done(const ExerciseCheck *c);
/* Blocks until done (tests, non-interactive use). */
const CheckVerdict *exercise_check_wait(ExerciseCheck *c);
/* The output so far, stdout and stderr merged: its first CHECK_KEEP_HEAD
 * bytes, and when longer, a line saying how much was cut and the last
 * CHECK_KEEP_TAIL bytes. Valid until the next pump. */
const char *exercise_check_output(const ExerciseCheck *c, size_t *len);
/* state CHECK_RUNNING (and nothing else set) until done. */
const CheckVerdict *exercise_check_verdict(const ExerciseCheck *c);

/* What a finished check saw, for check_verdict_make. */
typedef struct {
    const char *output;   /* as exercise_check_output gives it */
    size_t len;
    int status;           /* wait status; meaningful when exited */
    bool exited;
    bool timed_out;
    bool flooded;
    bool cancelled;
    int spawn_errno;      /* non-zero: it did not start */
    const char *program;  /* argv[0], for "could not run" */
    const char *expect;   /* the command's expect; NULL with a checker */
    bool expect_found;    /* expect was printed (the part cut from output too) */
    bool script;          /* judged by a checker script */
    const char *file_name;/* the learner's file name, e.g. race_fix.py */
    double timeout_s;
    double seconds;
} CheckOutcome;

void check_verdict_make(const CheckOutcome *o, CheckVerdict *v);
void check_verdict_free(CheckVerdict *v);
/* "passed", "not yet", "error", "timeout", "too much output", "could not
 * run", "cancelled", "running". */
const char *check_state_word(CheckState s);

/* ---- traceback.c ---- */

typedef struct {
    char *file;    /* as Python printed it; NULL when not found */
    int line;
    char *message; /* "NameError: name 'x' is not defined" */
} PyError;

/* The last Python exception in out: its message, and the deepest frame in
 * a file named file_name (else the deepest frame). False when there is
 * none. Free with py_error_free. */
bool py_error_find(const char *out, size_t len, const char *file_name, PyError *e);
void py_error_free(PyError *e);

#endif
