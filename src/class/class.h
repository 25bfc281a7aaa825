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
 * NAME is the user name encoded (class_name_encode): letters, digits, '_',
 * '-' and a '.' that is not first stay; every other byte is %XX. So every
 * user name works ("a+b", ".dot"), '+' only ever separates the fallback
 * parts, and no entry of a user starts with '.' (writers' temp files do).
 *
 * Trust: a follower believes `pace` only if it is a regular file (never a
 * symlink), DIR and pace have the same owner, DIR is not writable by group
 * or others, and every directory above DIR (symlinks followed and checked
 * too) is owned by root or that owner and not writable by group or others
 * unless sticky, as OpenSSH's StrictModes: nobody else can move DIR away
 * and put another in its place. teach checks the same of its own DIR, and
 * notices (class_teach_problem) when DIR is moved or replaced later.
 *
 * The instructor reads every entry of students/ but counts a status file
 * only if its owner is the user it is named after (UID in a fallback name
 * is that uid too). A file named after a user but owned by someone else is
 * reported as a squat and never counted; the real user then writes a
 * fallback name, so they are still counted. Anything else is junk, counted
 * by owner (ClassJunk) without being read: a new entry costs one lstat,
 * once, within a budget per scan (oldest first), so thousands of planted
 * files neither hide a student nor slow the scan for long.
 *
 * A scan reads at most CLASS_SCAN_READS_MAX changed status files, those
 * that changed first first: after a step change every student rewrites at
 * once, and 200 of them are read over two scans instead of one long one.
 * Of one user's status files at most CLASS_ENTRIES_PER_USER are looked at
 * (the rest are that user's junk), and a bad one is read again only when
 * it changes: a student's own names cannot make the scan long either.
 *
 * Liveness is the heartbeat inside the record (its time and beat counter),
 * judged by the instructor's clock: a student is live while the record
 * changed within CLASS_STALE_S of the instructor seeing it change. The
 * file's mtime, which its owner can set at will, is never used.
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
#define CLASS_ENTRY_MAX (3 * CLASS_NAME_MAX + 32) /* an encoded name, +UID+HEX */
#define CLASS_PACE_MAX (64 * 1024)     /* bytes read from pace at most */
#define CLASS_STATUS_MAX (16 * 1024)   /* bytes read from a status file at most */
#define CLASS_PACE_HEARTBEAT_S 10.0    /* instructor rewrites pace this often */
#define CLASS_AWAY_S 30.0              /* pace unchanged this long: instructor away */
#define CLASS_STUDENT_HEARTBEAT_S 15.0 /* a student rewrites its file this often */
#define CLASS_STALE_S 60.0             /* no student heartbeat this long: stale */
#define CLASS_POLL_S 0.4               /* follower poll period: one stat each */
#define CLASS_SCAN_S 1.0               /* instructor's roster scan period */
#define CLASS_SCAN_NEW_MAX 1024        /* new entries of students/ examined per scan */
#define CLASS_SCAN_LOOKUPS_MAX 8       /* user-name lookups (getpwnam) per scan */
#define CLASS_SCAN_READS_MAX 100       /* changed status files read per scan */
#define CLASS_ENTRIES_PER_USER 8       /* a user's status files looked at, at most */
#define CLASS_CLOCK_SKEW_S 120.0       /* a heartbeat further ahead is not believed */
#define CLASS_STEPS_MAX 48             /* steps of a lesson a status record speaks of */
#define CLASS_REVEAL_MAX 64            /* steps 1..64 can be revealed */
#define CLASS_CHOICES_MAX 16           /* quiz and prediction choices counted */
#define CLASS_HIST_BINS 10             /* bins of a histogram of predicted numbers */
#define CLASS_STUCK_S 180.0            /* failing an exercise this long: stuck */
#define CLASS_TIME_MAX_MS 4102444800000LL /* 2100-01-01: times beyond are refused */

typedef enum { CLASS_FLAG_NONE, CLASS_FLAG_DONE, CLASS_FLAG_HELP } ClassFlag;

const char *class_flag_name(ClassFlag f);           /* "none", "done", "help" */
bool class_flag_parse(const char *s, ClassFlag *out);

/* ---- entry names (name.c) ---- */

/* The students/ entry name of a user (see the layout above); false when it
 * does not fit in cap. */
bool class_name_encode(const char *user, char *out, size_t cap);
/* The inverse for the first n bytes of enc; false for anything that is not
 * exactly what class_name_encode makes of some name (each user has one). */
bool class_name_decode(const char *enc, size_t n, char *out, size_t cap);

/* ---- records (record.c): JSON written with util/json_out, read with json-c ----
 *
 * Records: one JSON object each. Times are whole milliseconds since the
 * epoch (0 up to CLASS_TIME_MAX_MS). Readers ignore unknown keys (newer
 * writers may add some), take a missing key as its zero, and refuse a
 * record with a known key of the wrong type or out of range.
 *
 *   pace (v 1): {"v":1, "lesson":"gil", "step":3, "seq":7,
 *     "lesson_started_ms", "step_started_ms", "timer_end_ms" (0: none;
 *     else within a week of heartbeat_ms), "instructor":"name",
 *     "heartbeat_ms", "clear_flags_on_step":true, "away":false,
 *     "host":"login1", "pid":4242, "reveal":[3,7] (steps 1..64 whose
 *     explanation or solution the class may see; absent: none)}
 *
 *   status (v 2; v 1 is the same without beat and answers):
 *     {"v":2, "user", "lesson", "step", "flag":"none|done|help",
 *      "flag_seq", "quiz_score", "quiz_total", "heartbeat_ms",
 *      "beat":12 (+1 a write), "roaming":false,
 *      "answers_lesson":"gil", "answers":[ANSWER, ...]}
 *   ANSWER, steps strictly increasing, at most CLASS_STEPS_MAX, each key
 *   only when it has something to say:
 *     {"step":3, "quiz":2 (first choice, 1..16), "quiz_right":false,
 *      "predict":4.2 | "predict_choice":2, "predict_right":true,
 *      "exercise":"trying|passed", "attempts":3 (0..100000), "hints":1
 *      (0..1000), "solution":true, "tried_ms", "passed_ms",
 *      "help":true, "done":true, "seconds":95 (0..1e7)}
 *   A full record stays under CLASS_STATUS_MAX (the unit tests check). */

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
    unsigned long long reveal;   /* bit k-1: step k's explanation or solution
                                    is released to the class (steps 1..64) */
} ClassPace;

/* What a follower did on one step of its lesson: the results of the
 * practice engine (quiz, prediction, exercise) and of the class (sticky
 * notes, time). Zero means "nothing yet" throughout. */
typedef enum { CLASS_EX_NONE, CLASS_EX_TRYING, CLASS_EX_PASSED } ClassExState;

typedef struct {
    int step;              /* 1-based */
    int quiz_choice;       /* first answer, 1-based; 0: not answered */
    bool quiz_right;       /* that first answer was right */
    bool predicted;        /* a prediction was made: */
    int predict_choice;    /*   a choice, 1-based (0: a number) */
    double predict_value;  /*   or a number */
    bool predict_right;
    ClassExState exercise;
    int attempts;          /* checks run to the end */
    int hints;             /* hints shown */
    bool solution_shown;
    double tried_since;    /* first attempt (student's wall clock); 0 none */
    double passed_at;      /* first pass (student's wall clock); 0 none */
    bool help, done;       /* a sticky note was raised on this step */
    double seconds;        /* time the step was on screen */
} ClassAnswer;

typedef struct {
    char user[CLASS_NAME_MAX];
    char lesson[CLASS_NAME_MAX];
    int step;
    ClassFlag flag;
    long flag_seq;   /* the pace seq the flag was raised under */
    int quiz_score;  /* quizzes answered right / answered */
    int quiz_total;
    double heartbeat;
    long beat;       /* +1 on every write: the heartbeat the instructor sees */
    bool roaming;    /* the student roams free instead of following */
    /* Per step of answers_lesson (the class's lesson when known), sorted by
     * step, at most CLASS_STEPS_MAX. */
    char answers_lesson[CLASS_NAME_MAX];
    ClassAnswer answers[CLASS_STEPS_MAX];
    int n_answers;
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

/* ---- answers (answers.c) ---- */

/* Answers from now on speak of this lesson: a different one drops them. */
void class_status_answers_for(ClassStatus *s, const char *lesson);
/* The answer of a step, made (in step order) when missing; NULL when the
 * step is out of 1..100000 or CLASS_STEPS_MAX steps are there already. */
ClassAnswer *class_status_answer(ClassStatus *s, int step);
/* The same without making it; NULL when there is none. */
const ClassAnswer *class_status_find_answer(const ClassStatus *s, int step);
/* Time spent on a step of answers_lesson (when s is on that lesson). */
void class_status_add_time(ClassStatus *s, int step, double seconds);
/* Whether the pace releases step's explanation or solution. */
bool class_pace_revealed(const ClassPace *p, int step);
/* How long a trying student has been failing the exercise (now against the
 * first attempt); -1 when not trying. */
double class_answer_trying_s(const ClassAnswer *a, double now);

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
/* Release (or withdraw) a step's explanation or solution to the class; the
 * step is one of the current lesson, 1..CLASS_REVEAL_MAX. A new lesson
 * withdraws them all. Writes. */
int class_teach_reveal(ClassTeach *t, int step, bool on, double now, char **err);
/* Rewrite pace when the heartbeat is due, and check that DIR is still where
 * it was (its path names the directory we write in) and still trusted up
 * the path. 1 written, 0 not due, -1 error or a new problem (*err says; see
 * class_teach_problem). */
int class_teach_tick(ClassTeach *t, double now, char **err);
/* Why followers may no longer see this class (DIR moved or replaced, an
 * ancestor writable by others), or NULL. Checked by class_teach_tick. */
const char *class_teach_problem(const ClassTeach *t);
/* Open DIR only to read the roster (`teach --summary`): no directory is
 * made, pace is read but never written, a running teach is no obstacle. */
ClassTeach *class_teach_open_reader(const char *dir, double now, char **err);

/* One entry of the roster. */
typedef struct {
    ClassStatus st;       /* as the student wrote it (user = owner's name) */
    double last_seen;     /* instructor's clock: when the record last changed */
    bool stale;           /* no heartbeat for CLASS_STALE_S */
    bool flag_current;    /* the flag counts (same seq, or flags don't clear) */
    bool squatted;        /* an entry named after this user is owned by another */
    char squatter[CLASS_NAME_MAX]; /* the owner of that entry */
    double stuck_s;       /* failing the exercise of the class's step this
                             long (>= CLASS_STUCK_S: stuck); 0 otherwise */
} ClassStudent;

/* Entries of students/ that are not counted, by owner. */
typedef struct {
    char owner[CLASS_NAME_MAX];
    uid_t uid;
    size_t n;
} ClassJunk;

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
    size_t refused;       /* entries named after a user, not trusted:
                             squats, symlinks, FIFOs, unreadable records */
    size_t junk_total;    /* other entries: names of no user, stray files */
    ClassJunk *junk;      /* refused and junk entries by owner, most first */
    size_t n_junk;
    size_t unexamined;    /* entries left for later scans (over the budget) */
    size_t entries;       /* entries of students/ this scan read */
    size_t unread;        /* changed files left for the next scan (budget) */
    double scan_s;        /* how long the scan took (monotonic) */
    double scan_cpu_s;    /* the CPU time it took */
} ClassRoster;

void class_roster_free(ClassRoster *r);
/* Scan DIR/students (rereads only files whose stat changed). The roster
 * stays owned by t and is valid until the next scan. */
const ClassRoster *class_teach_scan(ClassTeach *t, double now, char **err);
/* Scans until every entry was examined (one-shot readers: a summary, a
 * test tool), however many the per-scan budgets leave for later. */
const ClassRoster *class_teach_scan_all(ClassTeach *t, double now, char **err);

/* Pure aggregation (roster.c), used by the scan and by the unit tests:
 * fills stale/flag_current/stuck_s, counts, sorts: help first, then the
 * stuck (longest first), then by step and name. */
void class_roster_finish(ClassRoster *r, const ClassPace *pace, double now);

/* ---- what the class answered (stats.c): pure, from a finished roster ---- */

typedef struct {
    double lo, hi;          /* the range the bins cover, equal widths */
    int bins;               /* bins used, <= CLASS_HIST_BINS; 0: no values */
    int count[CLASS_HIST_BINS];
    double measured;        /* NAN when none */
    int measured_bin;       /* the bin it falls in; -1 none */
} ClassHistogram;

/* Bins over the values and the measured value (NAN: none), at most bins. */
void class_histogram(const double *v, size_t n, double measured, int bins, ClassHistogram *h);

typedef struct {
    int step;
    int students;           /* live students: the base of "not started" */
    int quiz_answered, quiz_right;
    int quiz_choice[CLASS_CHOICES_MAX + 1]; /* [k]: first answers k (1-based) */
    double quiz_share_right;                /* right / answered; NAN: none */
    int predicted, predict_right;
    int predict_choice[CLASS_CHOICES_MAX + 1];
    double predict_share_right;             /* NAN: none */
    ClassHistogram predict_hist;            /* predicted numbers */
    int ex_passed, ex_trying, ex_none;
    char stuck_user[CLASS_NAME_MAX];        /* trying longest; "" none */
    double stuck_s;                         /* for how long */
    int helped, done;       /* sticky notes raised on this step */
    double seconds_mean;    /* time on the step, among those who saw it */
} ClassStepStats;

/* What the live students (with_stale: all students, as the class record
 * counts them) whose answers speak of lesson did at step; measured: the
 * demo's value a numeric prediction is compared with (NAN none); now: the
 * instructor's wall clock. */
void class_step_stats(const ClassRoster *r, const char *lesson, int step, double measured,
                      double now, bool with_stale, ClassStepStats *out);

/* ---- the class record (summary.c): `corelab teach --summary DIR` ---- */

/* One row per student and step, and the whole as JSON (students with their
 * answers, and each step's ClassStepStats). Caller frees. */
char *class_summary_csv(const ClassRoster *r, const ClassPace *pace, double now);
char *class_summary_json(const ClassRoster *r, const ClassPace *pace, const char *class_dir,
                         double now);
/* Write both (0600) into out_dir, which must not be DIR or inside it; the
 * paths written come back (caller frees). */
int class_summary_write(const ClassRoster *r, const ClassPace *pace, const char *class_dir,
                        const char *out_dir, double now, char **csv_path, char **json_path,
                        char **err);

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
/* Whether class_follow_tick would write now. */
bool class_follow_heartbeat_due(const ClassFollow *f, double now);
/* Rewrite the status when the heartbeat is due: 1 written, 0 not due, -1. */
int class_follow_tick(ClassFollow *f, ClassStatus *s, double now, char **err);
/* The students/ entry name this follower writes ("" before the first write). */
const char *class_follow_entry_name(const ClassFollow *f);
/* Counters for the benchmark: stat-like calls and pace reads so far. */
unsigned long class_follow_stat_calls(const ClassFollow *f);
unsigned long class_follow_reads(const ClassFollow *f);

#endif
