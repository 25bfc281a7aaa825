/* ui/classmode/classmode_int: what the files of classmode share. */
#ifndef CORELAB_UI_CLASSMODE_INT_H
#define CORELAB_UI_CLASSMODE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "class/class.h"
#include "ui/app.h"

/* ---- options.c ---- */
typedef struct {
    UiOptions ui;            /* --lessons, --open (teach), --ascii, --no-color, --help, --version */
    const char *class_dir;   /* teach: --class DIR; follow: the DIR argument */
    bool keep_flags;         /* teach: --keep-flags (do not clear on a step change) */
    const char *summary_dir; /* teach: --summary DIR: write the class record, no UI */
    const char *out_dir;     /* teach --summary: --out DIR */
} ClassOptions;

extern const char classmode_teach_usage[];
extern const char classmode_follow_usage[];
/* 0, or 2 with one line on stderr. */
int classmode_parse(int argc, char **argv, bool teach, ClassOptions *o);
/* Parses the options; false when the command is over already (a usage
 * error, --help, --version) with its exit code in *rc. */
bool classmode_start(int argc, char **argv, bool teach, ClassOptions *o, int *rc);
/* The walker's configuration from the options, running mode on ctx. */
AppConfig classmode_app_config(const ClassOptions *o, const UiModeHooks *mode, void *ctx);
/* teach's default DIR: $CORELAB_CLASS_DIR, else ~/corelab-class. Caller frees. */
char *classmode_default_dir(void);

/* ---- summary_main.c: `corelab teach --summary DIR [--out DIR]` ---- */
int classmode_summary_main(const ClassOptions *o);

/* ---- format.c ---- */
/* "4:05", "1:02:03"; negative as 0. */
void classmode_fmt_clock(char *out, size_t cap, double seconds);
/* "3s", "2m", "1h" for "last seen". */
void classmode_fmt_ago(char *out, size_t cap, double seconds);
/* A user or lesson name made safe to draw: printable ASCII only. */
void classmode_fmt_safe(char *out, size_t cap, const char *s);

/* One line of text, blanked to w columns first (plain ASCII text). */
void classmode_line(WINDOW *win, int y, int x, int w, attr_t attr, const char *text);

/* A full screen's scroll after Up, Down (a line), PgUp or PgDn (ten),
 * never below 0; then kept so that its rows of total lines show as many as
 * they can. */
int classmode_scroll_key(int scroll, int key);
int classmode_scroll_clamp(int scroll, int total, int rows);
/* A full screen's footer on row y: the hints of keys, and "(more below)"
 * while lines are hidden under the last row. */
void classmode_keys_foot(WINDOW *win, int y, int x, int w, const KeyBinding *keys, bool more_below);
/* The rows of a key table that scroll a full screen with fn. */
#define CLASSMODE_SCROLL_KEYS(fn)                                                                 \
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .hint = "scroll", .what = "scroll", .run = fn}, \
    {.keys = {KEY_PPAGE, KEY_NPAGE}, .names = "PgUp  PgDn", .what = "a page up / down", .run = fn}

/* Colour pairs of the class screens (ui/caps.h gives them 96-127). */
enum {
    CLASS_PAIR_HELP = UI_PAIR_CLASS_BASE + 1,
    CLASS_PAIR_DONE,
    CLASS_PAIR_TITLE,
    CLASS_PAIR_BAR,
};
/* Sets them up once colour is known (idempotent). */
void classmode_init_pairs(bool color);
/* The attribute of a pair, or mono without colour. */
attr_t classmode_attr(bool color, int pair, attr_t mono);

/* ---- answers_view.c: what the class answered at the instructor's step ---- */
typedef enum { AV_NORMAL, AV_TITLE, AV_BAR, AV_RIGHT, AV_ALERT, AV_DIM } AnswersRole;

typedef struct {
    char text[256];
    AnswersRole role;
} AnswersLine;

typedef struct {
    const LessonStep *step;      /* the instructor's step; NULL: none yet */
    int step_no;                 /* 1-based */
    const char *lesson;          /* its lesson's id */
    const ClassStepStats *stats; /* class_step_stats() at that step */
    const ClassRoster *roster;   /* for who is trying (full view); may be NULL */
    bool revealed;               /* its answer is released to the class */
    double now;                  /* wall clock */
} AnswersView;

/* The lines that show it in w columns: bars per choice, a histogram with
 * the measured value marked, an exercise's passed / trying / not started;
 * full: the full screen's (choice texts, everyone trying and passed).
 * Returns how many, at most max; 0 when the step asks nothing. */
int answers_view_lines(const AnswersView *v, int w, bool full, AnswersLine *out, int max);
/* The side pane's lines, at most h of them; a cut list ends with
 * "... c: all of it". Returns rows used. */
