/* class/: the shared class directory behind `corelab teach` and
 * `corelab follow`. No UI here: the ui/classmode code drives these calls.
 *
 * Layout (DESIGN.md "Class"):
 *
 *   DIR/             owned by the instructor, 0755
 *   DIR/pace         the instructor's pace record (JSON), replaced atomically
 *                    (temp file in DIR + rename) on every change and every
 *                    CLASS_PACE_HEARTBEAT_S seconds
 *   DIR/students/    1733: anyone may create, only the instructor may list
 *   DIR/students/NAME          one student's status record (JSON, 0644)
 *   DIR/students/NAME+UID      fallback when NAME is squatted by someone else
 *   DIR/students/NAME+UID+HEX  fallback when that is squatted too
 *
 * Trust: a follower believes `pace` only if it is a regular file (never a
 * symlink), DIR and pace have the same owner, and DIR is not writable by
 * group or others. The instructor counts a status file only if its owner is
 * the user it is named after (getpwnam(NAME)->pw_uid == st_uid, and UID in a
 * fallback name is that uid too). A file named after a user but owned by
 * someone else is reported as a squat and never counted; the real user then
 * writes a fallback name, so they are still counted.
 *
 * Nothing here follows a symlink, every read is bounded, and a FIFO or
 * device planted in students/ is skipped without blocking. All times are
 * seconds passed in by the caller (so tests inject a clock): wall-clock for
 * the instructor; for a follower any one clock, used consistently.
 *
 * Cost for the file server: a follower stats pace once per CLASS_POLL_S and
 * reads it only when it changed (the instructor rewrites it on a step change
 * and every CLASS_PACE_HEARTBEAT_S); it writes its own status on a change
 * and every CLASS_STUDENT_HEARTBEAT_S. On NFS the client's attribute cache
 * (acregmin, 3 s by default) can delay a step by that much; a class file
 * system mounted with actimeo=1 keeps it near the poll period. */
#ifndef CORELAB_CLASS_H
#define CORELAB_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CLASS_NAME_MAX 64              /* lesson ids, user names */
#define CLASS_PACE_MAX (64 * 1024)     /* bytes read from pace at most */
#define CLASS_STATUS_MAX (4 * 1024)    /* bytes read from a status file at most */
#define CLASS_PACE_HEARTBEAT_S 10.0    /* instructor rewrites pace this often */
#define CLASS_AWAY_S 30.0              /* pace unchanged this long: instructor away */
#define CLASS_STUDENT_HEARTBEAT_S 15.0 /* a student rewrites its file this often */
#define CLASS_STALE_S 60.0             /* no student heartbeat this long: stale */
#define CLASS_POLL_S 0.4               /* follower poll period: one stat each */
#define CLASS_SCAN_S 1.0               /* instructor's roster scan period */
#define CLASS_MAX_STUDENTS 1024        /* entries of students/ looked at, at most */

typedef enum { CLASS_FLAG_NONE, CLASS_FLAG_DONE, CLASS_FLAG_HELP } ClassFlag;

const char *class_flag_name(ClassFlag f);           /* "none", "done", "help" */
bool class_flag_parse(const char *s, ClassFlag *out);

/* ---- records (record.c): JSON written with util/json_out, read with json-c ---- */

typedef struct {
    char lesson[CLASS_NAME_MAX]; /* lesson id; "" before one is open */
    int step;                    /* 1-based, as the status bar shows it */
    long seq;                    /* +1 on every step/lesson change */
    double lesson_started;       /* when this lesson was opened */
    double step_started;         /* when this step was set */
    double timer_end;            /* exercise timer end; 0: no timer */
    char instructor[CLASS_NAME_MAX]; /* as written; trust the file owner instead */
    double heartbeat;            /* when this record was written */
    bool clear_flags_on_step;    /* followers drop done/help on a new seq */
    bool away;                   /* the instructor quit cleanly */
    char host[CLASS_NAME_MAX];   /* where that teach runs, and its pid: */
    long pid;                    /* a second teach on DIR checks them */
} ClassPace;

typedef struct {
    char user[CLASS_NAME_MAX];
    char lesson[CLASS_NAME_MAX];
    int step;
    ClassFlag flag;
    long flag_seq;   /* the pace seq the flag was raised under */
    int quiz_score;  /* quizzes answered right / answered */
    int quiz_total;
    double heartbeat;
    bool roaming;    /* the student roams free instead of following */
} ClassStatus;

/* Serialize: caller frees. */
char *class_pace_to_json(const ClassPace *p);
char *class_status_to_json(const ClassStatus *s);
/* Parse (json-c); -1 on anything malformed, with *err a static reason. */
int class_pace_from_json(const char *text, size_t len, ClassPace *out, const char **err);
int class_status_from_json(const char *text, size_t len, ClassStatus *out, const char **err);

/* Student-side flag rules (record.c). Raise or toggle a flag under the
 * current pace (flag_seq = pace seq). */
void class_status_set_flag(ClassStatus *s, ClassFlag f, const ClassPace *pace);
/* After a new pace: drop a flag raised under an older seq when the class
 * clears flags on step changes. True when s changed. */
