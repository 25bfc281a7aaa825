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

/* ---- roster_view.c: the instructor's side pane ---- */
typedef struct {
    const ClassRoster *roster; /* may be NULL before the first scan */
    const ClassPace *pace;
    int n_steps;               /* steps of the current lesson */
    int teaching_min, exercises_min;
    double now;                /* wall clock */
    bool color;
    const char *problem;       /* class_teach_problem(), or NULL */
} RosterView;

void roster_view_draw(const RosterView *v, WINDOW *win, int y, int x, int h, int w);
/* The pacing line: "12:30 of 30 min, 2 min behind" into out. */
void roster_view_pacing(const RosterView *v, char *out, size_t cap);

#endif