int answers_view_draw(const AnswersView *v, WINDOW *win, int y, int x, int h, int w, bool color);
attr_t answers_role_attr(AnswersRole role, bool color);
/* A student's roster word at the instructor's exercise step: "pass",
 * "stuck", "try", or "" (not there, no exercise, not started). */
const char *answers_exercise_word(const ClassStudent *s, const char *lesson, int step_no,
                                  const LessonStep *step);

/* ---- roster_view.c: the instructor's side pane ---- */
typedef struct {
    const ClassRoster *roster; /* may be NULL before the first scan */
    const ClassPace *pace;
    int n_steps;               /* steps of the current lesson */
    int teaching_min, exercises_min;
    double now;                /* wall clock */
    bool color;
    const char *problem;       /* class_teach_problem(), or NULL */
    const char *notice;        /* what the instructor just did (the class
                                  record's path), or NULL */
    const AnswersView *answers; /* the current step's answers; NULL: none */
} RosterView;

void roster_view_draw(const RosterView *v, WINDOW *win, int y, int x, int h, int w);
/* The pacing line: "12:30 of 30 min, 2 min behind" into out. */
void roster_view_pacing(const RosterView *v, char *out, size_t cap);

/* ---- teach_mode.c and its parts: the instructor's state ---- */
#define TEACH_MEASURED_MAX CLASS_REVEAL_MAX /* steps whose measure is kept */

typedef struct {
    ClassTeach *t;
    const char *dir;
    const ClassRoster *roster;
    double next_scan;     /* app clock */
    double problem_said;  /* app clock: class_teach_problem last shown */
    int last_help;
    char status[160];
    int n_steps, teaching_min, exercises_min;
    const Lesson *lesson; /* the instructor's lesson and step (1-based) */
    int step;
    /* measured[k]: what the instructor's last run of step k's demo
     * measured (the number the class predicted); NAN: none. */
    double measured[TEACH_MEASURED_MAX + 1];
    ClassStepStats stats; /* at the instructor's step, after every scan */
    unsigned long scans;  /* scans so far: the answers screen redraws on a new one */
    unsigned long answers_drawn; /* the scan the answers screen shows */
    int answers_scroll;   /* its first line */
    char notice[400];     /* said in the side pane until notice_until (app clock) */
    double notice_until;
    double reveal_asked;  /* app clock when R asked for confirmation; 0: not asked */
    int reveal_step;      /* the step it asked about */
} TeachState;

/* teach_answers.c: the current step's statistics and the full screen. */
void teach_answers_reset(TeachState *s);   /* a new lesson: no measures */
void teach_answers_update(TeachState *s, App *app); /* after a scan, a run, a step */
void teach_answers_view(const TeachState *s, AnswersView *v);
bool teach_key_answers(void *ctx, int key); /* c: the full screen */

/* teach_actions.c: R (release, asked twice) and W (the class record). */
bool teach_key_reveal(void *ctx, int key);
bool teach_key_record(void *ctx, int key);

/* ---- follow_answers.c: the learner's practice results into the status ---- */
/* Copies what progress holds for each step of lesson l (quiz first answer
 * and whether right, prediction, exercise attempts, hints, solution, pass)
 * into s's answers (s->answers_lesson must be l's id), within the record's
 * bounds; wall: the follower's clock, the start of a first attempt. True
 * when anything changed. */
bool follow_copy_answers(ClassStatus *s, const Lesson *l, const Progress *p, double wall);

/* ---- follow_reveal.c: what the instructor released ---- */
typedef struct {
    char lesson[CLASS_NAME_MAX];   /* the lesson `announced` speaks of */
    unsigned long long announced;  /* reveal bits already said */
    char *text;                    /* what the screen shows (follow_reveal.c) */
    int scroll;                    /* its first row */
} FollowReveal;

/* After a pace: says what is newly released (where the learner is, or
 * which step). */
void follow_reveal_note(FollowReveal *r, App *app, const ClassPace *p);
/* Whether the learner's step is released (the status bar says v). */
bool follow_reveal_here(App *app, const ClassPace *p);
/* v: the released explanation or solution of the learner's step. */
void follow_reveal_open(FollowReveal *r, App *app, const ClassPace *p);
void follow_reveal_free(FollowReveal *r);
/* reveal_screen.c: the text as rows of w columns: calls row() (when not
 * NULL) for rows first..first+n-1 of it; returns how many rows it has. Paragraphs
 * start with their kind: 'T' title, 'N' text, 'R' the right answer (all
 * wrapped at spaces), 'C' code (cut into rows of w). */
int reveal_layout(const char *text, int w, int first, int n,
                  void (*row)(void *ctx, int i, char kind, const char *s, size_t len), void *ctx);

#endif
