/* ui/practice_ui: exercise steps and predictions on screen, over the
 * practice engine (practice/practice.h).
 *
 *   exercise_view.c  the exercise shown now: its workspace file, the watch
 *                    on it, the check that runs on every save, progress
 *   exercise_draw.c  its pane (output and verdict) and its part of the text
 *   exercise_keys.c  o r i a x, and the y/N questions of a and x
 *   editor.c         `o`: the learner's editor with curses suspended
 *   solution_view.c  the solution, a screen over the lesson
 *   predict.c        `predict:`: asked before `r` runs, set beside the result
 *
 * The walker's loop (app.c) calls the functions below; App holds the two
 * states (App.exercise, App.predict), made by practice_ui_new. */
#ifndef CORELAB_UI_PRACTICE_UI_H
#define CORELAB_UI_PRACTICE_UI_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "practice/practice.h"
#include "ui/panes/panes.h"
#include "ui/ui_internal.h"

typedef enum { EX_ASK_NONE, EX_ASK_SOLUTION, EX_ASK_RESET } ExerciseAsk;
typedef struct ExerciseView ExerciseView;
typedef struct PredictView PredictView;

/* The learner's editor, while it runs (pid > 0). */
typedef struct {
    pid_t pid;
    size_t lesson, step;  /* the step it was opened from: back there after */
    double opened_at;
    char *name;           /* its program, for what is said about it */
} EditorRun;

struct ExerciseView {
    /* The workspace root: --workspace, else the config's `workspace`. */
    bool root_known;
    char *root;           /* NULL: the default, ~/corelab-work */
    char *root_note;      /* the config could not be read: said once */

    /* The exercise of the step shown (ex NULL: the step has none). */
    const Lesson *lesson;
    const LessonExercise *ex;
    int step_no;          /* 1-based, as in the progress file */
    PracticeFiles files;
    char *shown;          /* files.file with ~ for $HOME */
    char *problem;        /* what stops the exercise, for the learner to act on */
    char *notice;         /* what just happened; NULL: nothing to say */
    bool notice_bad;
    double notice_until;
    bool file_gone;       /* the learner's file was deleted */
    FileWatch *watch;
    ExerciseCheck *check; /* the latest check, running or done */
    bool by_learner;      /* it ran for a save, the editor or r: an attempt */
    bool counted;         /* its end is in the progress file */
    bool passed;          /* the latest finished check passed */
    double check_due;     /* > 0: start a check then (after the editor) */
    double check_started;
    ExerciseAsk ask;
    Model out;            /* the check's output as lines, for the output pane */
    bool out_stale;       /* out is to be made again from the check's output */
    Model trace;          /* a traced check's records: its timeline and trace line */
    LineReader trace_lr;
    bool dirty;           /* the pane wants a redraw */
    double last_draw;
    bool colors_done;
    EditorRun editor;
    char *solution;       /* shown by the solution screen */
    int solution_scroll;
    char status[96];      /* the status bar's segment */
};

struct PredictView {
    const LessonStep *step; /* the step it is for */
    bool asking;            /* the question is open: it takes every key */
    char typed[24];         /* a number being typed */
    size_t n_typed;
    bool ran;               /* the step ran since the prediction */
    bool was_running;
    bool ended;             /* that run ended: the note says how it compares */
    char note[240];
};

/* ---- exercise_view.c ---- */
void practice_ui_new(App *app);
void practice_ui_free(App *app);
/* The step changed (app_goto): stops the old exercise's check and watch,
 * prepares the new one's workspace file and checks it. */
void exercise_set_step(App *app);
/* The step shown has an exercise: its pane takes the panel's place. */
bool exercise_active(const App *app);
bool exercise_passed(const App *app);
int exercise_pollfds(App *app, struct pollfd *fds, int max);
/* After poll and on every turn: output, saves, the check's end, the editor. */
void exercise_service(App *app, double now);
double exercise_wake_in(const App *app, double now);
/* The workspace file is there to edit (made again if it could not be
 * before); false when the pane says what stops it. */
bool exercise_ready(App *app);
/* A check of the learner's file now (r, the editor's end). */
void exercise_check_now(App *app, bool by_learner);
/* After the editor (opened at opened_at, monotonic): a check soon,
 * unless a save already started one. */
void exercise_after_editor(App *app, double opened_at);
/* The status bar's segment ("checking race_fix.py"), "" when idle. */
const char *exercise_status(App *app);
/* A line under the pane's output for what just happened. */
void exercise_notice(App *app, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void exercise_mark(App *app); /* redraw the pane */

/* ---- exercise_draw.c ---- */
void exercise_draw(App *app, WINDOW *win, int y, int x, int h, int w);
/* The step text's part: the file, how to work on it, the hints shown. */
void exercise_render(App *app, Doc *d, int width);

/* ---- exercise_keys.c ---- */
extern const KeyBinding exercise_keys[];
extern const KeySection exercise_key_sections[];
/* A y/N question is open: the key answers it. */
bool exercise_take_key(App *app, int key);
/* The footer's key hints for an exercise. */
void exercise_key_hints(char *buf, size_t n);

/* ---- editor.c ---- */
/* Opens path in $VISUAL, $EDITOR, nano or vi with curses suspended; false
 * (and a message) when none could start. */
bool editor_open(App *app, const char *path);
bool editor_running(const App *app);
/* Reaps the editor when it has exited and brings the screen back. */
void editor_poll(App *app);
/* At quit: waits for an editor still open (its unsaved work is the learner's). */
void editor_wait(App *app);
/* The editor's argv from $VISUAL / $EDITOR split on blanks (no shell), or
 * the next fallback (nano, then vi) at try 1, 2; NULL when there is none
 * left. Caller frees with argv_free. */
char **editor_argv(int try_no, const char *path);

/* ---- solution_view.c ---- */
/* Shows text (the solution of the current exercise; taken over) as a
 * screen. */
void solution_open(App *app, char *text);
extern const UiScreen solution_screen; /* ctx: App */

/* ---- predict.c ---- */
void predict_set_step(App *app);
/* `r` on a step with a prediction not yet made: asks it instead of running. */
bool predict_before_run(App *app, int key);
/* The question is open: every key goes to it. */
bool predict_take_key(App *app, int key);
/* After each turn: notices the run's end and sets the prediction beside it. */
void predict_service(App *app);
void predict_render(App *app, Doc *d, int width);

#endif
