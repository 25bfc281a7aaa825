/* ui/classmode/follow_mode: `corelab follow DIR`: the walker that jumps to
 * the instructor's step (within one poll, CLASS_POLL_S), roams free with
 * `f` (or by moving on one's own) and snaps back with `.`, raises the done
 * and help sticky notes with `d` and `h`, and says in the status bar how far
 * behind or ahead it is, whether the instructor is away, and the exercise
 * timer. The learner's quiz answers, predictions and exercise attempts go
 * into the status record (follow_answers.c); what the instructor releases
 * is said and shown with `v` (follow_reveal.c). */
#include "ui/classmode/classmode.h"
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

typedef struct {
    ClassFollow *f;
    const char *dir;
    ClassStatus st;
    long seq;             /* last pace seq acted on; -1 none */
    bool roaming;
    bool jumping;         /* our own app_goto: not the user roaming */
    bool away;            /* shown as away */
    bool missing_lesson;  /* the instructor's lesson is not in our set */
    bool dirty_status;    /* write the status file at the next tick */
    bool run_passed;      /* the current step's run had passed at the last tick */
    double next_write_try; /* after a failed write (app clock) */
    double next_poll;     /* app clock */
    double shown_since;   /* app clock: the current step is on screen since */
    size_t lesson_i, step_i; /* where we are (app indices) */
    FollowReveal reveal;  /* what the instructor released */
    char status[200];
    char *error;
} FollowState;

static void fail(FollowState *s, App *app, char *err)
{
    free(s->error);
    s->error = err;
    app_quit(app, 1);
}

/* Our position against the instructor's: steps ahead (>0) or behind (<0);
 * false when on another lesson. */
static bool offset(FollowState *s, App *app, int *diff)
{
    const ClassPace *p = class_follow_pace(s->f);
    if (!p || !p->lesson[0])
        return false;
    const LessonSet *set = app_lessons(app);
    size_t li = app_lesson_index(app);
    if (li >= set->n || strcmp(set->lessons[li]->id, p->lesson) != 0)
        return false;
    *diff = (int)app_step_index(app) + 1 - p->step;
    return true;
}

static void jump_to_instructor(FollowState *s, App *app)
{
    const ClassPace *p = class_follow_pace(s->f);
    if (!p || !p->lesson[0] || p->step < 1)
        return;
    s->jumping = true;
    bool ok = app_goto_id(app, p->lesson, (size_t)p->step - 1);
    s->jumping = false;
    if (!ok && !s->missing_lesson) {
        char id[CLASS_NAME_MAX];
        classmode_fmt_safe(id, sizeof id, p->lesson);
        app_message(app, 8, "the instructor is on lesson '%s', which you do not have", id);
    }
    s->missing_lesson = !ok;
}

/* Time on the step shown so far goes to its answer (class record). */
static void note_time(FollowState *s)
{
    double now = now_monotonic();
    if (s->shown_since > 0 && s->st.step > 0)
        class_status_add_time(&s->st, s->st.step, now - s->shown_since);
    s->shown_since = now;
}

static void follow_step_changed(void *ctx, App *app, const Lesson *lesson, size_t step)
{
    FollowState *s = ctx;
    note_time(s);
    snprintf(s->st.lesson, sizeof s->st.lesson, "%s", lesson->id);
    s->st.step = (int)step + 1;
    s->dirty_status = true;
    s->run_passed = false;
    int diff;
    /* Only a move after we first followed is the learner's own: the app
     * opening its first lesson (before our first tick) is not, or a late
     * joiner would start roaming on step 1. */
    bool own_move = !s->jumping && s->seq >= 0;
    if (own_move && !s->roaming && class_follow_pace(s->f) && offset(s, app, &diff) && diff != 0) {
        s->roaming = true;
        app_message(app, 4, "roaming free: press . to follow the instructor again");
    } else if (own_move && s->roaming && offset(s, app, &diff) && diff == 0) {
        s->roaming = false; /* walked back onto the instructor's step */
    }
    s->st.roaming = s->roaming;
    app_redraw_status(app);
}