bool class_status_on_pace(ClassStatus *s, const ClassPace *pace);

/* ---- instructor (teach.c, scan.c) ---- */

typedef struct ClassTeach ClassTeach;

/* Create or reuse DIR (0755, ours, not writable by group/others) and
 * DIR/students (1733). Refuses a DIR owned by someone else, writable by
 * group/others, or that is a symlink. NULL with *err (caller frees). */
ClassTeach *class_teach_open(const char *dir, bool clear_flags_on_step, double now, char **err);
/* Mark pace `away` (followers keep their step and show a notice), free. */
void class_teach_close(ClassTeach *t, double now);
/* Free without touching pace (error paths, one-shot tools). */
void class_teach_free(ClassTeach *t);
const ClassPace *class_teach_pace(const ClassTeach *t);
/* Move the class: a new lesson resets lesson_started; bumps seq; writes. */
int class_teach_set_step(ClassTeach *t, const char *lesson, int step, double now, char **err);
/* Exercise timer: seconds from now; 0 stops it. Writes. */
int class_teach_set_timer(ClassTeach *t, double seconds, double now, char **err);
/* Rewrite pace when the heartbeat is due. 1 written, 0 not due, -1 error. */
int class_teach_tick(ClassTeach *t, double now, char **err);

/* One entry of the roster. */
typedef struct {
    ClassStatus st;       /* as the student wrote it (user = owner's name) */
    double last_seen;     /* the file's mtime */
    bool stale;           /* no heartbeat for CLASS_STALE_S */
    bool flag_current;    /* the flag counts (same seq, or flags don't clear) */
    bool squatted;        /* an entry named after this user is owned by another */
    char squatter[CLASS_NAME_MAX]; /* the owner of that entry */
} ClassStudent;

typedef struct {
    char name[CLASS_NAME_MAX];  /* the user the entry is named after */
    char owner[CLASS_NAME_MAX]; /* who really owns it */
} ClassSquat;

typedef struct {
    ClassStudent *items;  /* sorted: help first, then by step, then name */
    size_t n;
    int done, help;       /* live students with a current flag */
    int live, stale;
    ClassSquat *squats;   /* entries named after one user, owned by another */
    size_t n_squats;
    size_t refused;       /* entries not counted: squats, symlinks, junk */
    double scan_s;        /* how long the scan took (monotonic) */
} ClassRoster;

void class_roster_free(ClassRoster *r);
/* Scan DIR/students (rereads only files whose stat changed). The roster
 * stays owned by t and is valid until the next scan. */
const ClassRoster *class_teach_scan(ClassTeach *t, double now, char **err);

/* Pure aggregation (roster.c), used by the scan and by the unit tests:
 * fills stale/flag_current, counts, sorts. */
void class_roster_finish(ClassRoster *r, const ClassPace *pace, double now);

/* ---- follower (follow.c) ---- */

typedef struct ClassFollow ClassFollow;

typedef enum {
    CLASS_POLL_SAME,     /* nothing new */
    CLASS_POLL_CHANGED,  /* a new pace record was read (see class_follow_pace) */
    CLASS_POLL_WAITING,  /* no pace yet: the instructor has not started */
    CLASS_POLL_ERROR,    /* refused or unreadable: *err says why */
} ClassPollResult;

/* Opens DIR for following. A missing DIR or pace is fine (the follower
 * waits); a DIR or pace that fails the trust checks is refused: NULL with
 * *err (caller frees). */
ClassFollow *class_follow_open(const char *dir, double now, char **err);
void class_follow_close(ClassFollow *f);
/* One stat of DIR/pace; reads and checks it only when it changed. */
ClassPollResult class_follow_poll(ClassFollow *f, double now, char **err);
/* The last trusted pace, or NULL before one was read. */
const ClassPace *class_follow_pace(const ClassFollow *f);
/* The owner of DIR and pace: the instructor as the file system says. */
const char *class_follow_instructor(const ClassFollow *f);
/* True when pace says away or has not changed for CLASS_AWAY_S. */
bool class_follow_instructor_away(const ClassFollow *f, double now);
/* Exercise timer seconds left (measured with the follower's clock from when
 * it read pace, so clocks of different login nodes need not agree); <0: none. */
double class_follow_timer_left(const ClassFollow *f, double now);
/* Write this student's status file (atomic; fallback name when squatted).
 * s->user and s->heartbeat are filled in here. */
int class_follow_write_status(ClassFollow *f, ClassStatus *s, double now, char **err);
/* Rewrite the status when the heartbeat is due: 1 written, 0 not due, -1. */
int class_follow_tick(ClassFollow *f, ClassStatus *s, double now, char **err);
/* The students/ entry name this follower writes ("" before the first write). */
const char *class_follow_entry_name(const ClassFollow *f);
/* Counters for the benchmark: stat-like calls and pace reads so far. */
unsigned long class_follow_stat_calls(const ClassFollow *f);
unsigned long class_follow_reads(const ClassFollow *f);

#endif