static const char *follow_status(void *ctx, App *app)
{
    FollowState *s = ctx;
    const ClassPace *p = class_follow_pace(s->f);
    StrBuf b;
    strbuf_init(&b);
    char who[CLASS_NAME_MAX];
    classmode_fmt_safe(who, sizeof who, class_follow_instructor(s->f));
    int diff = 0;
    if (!p)
        strbuf_addf(&b, "waiting for the instructor to start the class");
    else if (s->away)
        strbuf_addf(&b, "instructor away: you stay here");
    else if (!offset(s, app, &diff))
        strbuf_addf(&b, "%s: %s (. to follow)", s->roaming ? "roaming" : "following", who);
    else if (diff == 0)
        strbuf_addf(&b, "%s %s", s->roaming ? "roaming, with" : "following", who);
    else
        strbuf_addf(&b, "%s: %d step%s %s %s (. to follow)", s->roaming ? "roaming" : "following",
                    abs(diff), abs(diff) == 1 ? "" : "s", diff < 0 ? "behind" : "ahead of", who);
    if (s->st.flag == CLASS_FLAG_DONE)
        strbuf_adds(&b, "  [done]");
    else if (s->st.flag == CLASS_FLAG_HELP)
        strbuf_adds(&b, "  [help asked]");
    if (p && follow_reveal_here(app, p))
        strbuf_adds(&b, "  [v: answer released]");
    double left = class_follow_timer_left(s->f, now_monotonic());
    if (left >= 0) {
        char clock[16];
        classmode_fmt_clock(clock, sizeof clock, left);
        strbuf_addf(&b, left > 0 ? "  exercise %s" : "  exercise time is up", clock);
    }
    snprintf(s->status, sizeof s->status, "%s", b.data ? b.data : "");
    strbuf_free(&b);
    return s->status;
}

/* A new step from the instructor: clear flags of an older step, follow. */
static void on_new_pace(FollowState *s, App *app)
{
    const ClassPace *p = class_follow_pace(s->f);
    class_status_on_pace(&s->st, p);
    if (p->lesson[0]) /* answers speak of the class's lesson */
        class_status_answers_for(&s->st, p->lesson);
    s->seq = p->seq;
    if (!s->roaming)
        jump_to_instructor(s, app);
    s->dirty_status = true;
}

/* A `run` step or an exercise that passes sets done by itself; quiz
 * answers count, and every answer of the class's lesson goes into the
 * status record. */
static void note_progress(FollowState *s, App *app)
{
    int li = lesson_set_index(app_lessons(app), s->st.answers_lesson);
    if (li >= 0 && follow_copy_answers(&s->st, app_lessons(app)->lessons[li], app_progress(app), now_wall()))
        s->dirty_status = true;
    bool passed = app_run_passed(app);
    if (passed && !s->run_passed && s->st.flag != CLASS_FLAG_DONE) {
        class_status_set_flag(&s->st, CLASS_FLAG_DONE, class_follow_pace(s->f));
        s->dirty_status = true;
        app_message(app, 4, "it passed: marked done");
    }
    s->run_passed = passed;
    int right, answered;
    app_quiz_score(app, &right, &answered);
    if (right != s->st.quiz_score || answered != s->st.quiz_total) {
        s->st.quiz_score = right;
        s->st.quiz_total = answered;
        s->dirty_status = true;
    }
}

/* Our status file: now when something changed, else on the heartbeat. A
 * failed write (a full quota, a file server hiccup) is shown and retried,
 * not fatal. */
static void write_status(FollowState *s, App *app, double now)
{
    char *err = NULL;
    int rc = 0;
    if (now < s->next_write_try)
        return;
    if (s->dirty_status || class_follow_heartbeat_due(s->f, now_wall()))
        note_time(s);
    if (s->dirty_status && class_follow_pace(s->f)) {
        rc = class_follow_write_status(s->f, &s->st, now_wall(), &err);
        if (rc == 0)
            s->dirty_status = false;
    } else {
        rc = class_follow_tick(s->f, &s->st, now_wall(), &err);
    }
    if (rc < 0) {
        app_message(app, 8, "%s", err);
        free(err);
        s->next_write_try = now + 5.0;
    }
}

static void follow_tick(void *ctx, App *app, double now)
{
    FollowState *s = ctx;
    char *err = NULL;
    /* The follower's clock for pace timing is the app's monotonic one. */
    ClassPollResult r = class_follow_poll(s->f, now, &err);
    if (r == CLASS_POLL_ERROR) {
        fail(s, app, err);
        return;
    }
    bool had_pace = s->seq >= 0;
    /* Not only on CHANGED: opening the class already read the first pace. */
    const ClassPace *p = class_follow_pace(s->f);
    if (p && p->seq != s->seq)
        on_new_pace(s, app);
    if (!had_pace && s->seq >= 0)
        app_message(app, 4, "the instructor is here: following");
    follow_reveal_note(&s->reveal, app, p);
    bool away = class_follow_instructor_away(s->f, now);
    if (away != s->away) {
        s->away = away;
        if (away)
            app_message(app, 8, "instructor away: you stay on this step");
        else if (!s->roaming) {
            app_message(app, 4, "the instructor is back: following");
            jump_to_instructor(s, app);
        }
    }
    note_progress(s, app);
    write_status(s, app, now);
    s->next_poll = now + CLASS_POLL_S;
    app_redraw_status(app); /* cheap: the status bar only; the timer counts */
}

static double follow_wake_in(void *ctx, double now)
{
    FollowState *s = ctx;
    double t = s->next_poll - now;
    return t < 0 ? 0 : t;
}

static void set_flag(FollowState *s, App *app, ClassFlag f)
{
    ClassFlag now = s->st.flag == f ? CLASS_FLAG_NONE : f;
    class_status_set_flag(&s->st, now, class_follow_pace(s->f));
    s->dirty_status = true;
    s->next_poll = 0; /* write it at once */
    if (now == CLASS_FLAG_HELP)
        app_message(app, 4, "help asked: the instructor sees it (h again to take it back)");
    else if (now == CLASS_FLAG_DONE)
        app_message(app, 4, "marked done (d again to take it back)");
    else
        app_message(app, 3, "note taken back");
    app_redraw_status(app);
}

/* ---- keys (ctx: UiKeyCtx) ---- */

/* Roaming or following, as the instructor's roster shows it. */
static void set_roaming(FollowState *s, bool roaming)
{
    s->roaming = roaming;
    s->st.roaming = roaming;
    s->dirty_status = true;
}

static bool key_roam(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    set_roaming(k->ctx, true);
    app_message(k->app, 4, "roaming free: press . to follow the instructor again");
    app_redraw_status(k->app);
    return true;
}

static bool key_snap_back(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    FollowState *s = k->ctx;
    set_roaming(s, false);
    if (!class_follow_pace(s->f))
        app_message(k->app, 4, "the instructor has not started yet");
    jump_to_instructor(s, k->app);
    app_redraw_status(k->app);
    return true;
}

static bool key_flag(void *ctx, int key)
{
    UiKeyCtx *k = ctx;
    set_flag(k->ctx, k->app, key == 'd' ? CLASS_FLAG_DONE : CLASS_FLAG_HELP);
    return true;
}

static bool key_reveal(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    FollowState *s = k->ctx;
    follow_reveal_open(&s->reveal, k->app, class_follow_pace(s->f));
    return true;
}

static const KeyBinding follow_keys[] = {
    {.keys = {'f'}, .names = "f", .what = "roam free (moving on your own does too)", .run = key_roam},
    {.keys = {'.'}, .names = ".", .what = "back to the instructor's step", .run = key_snap_back},
    {.keys = {'d'}, .names = "d", .what = "done: a note the instructor counts (again: take back)",
     .run = key_flag},
    {.keys = {'h'}, .names = "h", .what = "help: ask the instructor (again: take back)", .run = key_flag},
    {.keys = {'v'}, .names = "v", .what = "what the instructor released: the answer and why, or the solution",
     .run = key_reveal},
    {.names = NULL},
};

const KeySection classmode_follow_keys[] = {
    {"Following a class (corelab follow)", follow_keys},
    {0},
};

static const UiModeHooks follow_hooks = {
    .name = "follow", .keys = classmode_follow_keys, .status_text = follow_status,
    .on_step_changed = follow_step_changed, .on_tick = follow_tick, .wake_in = follow_wake_in,
};

int classmode_follow_main(int argc, char **argv)
{
    ClassOptions o;
    int rc;
    if (!classmode_start(argc, argv, false, &o, &rc))
        return rc;
    FollowState s = {.dir = o.class_dir, .seq = -1};
    char *err = NULL;
    /* Refusals come before the terminal is touched: one line, exit 1. */
    s.f = class_follow_open(o.class_dir, now_monotonic(), &err);
    if (!s.f) {
        fprintf(stderr, "corelab follow: %s\n", err);
        free(err);
        return 1;
    }
    AppConfig cfg = classmode_app_config(&o, &follow_hooks, &s);
    cfg.save_progress = false; /* the instructor's path is not the student's own */
    rc = ui_run_with_jupyter(&cfg);
    class_follow_close(s.f);
    follow_reveal_free(&s.reveal);
    if (s.error) {
        fprintf(stderr, "corelab follow: %s\n", s.error);
        free(s.error);
    }
    return rc;
}
